// Webhooks as Settings shows them: the form's choice as the service's event names, a webhook's
// events in words, its health, and whether an attempt was delivered.
import { describe, expect, it } from 'vitest';
import type { Delivery, Webhook } from './api/types';
import { delivered, eventsFor, eventsSummary, failing, healthView, upsert } from './webhooks';

const hook = (over: Partial<Webhook> = {}): Webhook => ({
  id: 'wh_1',
  url: 'https://pos.example/h',
  events: ['*'],
  enabled: true,
  health: 'ok',
  created_at: 1,
  updated_at: 1,
  ...over,
});

describe('eventsFor', () => {
  it('sends * for all, else the families picked in a fixed order, or nothing', () => {
    expect(eventsFor({ all: true, families: ['batch'] })).toEqual(['*']);
    expect(eventsFor({ all: false, families: ['session', 'message'] })).toEqual(['message.*', 'session.*']);
    expect(eventsFor({ all: false, families: [] })).toEqual([]);
  });
});

describe('eventsSummary', () => {
  it('reads *, families and single types', () => {
    expect(eventsSummary(['message.*', '*'])).toEqual([{ kind: 'all' }]);
    expect(eventsSummary(['batch.*', 'message.delivered', 'other.*'])).toEqual([
      { kind: 'family', family: 'batch' },
      { kind: 'type', name: 'message.delivered' },
      { kind: 'type', name: 'other.*' },
    ]);
  });
});

describe('healthView', () => {
  it('says gone before off, off before failing, and when it began failing', () => {
    expect(healthView(hook())).toEqual({ kind: 'ok' });
    expect(healthView(hook({ health: 'gone', enabled: false }))).toEqual({ kind: 'gone' });
    expect(healthView(hook({ health: 'failing', enabled: false, failing_since: 5 }))).toEqual({
      kind: 'off',
    });
    expect(healthView(hook({ health: 'failing', failing_since: 5 }))).toEqual({ kind: 'failing', since: 5 });
    expect(healthView(hook({ health: 'failing' }))).toEqual({ kind: 'failing' });
  });

  it('counts only webhooks that are on and failing', () => {
    const list = [
      hook({ id: 'a', health: 'failing' }),
      hook({ id: 'b', health: 'failing', enabled: false }),
      hook({ id: 'c', health: 'gone', enabled: false }),
      hook({ id: 'd' }),
    ];
    expect(failing(list).map((w) => w.id)).toEqual(['a']);
  });
});

describe('upsert', () => {
  it('replaces in place or adds at the end, without touching the list given', () => {
    const list = [hook({ id: 'a' }), hook({ id: 'b' })];
    const changed = upsert(list, hook({ id: 'a', enabled: false }));
    expect(changed.map((w) => [w.id, w.enabled])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(list[0]?.enabled).toBe(true);
    expect(upsert(list, hook({ id: 'c' })).map((w) => w.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('delivered', () => {
  const d = (over: Partial<Delivery>): Delivery => ({
    event_id: 'e',
    event_type: 'webhook.test',
    attempt: 1,
    at: 1,
    latency_ms: 3,
    ...over,
  });
  it('is a 2xx answer without an error', () => {
    expect(delivered(d({ http_status: 204 }))).toBe(true);
    expect(delivered(d({ http_status: 500, error: 'HTTP 500' }))).toBe(false);
    expect(delivered(d({ http_status: 302 }))).toBe(false);
    expect(delivered(d({ error: 'timed out' }))).toBe(false);
  });
});
