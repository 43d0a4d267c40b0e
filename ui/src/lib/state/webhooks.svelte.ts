// The shop's webhooks as the service has them: read when the backend is connected (the nav
// shows a dot while one is failing, on any screen), then kept current by `webhook` events —
// whoever made the change (this window, the POS over REST) or the service's own delivery
// workers (failing, back, gone): each shown at once and confirmed by reading the list — and
// read again after missed events.

import type { Backend, LiveEvent } from '../api/backend';
import type { Webhook, WebhookCreated, WebhookInput } from '../api/types';
import { failing, upsert } from '../webhooks';

export const hooks = $state({
  list: [] as Webhook[],
  /** The first read answered. */
  loaded: false,
  /** Why the last read failed, while it has not succeeded since. */
  error: null as unknown,
});

/** Webhooks on and failing now. */
export function failingHooks(): Webhook[] {
  return failing(hooks.list);
}

/** Webhooks removed here: their last event (`enabled: false`) must not bring them back. */
const removed = new Set<string>();
/** Events heard so far: a read that started before one is old news and is read again. */
let heard = 0;
let reading: Promise<void> | null = null;
let again = false;

/** False when an event came meanwhile (unless it is the `last` try: then it is kept). */
async function readOnce(b: Backend, last: boolean): Promise<boolean> {
  const at = heard;
  try {
    const list = await b.webhooks();
    if (at !== heard && !last) return false;
    hooks.list = list.filter((w) => !removed.has(w.id));
    hooks.loaded = true;
    hooks.error = null;
  } catch (e) {
    hooks.error = e;
  }
  return true;
}

/** Reads the list; asked while a read is under way, reads once more after it. */
export function reload(b: Backend): Promise<void> {
  if (reading) {
    again = true;
    return reading;
  }
  reading = (async () => {
    // A few tries at most: events keep coming only while something keeps changing.
    for (let i = 0; i < 3; i++) {
      again = false;
      if ((await readOnce(b, i === 2)) && !again) break;
    }
    reading = null;
  })();
  return reading;
}

/** An event shows its webhook at once, and the list is read again: a removal arrives as
 *  `enabled: false` (the list says whether it is gone). */
function heardOf(b: Backend, w: Webhook): void {
  heard++;
  if (removed.has(w.id)) return;
  hooks.list = upsert(hooks.list, w);
  void reload(b);
}

/** Follows the webhooks on this backend until the returned function is called. */
export function followWebhooks(b: Backend): () => void {
  let live = true;
  const stop = b.subscribe((e: LiveEvent) => {
    if (!live) return;
    if (e.type === 'webhook') heardOf(b, e.webhook);
    else if (e.type === 'resync') void reload(b);
    else if (e.type === 'link' && e.up && !hooks.loaded && hooks.error) void reload(b);
  });
  // A service without webhooks has nothing to read.
  void b.capabilities().then((c) => {
    if (live && c.webhooks) void reload(b);
  });
  return () => {
    live = false;
    stop();
  };
}

/** Adds a webhook through the service; it is listed at once (its event may come later). */
export async function addWebhook(b: Backend, input: WebhookInput): Promise<WebhookCreated> {
  const created = await b.createWebhook(input);
  hooks.list = upsert(hooks.list, created.webhook);
  return created;
}

/** Changes a webhook through the service and shows its answer. */
export async function changeWebhook(b: Backend, id: string, input: WebhookInput): Promise<Webhook> {
  const w = await b.changeWebhook(id, input);
  if (!removed.has(w.id)) hooks.list = upsert(hooks.list, w);
  return w;
}

/** Removes a webhook through the service; it leaves the list once the service says so. */
export async function removeWebhook(b: Backend, id: string): Promise<void> {
  await b.deleteWebhook(id);
  removed.add(id);
  hooks.list = hooks.list.filter((w) => w.id !== id);
}
