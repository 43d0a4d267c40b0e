// Live state: status updates pushed before a send's answer still reach the message.
import { describe, expect, it } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Message, QrCode, SessionInfo } from '../api/types';
import { app, catchUp, learnSession, start } from './app.svelte';

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

describe('the session', () => {
  const at = (state: SessionInfo['state'], since: number): SessionInfo => ({ state, since, actions: [] });

  it('keeps what was pushed when an older answer to a request arrives after it', () => {
    const { b, push } = fakeBackend();
    start(b);
    // A relink: its events ("connecting", then "pairing" with a code) overtake its answer.
    push({ type: 'session', session: at('connecting', 10) });
    push({ type: 'qr', qr: { code: 'c1', expires_at: 99 } as QrCode });
    push({ type: 'session', session: at('pairing', 11) });
    learnSession(at('connecting', 10));
    expect(app.session?.state).toBe('pairing');
    expect(app.qr?.code).toBe('c1');
    // An answer as new as what is shown, or newer, applies.
    learnSession(at('connected', 12));
    expect(app.session?.state).toBe('connected');
    // Pushed, anything applies in order; leaving pairing forgets the code.
    push({ type: 'session', session: at('connecting', 12) });
    expect(app.session?.state).toBe('connecting');
    expect(app.qr).toBeNull();
  });
});
