// What customers wrote, as lists the screens show: kept newest first, which ones to mark seen,
// whom an answer goes to, and a one-line glimpse of each.

import type { Message, Received } from './api/types';

/** Puts `r` in a newest-first list, replacing the copy it had (the service's newer word). */
export function upsertReceived(list: readonly Received[], r: Received): Received[] {
  const rest = list.filter((x) => x.id !== r.id);
  const i = rest.findIndex((x) => x.at < r.at || (x.at === r.at && x.received_at < r.received_at));
  if (i < 0) return [...rest, r];
  return [...rest.slice(0, i), r, ...rest.slice(i)];
}

/** One per customer: the newest unseen (the service marks it and that customer's earlier
 *  ones seen). */
export function toMarkRead(list: readonly Received[]): Received[] {
  const newest = new Map<string, Received>();
  for (const r of list) {
    if (r.read) continue;
    const seen = newest.get(r.from);
    if (!seen || r.at > seen.at) newest.set(r.from, r);
  }
  return [...newest.values()];
}

/** The number an answer goes to: the customer's own (in a group too: to them, not to all). */
export function answerTo(r: Received): string {
  return r.from;
}

/** The words, else the file's name, else what the service says it was; null: only its kind
 *  can be named. */
export function glimpse(r: Received): string | null {
  const text = r.text?.trim();
  if (text) return text;
  if (r.file_name) return r.file_name;
  if (r.what) return r.what;
  return null;
}

/** It carries something the service can fetch from WhatsApp. */
export function hasMedia(r: Received): boolean {
  return r.kind === 'image' || r.kind === 'video' || r.kind === 'audio' || r.kind === 'document';
}

/** One row of the log's "All" view: a message of the shop's or one a customer wrote. */
export type TimelineRow =
  | { dir: 'sent'; id: string; at: number; message: Message }
  | { dir: 'received'; id: string; at: number; received: Received };

/** Both lists (newest first) as one, newest first, down to where both are known: a list with
 *  more pages to read stops the merge at its oldest row. */
export function timeline(
  sent: readonly Message[],
  sentMore: boolean,
  received: readonly Received[],
  receivedMore: boolean,
): TimelineRow[] {
  const oldest = (list: readonly { at: number }[], more: boolean) =>
    more && list.length ? list[list.length - 1]!.at : -Infinity;
  const s = sent.map((m) => ({ dir: 'sent' as const, id: m.id, at: m.created_at, message: m }));
  const r = received.map((x) => ({ dir: 'received' as const, id: x.id, at: x.at, received: x }));
  const cut = Math.max(oldest(s, sentMore), oldest(r, receivedMore));
  return [...s, ...r].filter((row) => row.at >= cut).sort((a, b) => b.at - a.at);
}
