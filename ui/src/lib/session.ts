// What the pairing screen and the header show for a session state (and its reason, if any).

import type { SessionInfo } from './api/types';

export type SessionView =
  | { kind: 'connecting' }
  | { kind: 'pairing' }
  | { kind: 'linked'; phone?: string; name?: string }
  /** Linked before, the connection dropped: the engine reconnects by itself. */
  | { kind: 'reconnecting' }
  /** Nobody scanned in time: new codes on request. */
  | { kind: 'expired' }
  | { kind: 'logged_out' }
  /** `serve --engine none`: messages only queue. */
  | { kind: 'no_engine' }
  | {
      kind: 'problem';
      problem: 'replaced' | 'banned' | 'outdated' | 'link_failed' | 'other';
      detail: string;
    };

export function sessionView(s: SessionInfo): SessionView {
  const reason = s.reason ?? '';
  switch (s.state) {
    case 'connecting':
      return { kind: 'connecting' };
    case 'pairing':
      return { kind: 'pairing' };
    case 'connected':
      return { kind: 'linked', phone: s.phone, name: s.name };
    case 'logged_out':
      return { kind: 'logged_out' };
    case 'disconnected':
      if (reason.startsWith('qr_expired')) return { kind: 'expired' };
      if (reason.startsWith('no WhatsApp engine')) return { kind: 'no_engine' };
      if (reason.startsWith('connection lost')) return { kind: 'reconnecting' };
      if (reason.startsWith('replaced')) return { kind: 'problem', problem: 'replaced', detail: reason };
      if (reason.startsWith('temporary_ban')) return { kind: 'problem', problem: 'banned', detail: reason };
      if (reason.startsWith('client_outdated'))
        return { kind: 'problem', problem: 'outdated', detail: reason };
      if (reason.startsWith('linking failed'))
        return { kind: 'problem', problem: 'link_failed', detail: reason };
      return reason ? { kind: 'problem', problem: 'other', detail: reason } : { kind: 'reconnecting' };
  }
}

/** Whether "link again" (new QR codes) is the way forward from here. */
export function canRelink(v: SessionView): boolean {
  return (
    v.kind === 'expired' || v.kind === 'logged_out' || (v.kind === 'problem' && v.problem === 'link_failed')
  );
}

/** Seconds left until `expiresAt` (never negative). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
