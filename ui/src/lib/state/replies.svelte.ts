// Customers' replies as the service has them: how many nobody has seen (read at start, moved
// by `received` events, read again when one is marked seen or events were missed), and the
// replies to each of the shop's messages a screen shows (loaded when first asked for).

import type { Backend, LiveEvent } from '../api/backend';
import type { Received } from '../api/types';
import { answerTo, toMarkRead, upsertReceived } from '../replies';

export const replies = $state({
  /** Unseen customers' messages, as last counted by the service (plus new ones since). */
  unread: 0,
  /** The replies to a message of the shop's, by its id, newest first; absent: not loaded. */
  byMessage: {} as Record<string, Received[]>,
});

let current: Backend | null = null;
/** Unseen ones counted since the last count, so an event told twice counts once. */
let counted = new Set<string>();
let counting: Promise<void> | null = null;
let countAgain = false;
const loading = new Map<string, Promise<void>>();

/** Reads the unread count from the service (once more if asked while reading). */
export function recount(b: Backend | null = current): Promise<void> {
  if (!b) return Promise.resolve();
  if (counting) {
    countAgain = true;
    return counting;
  }
  counting = (async () => {
    do {
      countAgain = false;
      try {
        const n = await b.inbox.unreadCount();
        if (b !== current) return;
        replies.unread = n;
        counted = new Set();
      } catch {
        // Out of reach: the count stays; the next event or resync reads it again.
      }
    } while (countAgain && b === current);
  })().finally(() => (counting = null));
  return counting;
}

/** Loads a message's replies (once; `again` reads them anew). */
export function loadReplies(messageId: string, again = false): Promise<void> {
  const b = current;
  if (!b) return Promise.resolve();
  if (!again && (replies.byMessage[messageId] || loading.has(messageId))) {
    return loading.get(messageId) ?? Promise.resolve();
  }
  const run = b.inbox
    .replies(messageId)
    .then((page) => {
      if (b === current) replies.byMessage[messageId] = page.items;
    })
    .catch(() => {
      // Not shown; asked again when the message is shown again.
    })
    .finally(() => loading.delete(messageId));
  loading.set(messageId, run);
  return run;
}

/** The loaded replies to a message; empty while not loaded. */
export function repliesTo(messageId: string): Received[] {
  return replies.byMessage[messageId] ?? [];
}

/** The unseen replies to a message. */
export function unreadTo(messageId: string): number {
  return repliesTo(messageId).filter((r) => !r.read).length;
}

/** Marks what these customers wrote seen (the newest of each; the service marks the earlier
 *  ones too), then shows what the service says now. */
export async function markSeen(list: readonly Received[]): Promise<void> {
  const b = current;
  if (!b) return;
  const marks = toMarkRead(list);
  if (marks.length === 0) return;
  const done = await Promise.allSettled(marks.map((r) => b.inbox.markRead(r.id)));
  for (const d of done) if (d.status === 'fulfilled') heardOf(d.value);
  const ids = new Set(list.map((r) => r.in_reply_to).filter((id): id is string => !!id));
  for (const id of ids) void loadReplies(id, true);
  void recount(b);
}

function heardOf(r: Received): void {
  if (!r.read && !counted.has(r.id)) {
    counted.add(r.id);
    replies.unread += 1;
    // A count under way may or may not hold this one: the next count settles it.
    if (counting) countAgain = true;
  }
  const to = r.in_reply_to;
  if (to && replies.byMessage[to]) replies.byMessage[to] = upsertReceived(replies.byMessage[to], r);
}

function handle(b: Backend, e: LiveEvent): void {
  if (e.type === 'received') {
    heardOf(e.received);
    // Seen here or elsewhere (another window, the POS): the service counts what is left, and
    // that customer's earlier ones (marked with it) are read again where shown.
    if (e.received.read) {
      void recount(b);
      const r = e.received;
      for (const [id, list] of Object.entries(replies.byMessage)) {
        if (list.some((x) => x.from === r.from && !x.read && x.at <= r.at)) void loadReplies(id, true);
      }
    }
  } else if (e.type === 'resync') {
    void recount(b);
    for (const id of Object.keys(replies.byMessage)) void loadReplies(id, true);
  }
}

/** Follows the replies on this backend until the returned function is called. */
export function followReplies(b: Backend): () => void {
  current = b;
  replies.unread = 0;
  replies.byMessage = {};
  counted = new Set();
  loading.clear();
  const stop = b.subscribe((e) => {
    if (current === b) handle(b, e);
  });
  void b.capabilities().then(
    (c) => {
      if (current === b && c.received) void recount(b);
    },
    () => {},
  );
  return () => {
    stop();
    if (current === b) current = null;
  };
}

/** An answer asked for (a reply's Answer button): the Send screen takes the number. */
export const answering = $state({ to: null as string | null });

/** Asks the Send screen to write to this customer (the caller shows the Send screen). */
export function answer(r: Received): void {
  answering.to = answerTo(r);
}

/** The number an answer was asked for, once (the Send screen fills its recipient with it). */
export function takeAnswer(): string | null {
  const to = answering.to;
  answering.to = null;
  return to;
}
