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
  /** What the service wrote on stderr so far (empty for a server this harness did not start). */
  log: () => string;
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

/** SIGTERM, then SIGKILL if it has not gone in `graceMs`; resolves once it has exited. */
export async function terminate(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(hard);
}

/** Kills `child` if this process ends first (a worker torn down hard must not leave it behind). */
export function reap(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  return () => process.off('exit', kill);
}

// Generous: a debug build starting on a busy CI machine.
async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `extraArgs` go to `serve` after the defaults; `--engine none` is a default only when they
 * name no engine (clap refuses a flag given twice).
 */
export async function startServer(
  extraArgs: string[] = [],
  { own = false }: { /** Start one even when MOSTRADOR_URL names a running server. */ own?: boolean } = {},
): Promise<Server> {
  if (!own && process.env.MOSTRADOR_URL && process.env.MOSTRADOR_KEY) {
    const none = async () => {
      throw new Error('cannot stop a server this harness did not start');
    };
    return {
      url: process.env.MOSTRADOR_URL.replace(/\/$/, ''),
      key: process.env.MOSTRADOR_KEY,
      stop: async () => {},
      pause: none,
      resume: none,
      log: () => '',
    };
  }
  const bin = binary();
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-e2e-'));
  const common = ['--secrets', 'file', '--data-dir', dataDir];
  const portFile = join(dataDir, 'api.port');

  let child: ChildProcess | null = null;
  let written = '';
  const launch = async (port: string) => {
    const engine = extraArgs.includes('--engine') ? [] : ['--engine', 'none'];
    const args = ['serve', ...common, ...engine, '--port', port];
    args.push('--ui-dir', join(repo, 'ui', 'dist'), ...extraArgs);
    const c = spawn(bin, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'warn' },
    });
    const from = written.length;
    let exited = false;
    c.stderr?.on('data', (d: Buffer) => (written += d.toString()));
    const unreap = reap(c);
    c.on('exit', () => {
      exited = true;
      unreap();
    });
    child = c;
    return waitFor('api.port', () => {
      if (exited) throw new Error(`mostrador serve stopped:\n${written.slice(from)}`);
      return existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() || undefined : undefined;
    });
  };
  const halt = async () => {
    const c = child;
    child = null;
    if (c) await terminate(c);
  };

  const port = await launch('0');
  // (stderr kept out of the report: it only warns that secrets are in a file, as asked.)
  const key = execFileSync(bin, ['api-key', ...common], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
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
    log: () => written,
  };
}
