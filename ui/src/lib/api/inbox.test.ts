// The inbox over both transports: REST paths and query strings, the browser's own unread count
// (pages of unread ones), the desktop commands and their arguments, and the `received` event.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { receivedParams } from './inbox';
import { parseLiveEvent } from './live';
import { TauriBackend } from './tauri';
import type { Received } from './types';

const R: Received = {
  id: 'r1',
  whatsapp_id: 'w1',
  from: '+59171234567',
  push_name: 'Ana',
  kind: 'text',
  text: '¿a qué hora abren?',
  at: 10,
  received_at: 11,
  in_reply_to: 'm1',
  read: false,
};

const ok = (data: unknown) => new Response(JSON.stringify({ success: true, data }), { status: 200 });

function http(answer: (url: string, method: string) => unknown) {
  const calls: { url: string; method: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    calls.push({ url, method });
    return ok(answer(url, method));
  }) as typeof fetch;
  const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
  return { b, calls };
}

afterEach(() => vi.unstubAllGlobals());

describe('receivedParams', () => {
  it('names the service’s parameters and leaves out the empty ones', () => {
    expect(
      receivedParams({ from: ' 71234567 ', unread: true, replyTo: 'm1', cursor: 'c', limit: 20 }),
    ).toEqual({
      from: '71234567',
      unread: true,
      reply_to: 'm1',
      cursor: 'c',
      limit: 20,
    });
    expect(receivedParams({ from: ' ', unread: false })).toEqual({});
  });
});

describe('HttpBackend inbox', () => {
  it('lists, reads one, lists a message’s replies and marks one seen', async () => {
    const { b, calls } = http(() => ({ items: [R] }));
    await b.inbox.list({ unread: true, from: '+59171234567' });
    await b.inbox.get('r1');
    await b.inbox.replies('m 1');
    await b.inbox.markRead('r1');
    expect(calls.map((c) => `${c.method} ${c.url.replace('http://127.0.0.1:3107/api/v1', '')}`)).toEqual([
      'GET /received?from=%2B59171234567&unread=true',
      'GET /received/r1',
      'GET /messages/m%201/replies',
      'POST /received/r1/read',
    ]);
  });

  it('asks the service for the unread count', async () => {
    const { b, calls } = http(() => ({ unread: 3 }));
    expect(await b.inbox.unreadCount()).toBe(3);
    expect(calls.map((c) => c.url.replace('http://127.0.0.1:3107/api/v1', ''))).toEqual(['/received/unread']);
  });
});

describe('TauriBackend inbox', () => {
  it('calls the desktop commands with the service’s parameters', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          if (cmd === 'unread_count') return 4;
          if (cmd === 'received_list') return { items: [R] };
          return R;
        },
        transformCallback: () => 0,
      },
    });
    const b = new TauriBackend();
    await b.inbox.list({ unread: true });
    await b.inbox.replies('m1');
    await b.inbox.markRead('r1');
    expect(await b.inbox.unreadCount()).toBe(4);
    expect(calls).toEqual([
      { cmd: 'received_list', args: { query: { unread: true } } },
      { cmd: 'received_list', args: { query: { reply_to: 'm1' } } },
      { cmd: 'mark_received_read', args: { id: 'r1' } },
      { cmd: 'unread_count', args: undefined },
    ]);
  });
});

describe('the received event', () => {
  it('carries what the customer wrote, without the type tag', () => {
    expect(parseLiveEvent('received', JSON.stringify({ type: 'received', ...R }))).toEqual({
      type: 'received',
      received: R,
    });
    expect(parseLiveEvent('received', '{"type":"received"}')).toBeNull();
  });
});
