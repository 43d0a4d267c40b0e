// `t(key, vars)` in the chosen language; components re-render when the language changes.

import { prefs } from '../state/prefs.svelte';
import { en, type Key } from './en';
import { es } from './es';
import { interpolate, type Vars } from './translate';

const DICTS = { en, es } as const;

export type { Key };

export function t(key: Key, vars?: Vars): string {
  return interpolate(DICTS[prefs.lang][key] ?? en[key], vars);
}

/** `key` in a given language, whatever the UI's (the customer's screen shows both). */
export function tFor(lang: 'es' | 'en', key: Key, vars?: Vars): string {
  return interpolate(DICTS[lang][key] ?? en[key], vars);
}

/** The language for Intl formatting (dates, numbers, country names). */
export function locale(): string {
  return prefs.lang === 'es' ? 'es' : 'en';
}
