// Webhooks as the Settings screen shows them: which events one asks for, in words; its health;
// how an attempt went. The service decides everything (URLs, event names, health): this only
// reads its answers and builds the simple choice the form offers ("All", or families).

import type { Delivery, Webhook } from './api/types';

/** The families the form offers, by the service's event-name prefix (`message.*`). */
export const FAMILIES = ['message', 'batch', 'session'] as const;
export type Family = (typeof FAMILIES)[number];

/** What the form picks: every event, or some families. */
export interface EventsChoice {
  all: boolean;
  families: Family[];
}

/** The `events` to send for a choice (none picked: an empty list, for the service to refuse). */
export function eventsFor(choice: EventsChoice): string[] {
  if (choice.all) return ['*'];
  return FAMILIES.filter((f) => choice.families.includes(f)).map((f) => `${f}.*`);
}

/** One part of a webhook's events as shown: every event, a family, or one event type. */
export type EventsPart =
  { kind: 'all' } | { kind: 'family'; family: Family } | { kind: 'type'; name: string };

/** A webhook's `events` in the order given; `*` anywhere means all and nothing else. */
export function eventsSummary(events: string[]): EventsPart[] {
  if (events.includes('*')) return [{ kind: 'all' }];
  return events.map((e): EventsPart => {
    const family = e.endsWith('.*') ? e.slice(0, -2) : null;
    return family !== null && (FAMILIES as readonly string[]).includes(family)
      ? { kind: 'family', family: family as Family }
      : { kind: 'type', name: e };
  });
}

/** What the badge says: turned off by its receiver (410 Gone), off, failing, or fine. */
export type HealthView =
  { kind: 'ok' } | { kind: 'off' } | { kind: 'gone' } | { kind: 'failing'; since?: number };

export function healthView(w: Webhook): HealthView {
  if (w.health === 'gone') return { kind: 'gone' };
  if (!w.enabled) return { kind: 'off' };
  if (w.health === 'failing')
    return w.failing_since === undefined ? { kind: 'failing' } : { kind: 'failing', since: w.failing_since };
  return { kind: 'ok' };
}

/** Webhooks that are on and failing: the warning at the top of the section, the dot in the nav. */
export function failing(list: readonly Webhook[]): Webhook[] {
  return list.filter((w) => healthView(w).kind === 'failing');
}

/** The list with `w` in place of the copy of the same id, or added at the end (oldest first). */
export function upsert(list: readonly Webhook[], w: Webhook): Webhook[] {
  const i = list.findIndex((x) => x.id === w.id);
  if (i < 0) return [...list, w];
  const next = list.slice();
  next[i] = w;
  return next;
}

/** Whether an attempt counted as delivered: the receiver answered 2xx and nothing went wrong. */
export function delivered(d: Delivery): boolean {
  return d.error === undefined && d.http_status !== undefined && d.http_status >= 200 && d.http_status < 300;
}
