// Fixtures for suites that run the UI against the real WhatsApp engine: per worker, the
// project's fake WhatsApp network (`fake-whatsapp`: a shop phone, customers, groups) and a
// `demo` build of `mostrador serve` linked to it with `--demo-phone`. Both are stopped when the
// worker ends. Readiness is awaited on events (the fake's ready line, the api.port file), never
// on fixed sleeps. These suites always start their own (MOSTRADOR_URL and MOSTRADOR_SERVE_ARGS
// are for the others). Binaries: FAKE_WHATSAPP_BIN / MOSTRADOR_BIN, else `debug/` in
// CARGO_TARGET_DIR or the repo's target/ (`cargo build -p mostrador --features demo -p fake-whatsapp`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Api, test as harness, expect } from './harness';
import { reap, type Server, startServer, terminate } from './serve';

/** The shop's own WhatsApp account: the fake network's phone. */
export const SHOP = '59170000001';
/** Customers on WhatsApp (as `fake-whatsapp --contacts` takes them, without `+`). */
export const CUSTOMERS = ['59171234567', '59172345678', '59173456789'] as const;
export const GROUPS = {
  staff: { name: 'Personal de la tienda', members: [CUSTOMERS[0], CUSTOMERS[1]] },
  regulars: { name: 'Clientes frecuentes', members: [...CUSTOMERS] },
} as const;

/** One message as a fake contact decrypted it (`GET /admin/received`). */
export interface Received {
  id: string;
  group: string | null;
  kind: string;
  text: string | null;
  caption: string | null;
  file_name: string | null;
  mime_type: string | null;
  media_sha256: string | null;
  media_len: number | null;
  media_error: string | null;
}

export interface FakeNetwork {
  wsUrl: string;
  adminUrl: string;
  /** The admin API (JSON); throws with the fake's `{error}` on a non-2xx answer. */
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** What `phone` has received so far, oldest first. */
  received(phone: string): Promise<Received[]>;
  /** What the fake wrote on stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

const repo = resolve(import.meta.dirname, '..', '..');

function binary(name: string, env: string | undefined): string {
  const candidates = [
    env,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'debug', name),
    join(repo, 'target', 'debug', name),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no ${name} binary (tried ${candidates.join(', ')}); ` +
        'run cargo build -p mostrador --features demo -p fake-whatsapp',
    );
  }
  return found;
}

export async function startFakeNetwork(): Promise<FakeNetwork> {
  const args = ['--phone', SHOP, '--contacts', CUSTOMERS.join(',')];
  for (const g of Object.values(GROUPS)) args.push('--group', `${g.name}:${g.members.join(',')}`);
  const child = spawn(binary('fake-whatsapp', process.env.FAKE_WHATSAPP_BIN), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.FAKE_WHATSAPP_LOG ?? 'warn' },
  });
  const unreap = reap(child);
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));

  // It prints one JSON line with its URLs once it listens.
  const ready = await new Promise<{ ws_url: string; admin_url: string }>((ok, fail) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout?.off('data', onData);
      try {
        ok(JSON.parse(out.slice(0, nl)));
      } catch (e) {
        fail(new Error(`fake-whatsapp's ready line is not JSON: ${out.slice(0, nl)} (${e})`));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`fake-whatsapp stopped (${code}) before it was ready:\n${log}`)),
    );
    child.once('error', fail);
  });
  // Nothing more is read from stdout; keep the pipe drained.
  child.stdout?.resume();

  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${ready.admin_url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`fake-whatsapp ${method} ${path}: ${res.status} ${json.error ?? ''}`);
    return json;
  };
  return {
    wsUrl: ready.ws_url,
    adminUrl: ready.admin_url,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    received: async (phone) =>
      (await call<{ messages: Received[] }>('GET', `/admin/received?phone=${phone}`)).messages,
    log: () => log,
    stop: async () => {
      await terminate(child);
      unreap();
    },
  };
}

interface NetworkFixtures {
  /** Attaches both processes' logs to a test that failed. */
  logsOnFailure: void;
}

/**
 * The harness's fixtures (`open`, `api`), with `server` a demo build linked to `network`.
 * The session starts unlinked: the engine connects and shows a QR until the phone scans it.
 */
export const test = harness.extend<NetworkFixtures, { network: FakeNetwork; server: Server }>({
  network: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const network = await startFakeNetwork();
      try {
        await use(network);
      } finally {
        await network.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  server: [
    async ({ network }, use) => {
      const server = await startServer(
        [
          '--engine',
          'whatsapp',
          '--wa-url',
          network.wsUrl,
          '--demo-phone',
          network.adminUrl,
          '--pacing-ms',
          '0',
          '--jitter-ms',
          '0',
        ],
        { own: true },
      );
      try {
        const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as {
          data: { demo?: boolean };
        };
        if (health.data.demo !== true) {
          throw new Error(
            'the mostrador binary is not a demo build: cargo build -p mostrador --features demo',
          );
        }
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  logsOnFailure: [
    async ({ network, server }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('mostrador.log', { body: server.log(), contentType: 'text/plain' });
        await testInfo.attach('fake-whatsapp.log', { body: network.log(), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

/**
 * Links the shop's account if it is not (the fake phone scans the QR the service shows), waits
 * until it is connected, and has customers' phones confirm delivery (not reading) from then on.
 */
export async function linkedShop(api: Api, network: FakeNetwork): Promise<void> {
  await network.post('/admin/auto-receipts', { delivered: true, read: false });
  await expect
    .poll(
      async () => {
        const s = await api.get<{ state: string }>('/session');
        if (s.state === 'pairing') await api.post('/demo/scan').catch(() => {});
        return s.state;
      },
      { timeout: 60_000 },
    )
    .toBe('connected');
}

export { expect };
