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
    return {
      url: process.env.MOSTRADOR_URL.replace(/\/$/, ''),
      key: process.env.MOSTRADOR_KEY,
      stop: async () => {},
    };
  }
  const bin = binary();
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-e2e-'));
  const common = ['--secrets', 'file', '--data-dir', dataDir];
  const args = [
    'serve',
    ...common,
    '--engine',
    'none',
    '--port',
    '0',
    '--ui-dir',
    join(repo, 'ui', 'dist'),
    ...extraArgs,
  ];
  const child: ChildProcess = spawn(bin, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const port = await waitFor('api.port', () => {
    if (exited) throw new Error(`mostrador serve stopped:\n${log}`);
    const f = join(dataDir, 'api.port');
    return existsSync(f) ? readFileSync(f, 'utf8').trim() || undefined : undefined;
  });
  const key = execFileSync(bin, ['api-key', ...common], { encoding: 'utf8' }).trim();
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
