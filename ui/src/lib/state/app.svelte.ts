// The app's shared live state: the backend, the link to it, the linked numbers (profiles) and
// each one's WhatsApp session, events.

import type { Backend, Capabilities, LiveEvent, UpdateInfo } from '../api/backend';
import { MAIN_PROFILE, type Profile } from '../api/profiles';
import type { BatchUpdate, Message, MessageUpdate, QrCode, SessionInfo } from '../api/types';
import { applyUpdate } from '../status';
import { prefs } from './prefs.svelte';

export const app = $state({
  /** No key yet, or the key was refused. */
  needKey: false,
  keyRefused: false,
  /** The event stream to the service: unknown until the first answer. */
  link: 'unknown' as 'unknown' | 'up' | 'down',
  /** Each linked number's session, by profile id (one `session` event per profile). */
  sessions: {} as Record<string, SessionInfo>,
  /** The latest pairing code pushed for each profile. */
  qrs: {} as Record<string, QrCode>,
  /** The linked numbers, main first, as the service lists them (empty until read, or from a
   *  service without profiles: then there is only the main number). */
  profiles: [] as Profile[],
  caps: {
    settings: false,
    rotateKey: false,
    media: false,
    schedule: false,
    updates: false,
    demo: false,
    desktop: false,
    batches: false,
    webhooks: false,
    received: false,
    claims: false,
    groupAdmin: false,
    contacts: false,
  } as Capabilities,
  version: '',
  /** A newer version of the desktop app, when one was found (at start, or by a check). */
  update: null as UpdateInfo | null,
});

let current: Backend | null = null;

export function backend(): Backend {
  if (!current) throw new Error('the backend is not set up yet');
  return current;
}

type Listener<T> = (v: T) => void;

/** Updates of the last minute, by message id: an answer to a send can arrive after the
 *  message's first status events (the dispatcher is fast), and must not miss them. */
const recent = new Map<string, MessageUpdate[]>();
const RECENT_MS = 60_000;

function remember(u: MessageUpdate) {
  const now = Date.now();
  for (const [id, list] of recent) {
    if (now - (list[list.length - 1]?.at ?? 0) > RECENT_MS) recent.delete(id);
    else break;
  }
  const list = recent.get(u.id) ?? [];
  list.push(u);
  recent.delete(u.id);
  recent.set(u.id, list);
}

/** The message with any status updates that were pushed before it reached the screen. */
export function catchUp(m: Message): Message {
  return (recent.get(m.id) ?? []).reduce(applyUpdate, m);
}
const messageListeners = new Set<Listener<MessageUpdate>>();
const resyncListeners = new Set<Listener<void>>();
const batchListeners = new Set<Listener<BatchUpdate>>();

/** Calls `fn` for every broadcast's progress event; returns the unsubscribe function. */
export function onBatchUpdate(fn: Listener<BatchUpdate>): () => void {
  batchListeners.add(fn);
  return () => batchListeners.delete(fn);
}

/** Calls `fn` for every message status change; returns the unsubscribe function. */
export function onMessageUpdate(fn: Listener<MessageUpdate>): () => void {
  messageListeners.add(fn);
  return () => messageListeners.delete(fn);
}

/** Calls `fn` after events may have been missed (reconnect): re-read what is shown. */
export function onResync(fn: Listener<void>): () => void {
  resyncListeners.add(fn);
  return () => resyncListeners.delete(fn);
}

/** A session's or code's profile: the main number's when the service does not say. */
const profileOf = (x: { profile?: string }): string => x.profile || MAIN_PROFILE;

/** The profile "Send from" names: the one chosen (kept in prefs) while it is listed, else the
 *  main number. Until the list is read, the choice stands (the service judges it). */
export function selected(): string {
  const want = prefs.profile;
  if (!want) return MAIN_PROFILE;
  if (app.profiles.length === 0) return want;
  return app.profiles.some((p) => p.id === want) ? want : MAIN_PROFILE;
}

/** A profile's session (the chosen one's when none is named); null until known. */
export function sessionOf(profile: string = selected()): SessionInfo | null {
  return app.sessions[profile] ?? null;
}

/** The latest pairing code pushed for a profile (the chosen one's when none is named). */
export function qrOf(profile: string = selected()): QrCode | null {
  return app.qrs[profile] ?? null;
}

/** The profile's `profile` for a request: none for the main number (every service takes that). */
export function requestProfile(profile: string = selected()): string | undefined {
  return profile === MAIN_PROFILE ? undefined : profile;
}

/** More than one number: screens name the number (log chips, the switcher). */
export function manyProfiles(): boolean {
  return app.profiles.length > 1;
}

/**
 * Takes a session as the service says it, for its profile. Pushed events come in order and
 * always apply; an answer to a request (relink, logout, a scan) applies only when nothing newer
 * was pushed meanwhile: a relink's own events ("connecting", then "pairing" with its QR) can
 * overtake its answer, which must not put the screen back to "connecting" until the next code.
 */
export function learnSession(s: SessionInfo, pushed = false): void {
  const id = profileOf(s);
  const cur = app.sessions[id];
  if (!pushed && cur && (s.since < cur.since || (s.since === cur.since && s.state !== cur.state))) {
    return;
  }
  app.sessions[id] = s;
  if (pushed && s.state !== 'pairing') delete app.qrs[id];
}

/** Takes the service's list of numbers; their sessions as answers (a push may be newer), and
 *  the sessions of numbers no longer listed are forgotten. */
export function learnProfiles(list: Profile[]): void {
  app.profiles = list;
  for (const p of list) learnSession({ ...p.session, profile: p.id });
  const ids = new Set(list.map((p) => p.id));
  for (const id of Object.keys(app.sessions)) {
    if (!ids.has(id) && id !== MAIN_PROFILE) delete app.sessions[id];
  }
}

/** Reads the numbers again (a `profiles` event, a reconnect); a service without profiles
 *  leaves the list empty. */
export async function loadProfiles(b: Backend = backend()): Promise<void> {
  try {
    learnProfiles(await b.profiles.list());
  } catch {
    // No profiles on this service (or not reachable now): the main number only.
  }
}

function handle(e: LiveEvent) {
  switch (e.type) {
    case 'link':
      app.link = e.up ? 'up' : 'down';
      break;
    case 'session':
      learnSession(e.session, true);
      break;
    case 'qr':
      app.qrs[profileOf(e.qr)] = e.qr;
      break;
    case 'profiles':
      void loadProfiles();
      break;
    case 'message':
      remember(e.update);
      for (const l of messageListeners) l(e.update);
      break;
    case 'batch':
      for (const l of batchListeners) l(e.update);
      break;
    case 'resync':
      void loadProfiles();
      for (const l of resyncListeners) l();
      break;
    case 'update':
      app.update = e.info;
      break;
  }
}

/** Connects the app to a backend: live events, capabilities, version. */
export function start(b: Backend): () => void {
  current = b;
  const stop = b.subscribe(handle);
  void b.capabilities().then((c) => (app.caps = c));
  void loadProfiles(b);
  void b.version().then(
    (v) => (app.version = v),
    () => {},
  );
  return stop;
}
