// Delivery status: which tick to draw, and applying live updates that only move forward.

import type { Message, MessageUpdate, Status } from './api/types';

/** The marks a cashier knows from WhatsApp, plus the app's own waiting and failure marks. */
export type Tick = 'clock' | 'sending' | 'one' | 'two' | 'read' | 'failed' | 'cancelled';

export function tickFor(s: Status): Tick {
  switch (s) {
    case 'queued':
      return 'clock';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'one';
    case 'delivered':
      return 'two';
    case 'read':
    case 'played':
      return 'read';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

const RANK: Partial<Record<Status, number>> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

export function reachedServer(s: Status): boolean {
  return (RANK[s] ?? -1) >= 2;
}

/** The service's rule (types/src/status.rs): statuses only move forward. */
export function canAdvance(from: Status, to: Status): boolean {
  if (from === 'cancelled') return false;
  if (to === 'cancelled' || to === 'failed') return from === 'queued' || from === 'sending';
  if (from === 'failed') return reachedServer(to);
  const a = RANK[from];
  const b = RANK[to];
  return a !== undefined && b !== undefined && b > a;
}

/** Whether an action (retry, cancel) makes sense for a message in this status. */
export function canRetry(s: Status): boolean {
  return s === 'failed';
}

export function canCancel(s: Status): boolean {
  return s === 'queued';
}

/**
 * The message after a pushed update, or the same object when the update is old news.
 * A user's retry (failed → queued with attempts reset) is the one step back allowed.
 */
export function applyUpdate(m: Message, u: MessageUpdate): Message {
  if (u.id !== m.id) return m;
  const retried = m.status === 'failed' && u.status === 'queued' && u.at >= m.updated_at;
  if (!retried && !canAdvance(m.status, u.status)) return m;
  const status_times = retried ? { queued: u.at } : { ...m.status_times, [u.status]: u.at };
  const next: Message = {
    ...m,
    status: u.status,
    attempts: u.attempts,
    updated_at: Math.max(m.updated_at, u.at),
    status_times,
  };
  if (u.error) next.error = u.error;
  else if (retried || reachedServer(u.status)) delete next.error;
  return next;
}
