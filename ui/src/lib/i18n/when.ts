// When a message sent later goes (or was to go), in words: "goes on 24 Dec at 18:00" /
// "sale el 24/12 a las 18:00", in the UI's language and this computer's time zone.

import { offsetText, whenParts } from '../schedule';
import { locale, t } from './index.svelte';

/** `goes today at 18:00` / `sale el 24/12 a las 18:00`: a message still waiting. */
export function goesText(ms: number, now = Date.now()): string {
  const p = whenParts(ms, locale(), now);
  if (p.rel === 'today') return t('when.goesToday', { time: p.time });
  if (p.rel === 'tomorrow') return t('when.goesTomorrow', { time: p.time });
  return t('when.goesOn', { day: p.day, time: p.time });
}

/** `was due yesterday at 18:00` / `debía salir el 24/12 a las 18:00`: one that did not go. */
export function dueText(ms: number, now = Date.now()): string {
  const p = whenParts(ms, locale(), now);
  if (p.rel === 'today') return t('when.dueToday', { time: p.time });
  if (p.rel === 'yesterday') return t('when.dueYesterday', { time: p.time });
  return t('when.dueOn', { day: p.day, time: p.time });
}

/** The words as a sentence's start: `Goes on 24 Dec at 18:00`. */
export function capitalized(s: string): string {
  return s.charAt(0).toLocaleUpperCase(locale()) + s.slice(1);
}

/** This computer's zone as people may know it: `America/La_Paz, UTC−04:00`. */
export function zoneName(now = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = `UTC${offsetText(-now.getTimezoneOffset())}`;
  return zone && zone !== 'UTC' ? `${zone}, ${offset}` : offset;
}
