// What the pairing screen and the header show for a session state and its reason. The engine
// starts each reason with a short code (`qr_expired: …`), then says it in words.

import type { SessionInfo } from './api/types';

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
  | { kind: 'problem'; problem: Problem; detail: string };

/** `qr_expired: the QR codes expired…` → [`qr_expired`, `the QR codes expired…`]. */
export function splitReason(reason = ''): [code: string, words: string] {
  const m = /^([a-z_]+): (.*)$/s.exec(reason);
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', reason];
}

const PROBLEMS: Record<string, Problem> = {
  replaced: 'replaced',
  temporary_ban: 'banned',
  client_outdated: 'outdated',
  pair_failed: 'link_failed',
  connect_failed: 'refused',
  unreachable: 'unreachable',
};

export function sessionView(s: SessionInfo): SessionView {
  const [code, words] = splitReason(s.reason);
  switch (s.state) {
    case 'connecting':
      return { kind: 'connecting' };
    case 'pairing':
      return { kind: 'pairing' };
    case 'connected':
      return { kind: 'linked', phone: s.phone, name: s.name };
    case 'logged_out':
      return { kind: 'logged_out', detail: words };
    case 'disconnected':
      if (code === 'qr_expired') return { kind: 'expired' };
      if (code === 'connection_lost' || (!code && !words)) return { kind: 'reconnecting' };
      if (words.startsWith('no WhatsApp engine')) return { kind: 'no_engine' };
      return { kind: 'problem', problem: PROBLEMS[code] ?? 'other', detail: words };
  }
}

/** "Link again" (new QR codes, or reconnecting a saved session) is the way forward. A ban
 *  ends by itself, and an unreachable WhatsApp is retried by itself: no button for those. */
export function canRelink(v: SessionView): boolean {
  return (
    v.kind === 'expired' ||
    v.kind === 'logged_out' ||
    (v.kind === 'problem' && v.problem !== 'banned' && v.problem !== 'unreachable')
  );
}

/** Whether linking again needs a new QR (else it reconnects the saved session). */
export function needsNewCode(v: SessionView): boolean {
  return (
    v.kind === 'expired' || v.kind === 'logged_out' || (v.kind === 'problem' && v.problem === 'link_failed')
  );
}

/** Seconds left until `expiresAt` (never negative). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
