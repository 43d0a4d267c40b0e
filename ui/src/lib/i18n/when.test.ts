// "goes on 24 Dec at 18:00" / "sale el 24/12 a las 18:00": in the UI's language, in this
// computer's zone, with today, tomorrow and yesterday said as such.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prefs } from '../state/prefs.svelte';
import { capitalized, dueText, goesText, zoneName } from './when';

const savedTz = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'America/La_Paz';
});
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
  prefs.lang = 'en';
});

const now = Date.parse('2026-12-20T10:00:00-04:00');
const christmasEve = Date.parse('2026-12-24T18:00:00-04:00');

describe('when words', () => {
  it('say when a waiting message goes, in both languages', () => {
    prefs.lang = 'en';
    expect(goesText(christmasEve, now)).toBe('goes on 24 Dec at 18:00');
    expect(goesText(Date.parse('2026-12-20T18:30:00-04:00'), now)).toBe('goes today at 18:30');
    expect(goesText(Date.parse('2026-12-21T09:00:00-04:00'), now)).toBe('goes tomorrow at 09:00');
    prefs.lang = 'es';
    expect(goesText(christmasEve, now)).toBe('sale el 24/12 a las 18:00');
    expect(goesText(Date.parse('2026-12-21T09:00:00-04:00'), now)).toBe('sale mañana a las 09:00');
    expect(capitalized(goesText(christmasEve, now))).toBe('Sale el 24/12 a las 18:00');
  });

  it('say when one that did not go was due', () => {
    prefs.lang = 'en';
    expect(dueText(Date.parse('2026-12-19T18:00:00-04:00'), now)).toBe('was due yesterday at 18:00');
    expect(dueText(Date.parse('2026-12-15T18:00:00-04:00'), now)).toBe('was due on 15 Dec at 18:00');
    prefs.lang = 'es';
    expect(dueText(Date.parse('2026-12-15T18:00:00-04:00'), now)).toBe('debía salir el 15/12 a las 18:00');
  });

  it('name this computer’s zone and offset', () => {
    expect(zoneName(new Date(now))).toBe('America/La_Paz, UTC-04:00');
    process.env.TZ = 'UTC';
    expect(zoneName(new Date(now))).toBe('UTC+00:00');
  });
});
