// Live state: status updates pushed before a send's answer still reach the message; each
// linked number's session kept apart, the header following the one "Send from" names.
import { describe, expect, it } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Profile } from '../api/profiles';
import type { Message, QrCode, SessionInfo } from '../api/types';
import {
  app,
  catchUp,
  learnProfiles,
  learnSession,
  manyProfiles,
  qrOf,
  requestProfile,
  selected,
  sessionOf,
  start,
} from './app.svelte';
import { prefs } from './prefs.svelte';

function fakeBackend(list: () => Profile[] = () => []) {
  let push: (e: LiveEvent) => void = () => {};
  let reads = 0;
  const b = {
    profiles: {
      list: async () => {
        reads++;
        return list();
      },
    },
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
  return { b, push: (e: LiveEvent) => push(e), reads: () => reads };
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
    expect(sessionOf()?.phone).toBe('+59170000001');

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
    expect(sessionOf()?.state).toBe('pairing');
    expect(qrOf()?.code).toBe('c1');
    // An answer as new as what is shown, or newer, applies.
    learnSession(at('connected', 12));
    expect(sessionOf()?.state).toBe('connected');
    // Pushed, anything applies in order; leaving pairing forgets the code.
    push({ type: 'session', session: at('connecting', 12) });
    expect(sessionOf()?.state).toBe('connecting');
    expect(qrOf()).toBeNull();
  });
});

describe('sessions per linked number', () => {
  const of = (profile: string, state: SessionInfo['state'], since: number, phone?: string): SessionInfo => ({
    state,
    since,
    actions: [],
    profile,
    ...(phone ? { phone } : {}),
  });
  const profile = (id: string, name: string, session: SessionInfo): Profile => ({
    id,
    name,
    color: '#2e7d32',
    default: id === 'default',
    created_at: 1,
    session,
  });

  it('keeps each profile’s session and code apart; the header follows "Send from"', async () => {
    prefs.profile = '';
    let listed = [
      profile('default', 'Principal', of('default', 'connected', 1, '+59170000001')),
      profile('p2', 'Entregas', of('p2', 'connecting', 1)),
    ];
    const { b, push, reads } = fakeBackend(() => listed);
    start(b);
    await Promise.resolve();
    await Promise.resolve();
    expect(manyProfiles()).toBe(true);
    // The stream opens with one event per profile: p2's must not overwrite the main number's.
    push({ type: 'session', session: of('default', 'connected', 20, '+59170000001') });
    push({ type: 'session', session: of('p2', 'pairing', 21) });
    push({ type: 'qr', qr: { code: 'p2-code', expires_at: 99, profile: 'p2' } });
    expect(selected()).toBe('default');
    expect(sessionOf()?.state).toBe('connected');
    expect(sessionOf('p2')?.state).toBe('pairing');
    expect(qrOf()).toBeNull();
    expect(qrOf('p2')?.code).toBe('p2-code');
    expect(requestProfile()).toBeUndefined();

    // Chosen in the switcher: the header and the requests follow it.
    prefs.profile = 'p2';
    expect(sessionOf()?.state).toBe('pairing');
    expect(requestProfile()).toBe('p2');

    // p2 linked: its code is forgotten, the main number's session untouched.
    push({ type: 'session', session: of('p2', 'connected', 22, '+59170000001') });
    expect(qrOf('p2')).toBeNull();
    expect(sessionOf('default')?.since).toBe(20);

    // Removed elsewhere: a `profiles` event re-reads the list; "Send from" falls back.
    listed = listed.slice(0, 1);
    const before = reads();
    push({ type: 'profiles', id: 'p2' });
    await expect.poll(() => app.profiles.length).toBe(1);
    expect(reads()).toBe(before + 1);
    expect(selected()).toBe('default');
    expect(sessionOf('p2')).toBeNull();
    expect(manyProfiles()).toBe(false);
    prefs.profile = '';
  });

  it('takes a session without `profile` (a service before profiles) as the main number’s', () => {
    learnSession({ state: 'logged_out', since: 1_000, actions: ['relink'] }, true);
    expect(sessionOf('default')?.state).toBe('logged_out');
  });

  it('lets a listed session (an answer) not undo a newer push', () => {
    learnSession(of('p3', 'connected', 50), true);
    learnProfiles([
      profile('default', 'Principal', of('default', 'connected', 1)),
      profile('p3', 'Caja 2', of('p3', 'connecting', 40)),
    ]);
    expect(sessionOf('p3')?.state).toBe('connected');
  });
});
