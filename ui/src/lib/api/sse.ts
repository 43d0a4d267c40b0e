// Server-Sent Events over fetch (EventSource cannot send the API key header), with reconnects.

export interface SseMessage {
  event: string;
  data: string;
}

/** Incremental text/event-stream parser: feed it chunks, get whole events back. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    // A line ends at \r\n, \n or \r; a trailing \r may be half of a \r\n still to come.
    const lines = this.buffer.split(/\r\n|\n|\r(?!$)/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) {
          out.push({ event: this.event || 'message', data: this.data.join('\n') });
        }
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

export interface StreamOptions {
  /** Opens the stream (a fetch with the key header). */
  open: (signal: AbortSignal) => Promise<Response>;
  onMessage: (m: SseMessage) => void;
  /** The stream came up (`true`, with `again` after a drop) or went down. */
  onLink: (up: boolean, again: boolean) => void;
  /** An answer that retrying will not fix (e.g. 401): the stream stops. */
  onFatal: (res: Response) => void;
  /** Waits before reconnecting, by consecutive failure. */
  delays?: number[];
  /** No bytes for this long (the server sends keep-alives every 15 s): reconnect. */
  idleMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_DELAYS = [500, 1000, 2000, 5000, 10000];

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Keeps one event stream open until the returned function is called. */
export function keepStreaming(opts: StreamOptions): () => void {
  const stop = new AbortController();
  const delays = opts.delays ?? DEFAULT_DELAYS;
  const sleep = opts.sleep ?? abortableSleep;
  const idleMs = opts.idleMs ?? 45_000;

  void (async () => {
    let failures = 0;
    let everUp = false;
    let up: boolean | null = null;
    const setUp = (next: boolean) => {
      if (next === up) return;
      up = next;
      opts.onLink(next, next && everUp);
      if (next) everUp = true;
    };
    while (!stop.signal.aborted) {
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      stop.signal.addEventListener('abort', abortAttempt);
      let idle: ReturnType<typeof setTimeout> | undefined;
      const touch = () => {
        clearTimeout(idle);
        idle = setTimeout(abortAttempt, idleMs);
      };
      try {
        touch();
        const res = await opts.open(attempt.signal);
        if (res.status === 401 || res.status === 403) {
          opts.onFatal(res);
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        failures = 0;
        setUp(true);
        const parser = new SseParser();
        const decoder = new TextDecoder();
        const reader = res.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          touch();
          for (const m of parser.push(decoder.decode(value, { stream: true }))) opts.onMessage(m);
        }
      } catch {
        // Dropped, refused or idle: fall through to the reconnect below.
      } finally {
        clearTimeout(idle);
        stop.signal.removeEventListener('abort', abortAttempt);
      }
      if (stop.signal.aborted) return;
      setUp(false);
      const wait = delays[Math.min(failures, delays.length - 1)] ?? 1000;
      failures += 1;
      await sleep(wait, stop.signal);
    }
  })();

  return () => stop.abort();
}
