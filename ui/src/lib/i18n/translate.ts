// Looking up a string and filling its {placeholders}; independent of how the language is chosen.

export type Vars = Record<string, string | number>;

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `es-BO` → `es`; anything but Spanish or English falls back to English. */
export function pickLanguage(locales: readonly string[]): 'es' | 'en' {
  for (const l of locales) {
    const base = l.toLowerCase().split(/[-_]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}
