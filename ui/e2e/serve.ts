// Starts a throwaway `mostrador serve` (own data dir, any free port) and reads its key, or
// uses a running one given by MOSTRADOR_URL + MOSTRADOR_KEY (e.g. the demo).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Server {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  key: string;
  /** Stops the service (as a crash or a restart would), keeping its data and port. */
  pause: () => Promise<void>;
  /** Starts it again on the same port and data. */
  resume: () => Promise<void>;
  stop: () => Promise<void>;
}

const repo = resolve(import.meta.dirname, '..', '..');

/** MOSTRADOR_BIN, else the debug build in CARGO_TARGET_DIR or the repo's target/. */
export function binary(): string {
  const candidates = [
    process.env.MOSTRADOR_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'debug', 'mostrador'),
    join(repo, 'target', 'debug', 'mostrador'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no mostrador binary (tried ${candidates.join(', ')}); run cargo build -p mostrador or set MOSTRADOR_BIN`,
    );
  }
  return found;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `extraArgs` go to `serve` after the defaults (`--engine none`), so they can override it. */
export async function startServer(extraArgs: string[] = []): Promise<Server> {
  if (process.env.MOSTRADOR_URL && process.env.MOSTRADOR_KEY) {
    const none = async () => {
      throw new Error('cannot stop a server this harness did not start');
    };
    return {
      url: process.env.MOSTRADOR_URL.replace(/\/$/, ''),
      key: process.env.MOSTRADOR_KEY,
      stop: async () => {},
      pause: none,
      resume: none,
    };
  }
  const bin = binary();
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-e2e-'));
  const common = ['--secrets', 'file', '--data-dir', dataDir];
  const portFile = join(dataDir, 'api.port');

  let child: ChildProcess | null = null;
  const launch = async (port: string) => {
    const args = ['serve', ...common, '--engine', 'none', '--port', port];
    args.push('--ui-dir', join(repo, 'ui', 'dist'), ...extraArgs);
    const c = spawn(bin, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'warn' },
    });
    let log = '';
    let exited = false;
    c.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    c.on('exit', () => (exited = true));
    child = c;
    return waitFor('api.port', () => {
      if (exited) throw new Error(`mostrador serve stopped:\n${log}`);
      return existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() || undefined : undefined;
    });
  };
  const halt = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await gone;
  };

  const port = await launch('0');
  const key = execFileSync(bin, ['api-key', ...common], { encoding: 'utf8' }).trim();
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    pause: halt,
    resume: async () => {
      await launch(port);
    },
    stop: async () => {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
