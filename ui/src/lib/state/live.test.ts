// A live list and messages sent later: a change to a waiting message (its event carries no
// time) is read again from the service; new scheduled messages count as new, reschedules not.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Message, MessageUpdate } from '../api/types';
import { start } from './app.svelte';
import { LiveList } from './live.svelte';

const scheduled: Message = {
  id: 'm1',
  whatsapp_id: 'w1',
  to: '+59171234567',
  content: { type: 'text', text: 'hola' },
  status: 'scheduled',
  attempts: 0,
  created_at: 1,
  updated_at: 1,
  send_at: 9_000,
  revision: 1,
  status_times: { scheduled: 1 },
};

function setup(stored: () => Message) {
  let push: (e: LiveEvent) => void = () => {};
  const message = vi.fn(async () => stored());
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    capabilities: () => new Promise(() => {}),
    version: () => new Promise(() => {}),
    messages: async () => ({ items: [scheduled] }),
    message,
  } as unknown as Backend;
  start(b);
  const update = (u: Partial<MessageUpdate>) =>
    push({
      type: 'message',
      update: { id: 'm1', whatsapp_id: 'w1', status: 'scheduled', attempts: 0, at: 5, revision: 2, ...u },
    });
  return { message, update };
}

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('LiveList and scheduled messages', () => {
  it('reads a rescheduled message again, and keeps the newest copy', async () => {
    let now: Message = {
      ...scheduled,
      send_at: 20_000,
      content: { type: 'text', text: 'chau' },
      revision: 2,
    };
    const { message, update } = setup(() => now);
    const list = new LiveList({ watchNew: true });
    const stop = list.follow();
    await list.load({});
    update({ revision: 2 });
    await vi.waitFor(() => expect(list.items[0]?.send_at).toBe(20_000));
    expect(list.items[0]?.content).toEqual({ type: 'text', text: 'chau' });
    expect(message).toHaveBeenCalledWith('m1');

    // Old news is not read again; an answer older than the copy is not kept.
    update({ revision: 2 });
    await settled();
    expect(message).toHaveBeenCalledTimes(1);
    list.replace({ ...scheduled, revision: 1 });
    expect(list.items[0]?.send_at).toBe(20_000);

    // Going out needs no read: the status says it all.
    now = { ...now, status: 'sending', revision: 3 };
    update({ status: 'sending', revision: 3, attempts: 1 });
    expect(list.items[0]?.status).toBe('sending');
    await settled();
    expect(message).toHaveBeenCalledTimes(1);
    stop();
  });

  it('counts a message scheduled elsewhere as new, but not a reschedule of one not shown', async () => {
    const { update } = setup(() => scheduled);
    const list = new LiveList({ watchNew: true });
    const stop = list.follow();
    await list.load({});
    update({ id: 'other', revision: 1 });
    update({ id: 'another', revision: 4 });
    expect(list.fresh).toBe(1);
    stop();
  });
});
