// The sentence for every error code (the service's and the UI's own), in both languages, from
// errors.json — the one list the desktop app's notifications read too (it `include_str!`s the
// file), so a failure says the same in the window and in a notification.

import texts from './errors.json';

export type ErrorCode = keyof typeof texts;
export type ErrorKey = `error.${ErrorCode}`;

/** Every code's sentence in `lang`, under its dictionary key (`error.NOT_ON_WHATSAPP`). */
export function codeTexts(lang: 'en' | 'es'): Record<ErrorKey, string> {
  return Object.fromEntries(
    Object.entries(texts).map(([code, said]) => [`error.${code}`, said[lang]]),
  ) as Record<ErrorKey, string>;
}
