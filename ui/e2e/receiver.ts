// A tiny webhook receiver for the suites: an HTTP server on 127.0.0.1 (any free port) that
// keeps every request it gets and answers with the status the test sets (200 at first).
// Waiting for a request goes by deadlines (expect.poll), never by fixed sleeps.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as JSON (the service always sends JSON). */
  body: { type?: string; [k: string]: unknown };
}

export interface Receiver {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  hits: Hit[];
  /** The status to answer from now on, for every path or for one. */
  answer(status: number, path?: string): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hits: Hit[] = [];
  let status = 200;
  const byPath = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      let body: Hit['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Hit['body'];
      } catch {
        // Kept as empty: the test looks at what it needs.
      }
      hits.push({ path, headers: req.headers, body });
      res.writeHead(byPath.get(path) ?? status, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    answer: (s, path) => (path === undefined ? (status = s) : byPath.set(path, s)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
