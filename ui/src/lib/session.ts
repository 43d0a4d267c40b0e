// What the pairing screen and the header show for a session: its state and its reason's code
// (the reason's words are the service's English, shown only under "Details"). Which buttons
// apply is the service's to say (`actions`); the UI never works it out.

import type { ReasonCode, SessionAction, SessionInfo } from './api/types';

export type Problem =
  'replaced' | 'banned' | 'outdated' | 'link_failed' | 'refused' | 'unreachable' | 'other';

export type SessionView =
  | { kind: 'connecting' }
  | { kind: 'pairing' }
  | { kind: 'linked'; phone?: string; name?: string }
  /** Linked before, the connection dropped: the engine reconnects by itself. */
  | { kind: 'reconnecting' }
  /** Nobody scanned in time: new codes on request. */
  | { kind: 'expired' }
  | { kind: 'logged_out'; detail: string }
  /** `serve --engine none`: messages only queue. */
  | { kind: 'no_engine' }
  /** The shop took this number offline from the app: still linked, its messages wait. */
  | { kind: 'offline' }
  | { kind: 'problem'; problem: Problem; detail: string };

/** How a disconnected session reads, by its reason's code. Every code has an entry (the
 *  type checks it), so a new code cannot be shown as prose. */
const DISCONNECTED: Record<ReasonCode, 'expired' | 'reconnecting' | 'no_engine' | 'offline' | Problem> = {
  qr_expired: 'expired',
  connection_lost: 'reconnecting',
  no_engine: 'no_engine',
  replaced: 'replaced',
  temporary_ban: 'banned',
  client_outdated: 'outdated',
  pair_failed: 'link_failed',
  connect_failed: 'refused',
  unreachable: 'unreachable',
  engine_error: 'other',
  stopped_by_app: 'offline',
  // Not reasons for a disconnect today; if one comes, it is a problem with its details.
  linked: 'other',
  session_unreadable: 'other',
  unlinked_by_phone: 'other',
  unlinked_by_app: 'other',
  unlinked_by_whatsapp: 'other',
};

export function sessionView(s: SessionInfo): SessionView {
  const detail = s.reason?.detail ?? '';
  switch (s.state) {
    case 'connecting':
      return { kind: 'connecting' };
    case 'pairing':
      return { kind: 'pairing' };
    case 'connected':
      return { kind: 'linked', phone: s.phone, name: s.name };
    case 'logged_out':
      return { kind: 'logged_out', detail };
    case 'disconnected': {
      const seen = s.reason ? DISCONNECTED[s.reason.code] : 'reconnecting';
      if (seen === 'expired' || seen === 'reconnecting' || seen === 'no_engine' || seen === 'offline') {
        return { kind: seen };
      }
      return { kind: 'problem', problem: seen, detail };
    }
  }
}

/** Whether the service offers `action` now. */
export function offers(s: SessionInfo | null | undefined, action: SessionAction): boolean {
  return s?.actions.includes(action) ?? false;
}

/** The "link again" button the service offers, if any: with new QR codes (`relink`), or
 *  connecting the saved session again (`reconnect`). */
export function relinkOffer(s: SessionInfo | null | undefined): 'relink' | 'reconnect' | null {
  if (offers(s, 'relink')) return 'relink';
  if (offers(s, 'reconnect')) return 'reconnect';
  return null;
}

/** Seconds left until `expiresAt` (never negative). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
