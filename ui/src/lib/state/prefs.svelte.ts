// The UI's own preferences (language, default country, notifications), kept in localStorage.

import { countryFromLocales } from '../countries';
import { pickLanguage } from '../i18n/translate';

export type Lang = 'es' | 'en';

interface Stored {
  lang: Lang;
  country: string;
  notifyFailures: boolean;
  notifyDisconnect: boolean;
}

const KEY = 'mostrador.prefs';

function browserLocales(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

function load(): Stored {
  const locales = browserLocales();
  const defaults: Stored = {
    lang: pickLanguage(locales),
    // A Spanish locale's region (es-MX → MX), else the service's own default, BO.
    country: countryFromLocales(locales.filter((l) => l.toLowerCase().startsWith('es'))) ?? 'BO',
    notifyFailures: false,
    notifyDisconnect: false,
  };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Stored>;
    return { ...defaults, ...saved };
  } catch {
    return defaults;
  }
}

export const prefs: Stored = $state(load());

/** Writes the preferences back whenever one changes. */
export function persistPrefs(): void {
  $effect.root(() => {
    $effect(() => {
      const snapshot = JSON.stringify(prefs);
      try {
        localStorage.setItem(KEY, snapshot);
      } catch {
        // Private mode or full storage: preferences last for this tab only.
      }
      document.documentElement.lang = prefs.lang;
    });
  });
}
