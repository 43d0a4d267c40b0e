// What customers wrote (`/received`) over both transports: REST for a browser, the desktop
// app's commands over IPC. Each backend holds one of these as its `inbox`.

import type { Inbox, ReceivedQuery } from './backend';
import { readEnvelope } from './envelope';
import { invoke } from './ipc';
import type { Received } from './types';

/** The service's list parameters (`from`, `unread`, `reply_to`, `profile`, `cursor`, `limit`). */
export function receivedParams(q: ReceivedQuery = {}): Record<string, string | number | boolean> {
  const p: Record<string, string | number | boolean> = {};
  if (q.from?.trim()) p.from = q.from.trim();
  if (q.unread) p.unread = true;
  if (q.replyTo) p.reply_to = q.replyTo;
  if (q.profile) p.profile = q.profile;
  if (q.cursor) p.cursor = q.cursor;
  if (q.limit) p.limit = q.limit;
  return p;
}

function queryString(params: Record<string, string | number | boolean>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) p.set(k, String(v));
  const qs = p.toString();
  return qs ? `?${qs}` : '';
}

/** Over REST: `raw` sends an authorised request to a path under `/api/v1`. */
export function httpInbox(raw: (method: string, path: string) => Promise<Response>): Inbox {
  const call = async <T>(method: string, path: string): Promise<T> =>
    readEnvelope<T>(await raw(method, path));
  const id = encodeURIComponent;
  return {
    list: (q) => call('GET', `/received${queryString(receivedParams(q))}`),
    get: (r) => call('GET', `/received/${id(r)}`),
    replies: (m, cursor) =>
      call('GET', `/messages/${id(m)}/replies${queryString(receivedParams({ cursor }))}`),
    markRead: (r) => call('POST', `/received/${id(r)}/read`),
    unreadCount: async () => (await call<{ unread: number }>('GET', '/received/unread')).unread,
    async mediaUrl(r) {
      const res = await raw('GET', `/received/${id(r)}/media`);
      if (!res.ok) await readEnvelope(res);
      return URL.createObjectURL(await res.blob());
    },
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/received.rs). */
export function tauriInbox(): Inbox {
  return {
    list: (q) => invoke('received_list', { query: receivedParams(q) }),
    get: (id) => invoke('received', { id }),
    replies: (m, cursor) => invoke('received_list', { query: receivedParams({ replyTo: m, cursor }) }),
    markRead: (id) => invoke('mark_received_read', { id }),
    unreadCount: () => invoke('unread_count'),
    /** The bytes come untyped; the received message says what they are. */
    async mediaUrl(id) {
      const [bytes, r] = await Promise.all([
        invoke<ArrayBuffer | number[]>('received_media', { id }),
        invoke<Received>('received', { id }),
      ]);
      const data = bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
      return URL.createObjectURL(new Blob([data], { type: r.mime_type ?? '' }));
    },
  };
}

/** A file's bytes as base64, for the desktop app's commands. */
export async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // In slices: one call with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
