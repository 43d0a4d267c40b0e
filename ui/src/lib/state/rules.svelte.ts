// What the service decides and the screens show: the settings in effect (the default country
// above all), what a send may carry, and the countries there are. Read when the backend is
// connected, then kept current by the service's `settings` events — whoever made the change
// (this window, another one, the POS over REST) — and read again after missed events.

import type { Backend, LiveEvent, ServiceSettings } from '../api/backend';
import type { Country, SendLimits } from '../api/types';

export const rules = $state({
  settings: null as ServiceSettings | null,
  limits: null as SendLimits | null,
  countries: [] as Country[],
});

/** The ISO code numbers typed without a country code belong to; null until the service says. */
export function defaultCountry(): string | null {
  return rules.settings?.default_country ?? null;
}

/** The calling code of a country, from the service's list. */
export function dialOf(iso: string): number | undefined {
  return rules.countries.find((c) => c.iso === iso)?.dial;
}

/** Settings events heard so far: an answer to a read or save that started before the latest
 *  event may be older than that event, and is not kept. */
let heard = 0;

/** Saves a change through the service; its `settings` event brings it to every surface. */
export async function saveSettings(b: Backend, changes: Partial<ServiceSettings>): Promise<ServiceSettings> {
  const at = heard;
  const saved = await b.saveSettings(changes);
  if (at === heard) rules.settings = saved;
  return saved;
}

async function readSettings(b: Backend): Promise<void> {
  const at = heard;
  try {
    const s = await b.settings();
    if (at === heard) rules.settings = s;
  } catch {
    // Unreachable, or a service without settings: the screens show no country until it says.
  }
}

/** Reads whatever is still missing; settings are read again whenever `settings` is true. */
async function load(b: Backend, settings: boolean): Promise<void> {
  await Promise.all([
    settings || !rules.settings ? readSettings(b) : null,
    rules.limits
      ? null
      : b.limits().then(
          (l) => (rules.limits = l),
          () => {},
        ),
    rules.countries.length
      ? null
      : b.countries().then(
          (c) => (rules.countries = c),
          () => {},
        ),
  ]);
}

/** Follows the service's rules on this backend until the returned function is called. */
export function followRules(b: Backend): () => void {
  let live = true;
  const stop = b.subscribe((e: LiveEvent) => {
    if (!live) return;
    if (e.type === 'settings') {
      heard++;
      rules.settings = e.settings;
    }
    // Events may have been missed: the settings may have changed meanwhile.
    else if (e.type === 'resync') void load(b, true);
    // The service may have been out of reach when first asked.
    else if (e.type === 'link' && e.up) void load(b, false);
  });
  void load(b, true);
  return () => {
    live = false;
    stop();
  };
}
