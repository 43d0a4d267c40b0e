// The countries the recipient field knows: calling code, national number lengths and grouping.
// Small on purpose (the shops' region first); the service's phone library stays the judge.

export interface Country {
  /** ISO 3166 code. */
  iso: string;
  /** Calling code without `+`. */
  dial: string;
  /** Lengths of a national number (after the trunk prefix is dropped). */
  lengths: number[];
  /** Dialled before local numbers at home, dropped in international form. */
  trunk?: string;
  /** How people group the national number, e.g. [4, 4] → `7123 4567`. */
  groups: number[];
}

export const COUNTRIES: Country[] = [
  { iso: 'AR', dial: '54', lengths: [10, 11], trunk: '0', groups: [2, 4, 4] },
  { iso: 'BO', dial: '591', lengths: [8], groups: [4, 4] },
  { iso: 'BR', dial: '55', lengths: [10, 11], trunk: '0', groups: [2, 5, 4] },
  { iso: 'CL', dial: '56', lengths: [9], groups: [1, 4, 4] },
  { iso: 'CO', dial: '57', lengths: [10], groups: [3, 3, 4] },
  { iso: 'CR', dial: '506', lengths: [8], groups: [4, 4] },
  { iso: 'CU', dial: '53', lengths: [8], groups: [4, 4] },
  { iso: 'DO', dial: '1', lengths: [10], groups: [3, 3, 4] },
  { iso: 'EC', dial: '593', lengths: [8, 9], trunk: '0', groups: [2, 3, 4] },
  { iso: 'ES', dial: '34', lengths: [9], groups: [3, 3, 3] },
  { iso: 'GT', dial: '502', lengths: [8], groups: [4, 4] },
  { iso: 'HN', dial: '504', lengths: [8], groups: [4, 4] },
  { iso: 'MX', dial: '52', lengths: [10, 11], groups: [2, 4, 4] },
  { iso: 'NI', dial: '505', lengths: [8], groups: [4, 4] },
  { iso: 'PA', dial: '507', lengths: [7, 8], groups: [4, 4] },
  { iso: 'PE', dial: '51', lengths: [8, 9], groups: [3, 3, 3] },
  { iso: 'PY', dial: '595', lengths: [9], trunk: '0', groups: [3, 3, 3] },
  { iso: 'SV', dial: '503', lengths: [8], groups: [4, 4] },
  { iso: 'US', dial: '1', lengths: [10], groups: [3, 3, 4] },
  { iso: 'UY', dial: '598', lengths: [8], trunk: '0', groups: [2, 3, 3] },
  { iso: 'VE', dial: '58', lengths: [10], trunk: '0', groups: [3, 3, 4] },
];

const BY_ISO = new Map(COUNTRIES.map((c) => [c.iso, c]));

export function country(iso: string): Country | undefined {
  return BY_ISO.get(iso.toUpperCase());
}

/** The country a calling code belongs to (`1` is the US; `54…` is Argentina). */
export function countryByDial(digits: string): Country | undefined {
  for (const len of [3, 2, 1]) {
    const dial = digits.slice(0, len);
    const found = COUNTRIES.find((c) => c.dial === dial && (dial !== '1' || c.iso === 'US'));
    if (found) return found;
  }
  return undefined;
}

/** The country of a locale such as `es-BO`, when the table knows it. */
export function countryFromLocales(locales: readonly string[]): string | undefined {
  for (const l of locales) {
    const region = l.split(/[-_]/)[1]?.toUpperCase();
    if (region && BY_ISO.has(region)) return region;
  }
  return undefined;
}

/** `Bolivia` / `Bolivia` / `Mexico` / `México`, by the UI's language. */
export function countryName(iso: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(iso) ?? iso;
  } catch {
    return iso;
  }
}
