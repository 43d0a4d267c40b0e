// Every error code (the service's and the UI's own) as a sentence in the chosen language.

import { asApiError } from '../api/errors';
import { t, type Key } from './index.svelte';
import { en } from './en';

export function hasKey(k: string): k is Key {
  return k in en;
}

/** The translated message for any thrown value; unknown codes show the service's own words. */
export function errorText(e: unknown): string {
  const err = asApiError(e);
  const key = `error.${err.code}`;
  return hasKey(key) ? t(key) : t('error.unknown', { message: err.message });
}

/** The translated reason a message failed (its `error.code`, e.g. `NACK_479`). */
export function failureText(code: string, message: string): string {
  if (code.startsWith('NACK_')) return t('error.NACK', { code: code.slice(5) });
  const key = `error.${code}`;
  return hasKey(key) ? t(key) : message;
}

/** Codes whose sentence is too general to act on: the service's own words say what to fix
 *  (`pacing_ms is at most 3600000`), shown under the sentence. */
const GENERAL = new Set(['VALIDATION_ERROR']);

/** The service's own words about an error whose translated sentence says too little; null
 *  for the others (their sentence says it all) and for failures without an answer. */
export function errorDetail(e: unknown): string | null {
  const err = asApiError(e);
  return GENERAL.has(err.code) && err.message.trim() ? err.message : null;
}
