// SSE over fetch: parsing chunks, and a stream that reconnects and reports its link.
import { describe, expect, it } from 'vitest';
import { keepStreaming, SseParser } from './sse';

describe('SseParser', () => {
  it('parses named events split across chunks, skipping comments', () => {
    const p = new SseParser();
    expect(p.push('event: session\nda')).toEqual([]);
    expect(p.push('ta: {"a":1}\n\n:keep-alive\n\n')).toEqual([{ event: 'session', data: '{"a":1}' }]);
    expect(p.push('data: x\r\ndata: y\r\n\r\n')).toEqual([{ event: 'message', data: 'x\ny' }]);
  });

  it('reads a settings event as the service writes it', () => {
    const p = new SseParser();
    const data =
      '{"type":"settings","default_country":"MX","pacing_ms":1000,"jitter_ms":500,"max_attempts":5}';
    expect(p.push(`event: settings\ndata: ${data}\n\n`)).toEqual([{ event: 'settings', data }]);
  });

  it('waits for the \\n after a trailing \\r', () => {
    const p = new SseParser();
    expect(p.push('event: qr\r')).toEqual([]);
    expect(p.push('\ndata: 1\n\n')).toEqual([{ event: 'qr', data: '1' }]);
  });
});

function streamOf(chunks: string[], close = true): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
      if (close) c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('keepStreaming', () => {
  it('reports down, reconnects, and says when it is back up again', async () => {
    const answers: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('refused')),
      async () => streamOf(['event: session\ndata: 1\n\n']),
      async () => streamOf(['event: session\ndata: 2\n\n'], false),
    ];
    const links: string[] = [];
    const data: string[] = [];
    const waits: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const stop = keepStreaming({
      open: () => (answers.shift() ?? (() => new Promise<Response>(() => {})))(),
      onMessage: (m) => {
        data.push(m.data);
        if (m.data === '2') done();
      },
      onLink: (up, again) => links.push(`${up}${again ? '+again' : ''}`),
      onFatal: () => {},
      delays: [5, 10],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await finished;
    stop();
    expect(data).toEqual(['1', '2']);
    expect(links).toEqual(['false', 'true', 'false', 'true+again']);
    expect(waits).toEqual([5, 5]);
  });

  it('stops on 401 and tells why', async () => {
    let fatal = 0;
    let opened = 0;
    await new Promise<void>((resolve) => {
      keepStreaming({
        open: async () => {
          opened++;
          return new Response('{}', { status: 401 });
        },
        onMessage: () => {},
        onLink: () => {},
        onFatal: (res) => {
          fatal = res.status;
          resolve();
        },
      });
    });
    expect(fatal).toBe(401);
    expect(opened).toBe(1);
  });
});
