// The log's received view: paged, new ones offered (not pushed in), seen ones changed in place
// together with that customer's earlier ones, as the service says.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Received } from '../api/types';
import { ReceivedList } from './received.svelte';

const rx = (p: Partial<Received>): Received => ({
  id: 'r',
  whatsapp_id: 'w',
  from: '+59171234567',
  kind: 'text',
  at: 1,
  received_at: 1,
  read: false,
  ...p,
});

describe('ReceivedList', () => {
  it('pages, counts new ones, and shows seen ones as the service has them', async () => {
    let push: (e: LiveEvent) => void = () => {};
    const list = vi.fn(async (q: { cursor?: string }) =>
      q.cursor
        ? { items: [rx({ id: 'a', at: 10 })] }
        : { items: [rx({ id: 'c', at: 30 }), rx({ id: 'b', at: 20 })], next_cursor: 'p2' },
    );
    const get = vi.fn(async (id: string) => rx({ id, at: id === 'b' ? 20 : 10, read: true }));
    const b = {
      inbox: { list, get },
      subscribe: (l: (e: LiveEvent) => void) => {
        push = l;
        return () => {};
      },
    } as unknown as Backend;
    const r = new ReceivedList(() => b);
    const stop = r.follow();
    await r.load({ unread: false });
    await r.more();
    expect(r.items.map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(r.nextCursor).toBeUndefined();
    push({ type: 'received', received: rx({ id: 'd', at: 40 }) });
    expect(r.fresh).toBe(1);
    expect(r.items).toHaveLength(3);
    // "c" seen: the same customer's earlier ones were marked too; read from the service.
    push({ type: 'received', received: rx({ id: 'c', at: 30, read: true }) });
    await vi.waitFor(() => expect(r.items.map((x) => x.read)).toEqual([true, true, true]));
    expect(get.mock.calls.map((c) => c[0]).sort()).toEqual(['a', 'b']);
    stop();
  });
});
