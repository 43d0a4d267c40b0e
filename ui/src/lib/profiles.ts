// How the linked numbers (profiles) read on screen: a number's state in a word, its colour, and
// a refusal about numbers in the shop's words. What may be done is the service's to say.

import type { Profile } from './api/profiles';
import type { SessionInfo } from './api/types';
import { asApiError } from './api/errors';
import { errorDetail, errorText } from './i18n/errors';
import { t, type Key } from './i18n/index.svelte';
import { sessionView, type SessionView } from './session';

/** Colours offered for a new number (the service takes any `#rrggbb`). */
export const COLORS = ['#2e7d32', '#1565c0', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];

/** A colour for the next number: the first of COLORS no number has yet. */
export function nextColor(profiles: Pick<Profile, 'color'>[]): string {
  const taken = new Set(profiles.map((p) => p.color.toLowerCase()));
  return COLORS.find((c) => !taken.has(c)) ?? COLORS[profiles.length % COLORS.length]!;
}

/** The dot's colour: the number's own, or a neutral grey when it has none. */
export function dotColor(p: Pick<Profile, 'color'> | undefined): string {
  return p?.color || 'var(--text-3)';
}

/** A session's state in a few words (the status chip's and the numbers list's). */
export function stateKey(view: SessionView | null): Key {
  switch (view?.kind) {
    case undefined:
    case 'connecting':
    case 'reconnecting':
      return 'chip.connecting';
    case 'linked':
      return 'chip.linked';
    case 'pairing':
      return 'chip.pairing';
    case 'no_engine':
      return 'chip.noEngine';
    case 'offline':
      return 'chip.stopped';
    default:
      return 'chip.notLinked';
  }
}

/** The tone of a session's dot: linked, busy, taken offline, or needing the manager. */
export function stateTone(view: SessionView | null): 'ok' | 'busy' | 'off' | 'warn' {
  switch (view?.kind) {
    case 'linked':
      return 'ok';
    case undefined:
    case 'connecting':
    case 'reconnecting':
      return 'busy';
    case 'offline':
      return 'off';
    default:
      return 'warn';
  }
}

export function viewOf(s: SessionInfo | null | undefined): SessionView | null {
  return s ? sessionView(s) : null;
}

/** What was being done to a number when the service refused. */
export type ProfileOp = 'add' | 'change' | 'remove' | 'connect' | 'other';

/** A refusal about a number, in the shop's words: `NOT_FOUND` is a number that is not there;
 *  `INVALID_STATE` is the name taken (adding, renaming), the main number (removing) or a number
 *  not offline (connecting); anything else as the app says it everywhere. */
export function profileErrorText(e: unknown, op: ProfileOp): string {
  const code = asApiError(e).code;
  if (code === 'NOT_FOUND') return t('pf.err.notFound');
  if (code === 'INVALID_STATE') {
    if (op === 'add' || op === 'change') return t('pf.err.nameTaken');
    if (op === 'remove') return t('pf.err.main');
    if (op === 'connect') return t('pf.err.notOffline');
  }
  return [errorText(e), errorDetail(e)].filter(Boolean).join(' ');
}
