// The app's shared live state: the backend, the link to it, the WhatsApp session, events.

import type { Backend, Capabilities, LiveEvent } from '../api/backend';
import type { MessageUpdate, QrCode, SessionInfo } from '../api/types';

export const app = $state({
  /** No key yet, or the key was refused. */
  needKey: false,
  keyRefused: false,
  /** The event stream to the service: unknown until the first answer. */
  link: 'unknown' as 'unknown' | 'up' | 'down',
  session: null as SessionInfo | null,
  /** The latest pairing code pushed by the service. */
  qr: null as QrCode | null,
  caps: { settings: false, rotateKey: false, media: false, updates: false } as Capabilities,
  version: '',
});

let current: Backend | null = null;

export function backend(): Backend {
  if (!current) throw new Error('the backend is not set up yet');
  return current;
}

type Listener<T> = (v: T) => void;
const messageListeners = new Set<Listener<MessageUpdate>>();
const resyncListeners = new Set<Listener<void>>();

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

function handle(e: LiveEvent) {
  switch (e.type) {
    case 'link':
      app.link = e.up ? 'up' : 'down';
      break;
    case 'session':
      app.session = e.session;
      if (e.session.state !== 'pairing') app.qr = null;
      break;
    case 'qr':
      app.qr = e.qr;
      break;
    case 'message':
      for (const l of messageListeners) l(e.update);
      break;
    case 'resync':
      for (const l of resyncListeners) l();
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
