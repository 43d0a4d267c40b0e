// The UI's own preferences (language, browser notifications, the number to send from), kept in localStorage. The
// default country is not one of them: it is the service's (state/rules.svelte.ts).

import { pickLanguage } from '../i18n/translate';

export type Lang = 'es' | 'en';

interface Stored {
  lang: Lang;
  notifyFailures: boolean;
  notifyDisconnect: boolean;
  /** "Send from": the linked number (profile id) sends, broadcasts and claims go from. */
  profile: string;
}

const KEY = 'mostrador.prefs';

function browserLocales(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

function load(): Stored {
  const defaults: Stored = {
    lang: pickLanguage(browserLocales()),
    notifyFailures: false,
    notifyDisconnect: false,
    profile: '',
  };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Stored>;
    // Only what is still ours: earlier versions also kept a country here.
    return {
      lang: saved.lang === 'es' || saved.lang === 'en' ? saved.lang : defaults.lang,
      notifyFailures: saved.notifyFailures ?? defaults.notifyFailures,
      notifyDisconnect: saved.notifyDisconnect ?? defaults.notifyDisconnect,
      profile: typeof saved.profile === 'string' ? saved.profile : defaults.profile,
    };
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
