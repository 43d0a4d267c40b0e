// The app's shared live state: the backend, the link to it, the WhatsApp session, events.

import type { Backend, Capabilities, LiveEvent, UpdateInfo } from '../api/backend';
import type { BatchUpdate, Message, MessageUpdate, QrCode, SessionInfo } from '../api/types';
import { applyUpdate } from '../status';

export const app = $state({
  /** No key yet, or the key was refused. */
  needKey: false,
  keyRefused: false,
  /** The event stream to the service: unknown until the first answer. */
  link: 'unknown' as 'unknown' | 'up' | 'down',
  session: null as SessionInfo | null,
  /** The latest pairing code pushed by the service. */
  qr: null as QrCode | null,
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

/**
 * Takes the session as the service says it. Pushed events come in order and always apply; an
 * answer to a request (relink, logout, a scan) applies only when nothing newer was pushed
 * meanwhile: a relink's own events ("connecting", then "pairing" with its QR) can overtake its
 * answer, which must not put the screen back to "connecting" until the next code.
 */
export function learnSession(s: SessionInfo, pushed = false): void {
  const cur = app.session;
  if (!pushed && cur && (s.since < cur.since || (s.since === cur.since && s.state !== cur.state))) {
    return;
  }
  app.session = s;
  if (pushed && s.state !== 'pairing') app.qr = null;
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
      app.qr = e.qr;
      break;
    case 'message':
      remember(e.update);
      for (const l of messageListeners) l(e.update);
      break;
    case 'batch':
      for (const l of batchListeners) l(e.update);
      break;
    case 'resync':
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
  void b.version().then(
    (v) => (app.version = v),
    () => {},
  );
  return stop;
}
