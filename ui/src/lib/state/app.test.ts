// Live state: status updates pushed before a send's answer still reach the message.
import { describe, expect, it } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Message } from '../api/types';
import { app, catchUp, start } from './app.svelte';

function fakeBackend() {
  let push: (e: LiveEvent) => void = () => {};
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    capabilities: async () => ({
      settings: false,
      rotateKey: false,
      media: false,
      updates: false,
      demo: false,
      desktop: false,
      batches: false,
      webhooks: false,
    }),
    version: async () => '9.9.9',
  } as unknown as Backend;
  return { b, push: (e: LiveEvent) => push(e) };
}

const queued: Message = {
  id: 'm1',
  whatsapp_id: 'w1',
  to: '+59171234567',
  content: { type: 'text', text: 'hola' },
  status: 'queued',
  attempts: 0,
  created_at: 1,
  updated_at: 1,
  revision: 1,
  status_times: { queued: 1 },
};

describe('app state', () => {
  it('tracks the link and the session, and replays early updates onto a late answer', async () => {
    const { b, push } = fakeBackend();
    start(b);
    push({ type: 'link', up: true });
    push({
      type: 'session',
      session: { state: 'connected', phone: '+59170000001', since: 5, actions: ['logout'] },
    });
    expect(app.link).toBe('up');
    expect(app.session?.phone).toBe('+59170000001');

    // The dispatcher was faster than the HTTP answer.
    const at = Date.now();
    push({
      type: 'message',
      update: { id: 'm1', whatsapp_id: 'w1', status: 'sent', attempts: 1, at, revision: 3 },
    });
    push({
      type: 'message',
      update: { id: 'm1', whatsapp_id: 'w1', status: 'delivered', attempts: 1, at: at + 1, revision: 4 },
    });
    // The send's answer (revision 1) arrives after them all: the pushed revisions are newer.
    const shown = catchUp(queued);
    expect(shown.status).toBe('delivered');
    expect(shown.revision).toBe(4);
    expect(shown.status_times).toMatchObject({ queued: 1, sent: at, delivered: at + 1 });
    // An answer already newer than what was pushed keeps its own news.
    expect(catchUp({ ...queued, status: 'read', revision: 5 }).status).toBe('read');
    expect(catchUp({ ...queued, id: 'other' }).status).toBe('queued');
    await Promise.resolve();
    expect(app.version).toBe('9.9.9');
  });
});
