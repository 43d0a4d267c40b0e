// The service's rules in the UI: read at start, followed by `settings` events from any surface,
// read again after missed events; an answer older than the latest event is not kept.
import { describe, expect, it } from 'vitest';
import type { Backend, LiveEvent, ServiceSettings } from '../api/backend';
import type { SendLimits } from '../api/types';
import { defaultCountry, dialOf, followRules, rules, saveSettings } from './rules.svelte';

const BO: ServiceSettings = {
  default_country: 'BO',
  pacing_ms: 1000,
  jitter_ms: 500,
  max_attempts: 5,
  expire_after_ms: 43_200_000,
  webhooks_lan: false,
  customer_wait_ms: 86_400_000,
};
const LIMITS: SendLimits = {
  text_chars: 4096,
  caption_chars: 1024,
  image_bytes: 5,
  video_bytes: 6,
  audio_bytes: 7,
  document_bytes: 8,
  image_types: ['image/png'],
  video_types: [],
  audio_types: [],
};

/** A backend whose settings reads wait until the test answers them. */
function fakeService() {
  let push: (e: LiveEvent) => void = () => {};
  const reads: ((s: ServiceSettings) => void)[] = [];
  let limitsAsked = 0;
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    settings: () => new Promise<ServiceSettings>((r) => reads.push(r)),
    saveSettings: async (c: Partial<ServiceSettings>) => ({ ...BO, ...c }),
    limits: async () => {
      limitsAsked++;
      return LIMITS;
    },
    countries: async () => [
      { iso: 'BO', dial: 591 },
      { iso: 'MX', dial: 52 },
    ],
  } as unknown as Backend;
  return { b, reads, push: (e: LiveEvent) => push(e), limitsAsked: () => limitsAsked };
}

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('the service’s rules', () => {
  it('are read at start and follow every settings event, whoever changed them', async () => {
    const s = fakeService();
    const stop = followRules(s.b);
    s.reads.shift()?.(BO);
    await settled();
    expect(defaultCountry()).toBe('BO');
    expect(dialOf('MX')).toBe(52);
    expect(rules.limits).toEqual(LIMITS);

    // The POS changed the country over REST.
    s.push({ type: 'settings', settings: { ...BO, default_country: 'MX' } });
    expect(defaultCountry()).toBe('MX');

    // Events were missed: the settings are read again; limits and countries are kept.
    s.push({ type: 'resync' });
    s.reads.shift()?.({ ...BO, default_country: 'AR' });
    await settled();
    expect(defaultCountry()).toBe('AR');
    expect(s.limitsAsked()).toBe(1);
    stop();
  });

  it('keep a settings event over an answer that was on its way before it', async () => {
    const s = fakeService();
    const stop = followRules(s.b);
    s.push({ type: 'settings', settings: { ...BO, default_country: 'PE' } });
    // The read started before the event: its answer is older news.
    s.reads.shift()?.(BO);
    await settled();
    expect(defaultCountry()).toBe('PE');

    expect((await saveSettings(s.b, { default_country: 'CL' })).default_country).toBe('CL');
    expect(defaultCountry()).toBe('CL');
    stop();
  });
});
