// Delivery status: which tick to draw, which actions fit, and applying pushed updates by the
// revision the service gives every change (the service alone decides how a status may move).

import type { Message, MessageUpdate, Status } from './api/types';

/** The marks a cashier knows from WhatsApp, plus the app's own waiting and failure marks. */
export type Tick =
  'calendar' | 'clock' | 'sending' | 'one' | 'two' | 'read' | 'failed' | 'cancelled' | 'expired';

export function tickFor(s: Status): Tick {
  switch (s) {
    case 'scheduled':
      return 'calendar';
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
    case 'expired':
      return 'expired';
    case 'skipped':
      return 'cancelled';
    case 'waiting':
      return 'clock';
  }
}

/** Whether an action (retry, cancel) makes sense for a message in this status. */
export function canRetry(s: Status): boolean {
  return s === 'failed';
}

export function canCancel(s: Status): boolean {
  return s === 'queued' || s === 'scheduled' || s === 'waiting';
}

/** Its time, text or caption can still change (the service says INVALID_STATE once it goes). */
export function canReschedule(s: Status): boolean {
  return s === 'scheduled';
}

/** An update says what changed about a message's status, not its time or words: for a message
 *  still waiting for its time, a newer revision may be a new time or new words (a reschedule
 *  here, in another window or by the POS), so the message is read again. */
export function needsReread(u: MessageUpdate): boolean {
  return u.status === 'scheduled';
}

/** A new message's first event (revision 1): one queued elsewhere, as a list's "new" prompt
 *  counts them. A retried message (queued again, no attempts) counts too. */
export function isNew(u: MessageUpdate): boolean {
  return (u.status === 'queued' && u.attempts === 0) || (u.status === 'scheduled' && u.revision === 1);
}

/**
 * The message after a pushed update, or the same object when the update is old news. The
 * service numbers every change of a message (its revision): an update applies only when it is
 * newer than the copy at hand. This holds for any order of arrival, and for a user's retry,
 * which is just a newer revision.
 */
export function applyUpdate(m: Message, u: MessageUpdate): Message {
  if (u.id !== m.id || u.revision <= m.revision) return m;
  // Each status keeps the time it was first reached (as the service keeps it); `queued` again
  // is a retry, which the service starts afresh.
  const status_times = u.status === 'queued' ? { queued: u.at } : { [u.status]: u.at, ...m.status_times };
  const next: Message = {
    ...m,
    status: u.status,
    attempts: u.attempts,
    updated_at: Math.max(m.updated_at, u.at),
    revision: u.revision,
    status_times,
  };
  // The update carries the message's error after the change: none means there is none now.
  if (u.error) next.error = u.error;
  else delete next.error;
  return next;
}
