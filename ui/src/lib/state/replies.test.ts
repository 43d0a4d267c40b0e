// Replies' state against a fake backend: the unread count read at start and moved by events
// (an event told twice counts once; a seen one has the service count again), replies loaded
// per message and kept by events, marking seen (one per customer), and Answer's number.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, Inbox, LiveEvent } from '../api/backend';
import type { Page, Received } from '../api/types';
import {
  answer,
  answering,
  followReplies,
  loadReplies,
  markSeen,
  replies,
  repliesTo,
  takeAnswer,
  unreadTo,
} from './replies.svelte';

const base: Received = {
  id: 'r1',
  whatsapp_id: 'w1',
  from: '+59171234567',
  kind: 'text',
  text: 'hola',
  at: 10,
  received_at: 10,
  in_reply_to: 'm1',
  read: false,
};
const rx = (p: Partial<Received>): Received => ({ ...base, ...p });

function setup(inbox: Partial<Inbox> = {}, unread = 2) {
  let push: (e: LiveEvent) => void = () => {};
  const fake = {
    list: vi.fn(async (): Promise<Page<Received>> => ({ items: [] })),
    get: vi.fn(async (id: string) => rx({ id })),
    replies: vi.fn(async (): Promise<Page<Received>> => ({ items: [] })),
    markRead: vi.fn(async (id: string) => rx({ id, read: true })),
    unreadCount: vi.fn(async () => unread),
    mediaUrl: vi.fn(async () => 'blob:x'),
    ...inbox,
  };
  const b = {
    inbox: fake,
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    capabilities: async () => ({ received: true }),
  } as unknown as Backend;
  const stop = followReplies(b);
  return { fake, stop, push: (e: LiveEvent) => push(e) };
}

describe('replies state', () => {
  it('reads the unread count at start and counts each new reply once', async () => {
    const { fake, push, stop } = setup();
    await vi.waitFor(() => expect(replies.unread).toBe(2));
    push({ type: 'received', received: rx({ id: 'r9' }) });
    push({ type: 'received', received: rx({ id: 'r9' }) });
    expect(replies.unread).toBe(3);
    expect(fake.unreadCount).toHaveBeenCalledTimes(1);
    stop();
  });

  it('has the service count again when one was seen (here or elsewhere), and after a resync', async () => {
    let n = 5;
    const { fake, push, stop } = setup({ unreadCount: vi.fn(async () => n) });
    await vi.waitFor(() => expect(replies.unread).toBe(5));
    n = 1;
    push({ type: 'received', received: rx({ id: 'r1', read: true }) });
    await vi.waitFor(() => expect(replies.unread).toBe(1));
    n = 0;
    push({ type: 'resync' });
    await vi.waitFor(() => expect(replies.unread).toBe(0));
    expect(fake.unreadCount).toHaveBeenCalledTimes(3);
    stop();
  });

  it('loads a message’s replies once, and puts new ones on top as they arrive', async () => {
    const { fake, push, stop } = setup({
      replies: vi.fn(async () => ({ items: [rx({ id: 'r1', at: 10 })] })),
    });
    await Promise.all([loadReplies('m1'), loadReplies('m1')]);
    await loadReplies('m1');
    expect(fake.replies).toHaveBeenCalledTimes(1);
    push({ type: 'received', received: rx({ id: 'r2', at: 20 }) });
    // Another message's reply, not loaded here: not shown under m1.
    push({ type: 'received', received: rx({ id: 'r3', at: 30, in_reply_to: 'm2' }) });
    expect(repliesTo('m1').map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(unreadTo('m1')).toBe(2);
    // The newest seen elsewhere (the POS): the service marked the earlier one too, which is
    // read again from it.
    push({ type: 'received', received: rx({ id: 'r2', at: 20, read: true }) });
    expect(unreadTo('m1')).toBe(1);
    await vi.waitFor(() => expect(fake.replies).toHaveBeenCalledTimes(2));
    stop();
  });

  it('marks seen the newest unread reply of each customer, then reads the replies again', async () => {
    let stored = [
      rx({ id: 'r2', at: 20 }),
      rx({ id: 'r1', at: 10 }),
      rx({ id: 'r0', at: 5, from: '+59170000000' }),
    ];
    const { fake, stop } = setup({ replies: vi.fn(async () => ({ items: stored })) });
    await loadReplies('m1');
    stored = stored.map((r) => ({ ...r, read: true }));
    await markSeen(repliesTo('m1'));
    expect(
      vi
        .mocked(fake.markRead)
        .mock.calls.map((c) => c[0])
        .sort(),
    ).toEqual(['r0', 'r2']);
    await vi.waitFor(() => expect(unreadTo('m1')).toBe(0));
    stop();
  });

  it('Answer hands the customer’s number to the Send screen, once', () => {
    answer(rx({ from: '+59176543210', group: '1203@g.us' }));
    expect(answering.to).toBe('+59176543210');
    expect(takeAnswer()).toBe('+59176543210');
    expect(takeAnswer()).toBeNull();
  });
});
