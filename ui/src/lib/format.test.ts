// Sizes, times, country names and date-filter bounds.
import { describe, expect, it } from 'vitest';
import { countryName, dayEnd, dayStart, formatBytes, formatWhen } from './format';

describe('format', () => {
  it('writes sizes with the language’s decimal mark', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1536, 'es')).toBe('1,5 KB');
    expect(formatBytes(25 * 1024 * 1024, 'es')).toBe('25 MB');
  });

  it('names countries by their ISO code in the UI’s language', () => {
    expect(countryName('MX', 'es')).toBe('México');
    expect(countryName('MX', 'en')).toBe('Mexico');
  });

  it('shows only the time for today', () => {
    const now = new Date(2026, 10, 21, 18, 0).getTime();
    expect(formatWhen(new Date(2026, 10, 21, 9, 5).getTime(), 'en-GB', now)).toBe('09:05');
    expect(formatWhen(new Date(2026, 10, 20, 9, 5).getTime(), 'en-GB', now)).toMatch(/20 Nov/);
    expect(formatWhen(new Date(2025, 0, 2, 9, 5).getTime(), 'en-GB', now)).toMatch(/2025/);
  });

  it('turns date inputs into an inclusive start and an exclusive end', () => {
    expect(dayStart('2026-11-21')).toBe(new Date(2026, 10, 21).getTime());
    expect(dayEnd('2026-11-21')).toBe(new Date(2026, 10, 22).getTime());
    expect(dayStart('')).toBeUndefined();
  });
});
