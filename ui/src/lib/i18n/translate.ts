// Looking up a string and filling its {placeholders}; independent of how the language is chosen.

export type Vars = Record<string, string | number>;

/**
 * Fills `{name}`; `{n|one|other}` picks a word by the number (`{n} {n|mensaje|mensajes}`).
 */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(
    /\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g,
    (whole, name: string, one?: string, other?: string) => {
      if (!(name in vars)) return whole;
      if (one === undefined) return String(vars[name]);
      return Number(vars[name]) === 1 ? one : (other ?? '');
    },
  );
}

/** `es-BO` → `es`; anything but Spanish or English falls back to English. */
export function pickLanguage(locales: readonly string[]): 'es' | 'en' {
  for (const l of locales) {
    const base = l.toLowerCase().split(/[-_]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}
