// The named API keys as the service lists them, and what Settings does to them (make one, revoke
// one after asking), each with its feedback. Refusals read in the shop's words (keyErrorText);
// what is allowed is the service's to say.

import type { Backend } from '../api/backend';
import { asApiError } from '../api/errors';
import type { NamedKey, NamedKeyCreated, NewNamedKey } from '../api/keys';
import { errorDetail, errorText } from '../i18n/errors';
import { t } from '../i18n/index.svelte';
import { confirm } from './confirm.svelte';
import { toast } from './toasts.svelte';

export const keys = $state({ list: [] as NamedKey[], loaded: false, error: null as unknown });

/** What was being done when the service refused. */
export type KeyOp = 'list' | 'create' | 'revoke';

/** A refusal about a named key in the shop's words: `FORBIDDEN` is a caller that is not the main
 *  key; `NOT_FOUND` is the number (making) or the key (revoking) not there; `VALIDATION_ERROR`
 *  when making is the name; anything else as the app says it everywhere. */
export function keyErrorText(e: unknown, op: KeyOp): string {
  const code = asApiError(e).code;
  if (code === 'FORBIDDEN') return t('keys.err.forbidden');
  if (code === 'NOT_FOUND' && op === 'create') return t('keys.err.number');
  if (code === 'NOT_FOUND' && op === 'revoke') return t('keys.err.gone');
  if (code === 'VALIDATION_ERROR' && op === 'create') return t('keys.err.name');
  return [errorText(e), errorDetail(e)].filter(Boolean).join(' ');
}

/** Reads the list again; a refusal stays in `error` for the section to show. */
export async function loadKeys(b: Backend): Promise<void> {
  try {
    keys.list = await b.keys.list();
    keys.error = null;
  } catch (e) {
    keys.error = e;
  } finally {
    keys.loaded = true;
  }
}

/** Makes a key; its secret is in the answer only. Throws the refusal in the shop's words (the
 *  form shows it). */
export async function createKey(b: Backend, key: NewNamedKey): Promise<NamedKeyCreated> {
  let made: NamedKeyCreated;
  try {
    made = await b.keys.create(key);
  } catch (e) {
    throw new Error(keyErrorText(e, 'create'));
  }
  toast(t('keys.created', { name: made.name }), 'ok');
  await loadKeys(b);
  return made;
}

/** Revokes a key after asking; true when it is gone. */
export async function revokeKey(b: Backend, key: NamedKey): Promise<boolean> {
  const yes = await confirm(
    t('keys.revokeTitle', { name: key.name }),
    t('keys.revokeBody'),
    t('keys.revoke'),
  );
  if (!yes) return false;
  try {
    await b.keys.revoke(key.id);
    toast(t('keys.revoked', { name: key.name }), 'ok');
    return true;
  } catch (e) {
    toast(keyErrorText(e, 'revoke'), 'error');
    return false;
  } finally {
    await loadKeys(b);
  }
}
