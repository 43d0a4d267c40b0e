// Send later's local time as RFC 3339 with the zone's offset, in several zones (Node follows
// process.env.TZ as it changes), and a message's time back as the picker's values and words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offsetText, pickerFromMs, sendAtFromPicker, whenParts } from './schedule';

const savedTz = process.env.TZ;
const inZone = (tz: string) => {
  process.env.TZ = tz;
};

afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('offsetText', () => {
  it('writes minutes east of UTC as ±hh:mm', () => {
    expect(offsetText(-240)).toBe('-04:00');
    expect(offsetText(330)).toBe('+05:30');
    expect(offsetText(0)).toBe('+00:00');
    expect(offsetText(-570)).toBe('-09:30');
  });
});

describe('sendAtFromPicker', () => {
  it('writes a negative, DST-free zone’s offset (Bolivia, -04:00 all year)', () => {
    inZone('America/La_Paz');
    const dec = sendAtFromPicker({ date: '2026-12-24', time: '18:00' });
    expect(dec).toBe('2026-12-24T18:00:00-04:00');
    expect(Date.parse(dec ?? '')).toBe(Date.UTC(2026, 11, 24, 22, 0));
    // Half a year on, the same offset: no summer time there.
    expect(sendAtFromPicker({ date: '2026-07-01', time: '09:05' })).toBe('2026-07-01T09:05:00-04:00');
    // Just before and after midnight: the local day is kept, not UTC's.
    expect(sendAtFromPicker({ date: '2026-12-31', time: '23:59' })).toBe('2026-12-31T23:59:00-04:00');
    expect(sendAtFromPicker({ date: '2027-01-01', time: '00:00' })).toBe('2027-01-01T00:00:00-04:00');
  });

  it('writes a positive half-hour offset, and UTC as +00:00', () => {
    inZone('Asia/Kolkata');
    expect(sendAtFromPicker({ date: '2026-12-24', time: '18:00' })).toBe('2026-12-24T18:00:00+05:30');
    inZone('UTC');
    expect(sendAtFromPicker({ date: '2026-12-24', time: '18:00' })).toBe('2026-12-24T18:00:00+00:00');
  });

  it('takes the offset of the chosen day where clocks change (Santiago, Chile)', () => {
    inZone('America/Santiago');
    // Southern summer (-03:00) and winter (-04:00).
    expect(sendAtFromPicker({ date: '2026-12-24', time: '18:00' })).toBe('2026-12-24T18:00:00-03:00');
    expect(sendAtFromPicker({ date: '2026-07-10', time: '18:00' })).toBe('2026-07-10T18:00:00-04:00');
  });

  it('names a real instant for an hour the clocks skip (New York, 8 March 2026)', () => {
    inZone('America/New_York');
    const skipped = sendAtFromPicker({ date: '2026-03-08', time: '02:30' });
    expect(skipped).toMatch(/^2026-03-08T03:30:00-04:00$/);
    expect(Date.parse(skipped ?? '')).toBe(Date.UTC(2026, 2, 8, 7, 30));
  });

  it('keeps seconds when the input gives them', () => {
    inZone('America/La_Paz');
    expect(sendAtFromPicker({ date: '2026-12-24', time: '18:00:30' })).toBe('2026-12-24T18:00:30-04:00');
  });

  it('is null until both inputs name a real time', () => {
    inZone('America/La_Paz');
    for (const v of [
      { date: '', time: '18:00' },
      { date: '2026-12-24', time: '' },
      { date: '2026-02-31', time: '18:00' },
      { date: '2026-12-24', time: '24:00' },
      { date: '24/12/2026', time: '18:00' },
    ]) {
      expect(sendAtFromPicker(v), JSON.stringify(v)).toBeNull();
    }
  });
});

describe('pickerFromMs', () => {
  it('shows a stored time in this computer’s zone', () => {
    inZone('America/La_Paz');
    const ms = Date.parse('2026-12-24T18:00:00-04:00');
    expect(pickerFromMs(ms)).toEqual({ date: '2026-12-24', time: '18:00' });
    expect(sendAtFromPicker(pickerFromMs(ms))).toBe('2026-12-24T18:00:00-04:00');
    inZone('America/Mexico_City');
    expect(pickerFromMs(ms)).toEqual({ date: '2026-12-24', time: '16:00' });
  });
});

describe('whenParts', () => {
  beforeEach(() => inZone('America/La_Paz'));
  const now = Date.parse('2026-12-20T10:00:00-04:00');

  it('says the day as each language writes it, and the time on a 24-hour clock', () => {
    const ms = Date.parse('2026-12-24T18:00:00-04:00');
    expect(whenParts(ms, 'es', now)).toEqual({ rel: null, day: '24/12', time: '18:00' });
    expect(whenParts(ms, 'en', now)).toEqual({ rel: null, day: '24 Dec', time: '18:00' });
    // Next year's date says its year.
    const later = Date.parse('2027-01-05T09:30:00-04:00');
    expect(whenParts(later, 'es', now).day).toBe('05/01/2027');
    expect(whenParts(later, 'en', now).day).toBe('5 Jan 2027');
  });

  it('says today, tomorrow and yesterday by the local day, not by 24 hours', () => {
    expect(whenParts(Date.parse('2026-12-20T23:59:00-04:00'), 'en', now).rel).toBe('today');
    expect(whenParts(Date.parse('2026-12-21T00:01:00-04:00'), 'en', now).rel).toBe('tomorrow');
    expect(whenParts(Date.parse('2026-12-19T08:00:00-04:00'), 'en', now).rel).toBe('yesterday');
    expect(whenParts(Date.parse('2026-12-22T08:00:00-04:00'), 'en', now).rel).toBeNull();
  });
});
