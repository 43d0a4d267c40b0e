// The webhooks in the UI: read at start when the service has them, moved along by `webhook`
// events and the list read after each (a removal arrives as `enabled: false`; a health change's
// copy may predate its save), a read older than an event read again, and what this window adds,
// changes or removes shown at once.
import { describe, expect, it } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Webhook } from '../api/types';
import {
  addWebhook,
  changeWebhook,
  failingHooks,
  followWebhooks,
  hooks,
  removeWebhook,
} from './webhooks.svelte';

const hook = (over: Partial<Webhook> = {}): Webhook => ({
  id: 'wh_1',
  url: 'https://pos.example/h',
  events: ['*'],
  enabled: true,
  health: 'ok',
  created_at: 1,
  updated_at: 1,
  ...over,
});

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A backend whose list reads wait until the test answers them. */
function fakeService(webhooks = true) {
  let push: (e: LiveEvent) => void = () => {};
  const reads: ((l: Webhook[]) => void)[] = [];
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    capabilities: async () => ({ webhooks }),
    webhooks: () => new Promise<Webhook[]>((r) => reads.push(r)),
    createWebhook: async () => ({ webhook: hook({ id: 'wh_new' }), secret: 'whsec_s' }),
    changeWebhook: async (id: string) => hook({ id, enabled: false }),
    deleteWebhook: async () => {},
  } as unknown as Backend;
  const answer = (i: number, list: Webhook[]) => {
    const read = reads[i];
    if (!read) throw new Error(`read ${i} was not asked`);
    read(list);
  };
  return { b, reads, answer, push: (e: LiveEvent) => push(e) };
}

describe('followWebhooks', () => {
  it('reads the list, shows each event at once, and confirms it by reading the list', async () => {
    const s = fakeService();
    const stop = followWebhooks(s.b);
    await flush();
    expect(s.reads).toHaveLength(1);
    s.answer(0, [hook({ id: 'a' }), hook({ id: 'b' })]);
    await flush();
    expect(hooks.loaded).toBe(true);
    expect(hooks.list.map((w) => w.id)).toEqual(['a', 'b']);

    s.push({ type: 'webhook', webhook: hook({ id: 'b', health: 'failing', failing_since: 9 }) });
    expect(failingHooks().map((w) => w.id)).toEqual(['b']);
    expect(s.reads).toHaveLength(2);
    s.answer(1, [hook({ id: 'a' }), hook({ id: 'b', health: 'failing', failing_since: 9 })]);
    await flush();

    // An event's copy may be older than what the service saved: the list read after it wins.
    s.push({ type: 'webhook', webhook: hook({ id: 'b' }) });
    expect(s.reads).toHaveLength(3);
    s.answer(2, [hook({ id: 'a' }), hook({ id: 'b', health: 'failing', failing_since: 9 })]);
    await flush();
    expect(failingHooks().map((w) => w.id)).toEqual(['b']);

    // Removed elsewhere: the event says only "off"; the list read again says it is gone.
    s.push({ type: 'webhook', webhook: hook({ id: 'a', enabled: false }) });
    expect(s.reads).toHaveLength(4);
    s.answer(3, [hook({ id: 'b', health: 'failing', failing_since: 9 })]);
    await flush();
    expect(hooks.list.map((w) => w.id)).toEqual(['b']);

    s.push({ type: 'resync' });
    expect(s.reads).toHaveLength(5);
    s.answer(4, []);
    await flush();
    expect(hooks.list).toEqual([]);
    stop();
  });

  it('reads again when an event came while reading', async () => {
    const s = fakeService();
    const stop = followWebhooks(s.b);
    await flush();
    s.push({ type: 'webhook', webhook: hook({ id: 'x', health: 'failing' }) });
    s.answer(0, [hook({ id: 'x' })]);
    await flush();
    // The answer may predate the event: not kept, asked again.
    expect(s.reads).toHaveLength(2);
    expect(hooks.list[0]?.health).toBe('failing');
    s.answer(1, [hook({ id: 'x', health: 'failing' })]);
    await flush();
    expect(hooks.list.map((w) => w.health)).toEqual(['failing']);
    stop();
  });

  it('asks nothing of a service without webhooks', async () => {
    const s = fakeService(false);
    const stop = followWebhooks(s.b);
    await flush();
    expect(s.reads).toHaveLength(0);
    stop();
  });
});

describe('changes from this window', () => {
  it('lists what it adds and changes, and drops what it removes for good', async () => {
    const s = fakeService(false);
    const stop = followWebhooks(s.b);
    hooks.list = [hook({ id: 'wh_old' })];
    const created = await addWebhook(s.b, { url: 'https://pos.example/h' });
    expect(created.secret).toBe('whsec_s');
    expect(hooks.list.map((w) => w.id)).toEqual(['wh_old', 'wh_new']);
    await changeWebhook(s.b, 'wh_old', { enabled: false });
    expect(hooks.list[0]?.enabled).toBe(false);
    await removeWebhook(s.b, 'wh_old');
    expect(hooks.list.map((w) => w.id)).toEqual(['wh_new']);
    // Its last event (removed: `enabled: false`) does not bring it back.
    s.push({ type: 'webhook', webhook: hook({ id: 'wh_old', enabled: false }) });
    expect(hooks.list.map((w) => w.id)).toEqual(['wh_new']);
    stop();
  });
});
