// What the screens do to the linked numbers (add, rename, remove, take offline and back), each
// with its confirmation and its feedback; and the choice of the number to send from.

import type { Profile } from '../api/profiles';
import { MAIN_PROFILE } from '../api/profiles';
import { t } from '../i18n/index.svelte';
import { profileErrorText } from '../profiles';
import { app, backend, learnSession, loadProfiles } from './app.svelte';
import { confirm } from './confirm.svelte';
import { prefs } from './prefs.svelte';
import { toast } from './toasts.svelte';

/** "Send from": kept in prefs (the main number as none, so a fresh install needs nothing). */
export function chooseProfile(id: string): void {
  prefs.profile = id === MAIN_PROFILE ? '' : id;
}

/** The listed number with this id, if any. */
export function profileById(id: string | undefined): Profile | undefined {
  return app.profiles.find((p) => p.id === (id || MAIN_PROFILE));
}

/** Adds a number; its session starts at once and offers QR codes. Throws the refusal in the
 *  shop's words (the form shows it). */
export async function addProfile(name: string, color: string): Promise<Profile> {
  try {
    const p = await backend().profiles.add({ name: name.trim(), color });
    learnSession({ ...p.session, profile: p.id });
    await loadProfiles();
    toast(t('pf.added', { name: p.name }), 'ok');
    return p;
  } catch (e) {
    throw new Error(profileErrorText(e, 'add'));
  }
}

export async function changeProfile(id: string, patch: { name?: string; color?: string }): Promise<void> {
  try {
    await backend().profiles.change(id, patch);
    await loadProfiles();
    toast(t('pf.saved'), 'ok');
  } catch (e) {
    throw new Error(profileErrorText(e, 'change'));
  }
}

/** Removes a number after asking (its queued messages are cancelled); says how many were. */
export async function removeProfile(p: Profile): Promise<boolean> {
  const yes = await confirm(t('pf.removeTitle', { name: p.name }), t('pf.removeBody'), t('pf.remove'));
  if (!yes) return false;
  try {
    const done = await backend().profiles.remove(p.id);
    if (prefs.profile === p.id) chooseProfile(MAIN_PROFILE);
    await loadProfiles();
    toast(t('pf.removed', { name: p.name, n: done.cancelled }), 'ok');
    return true;
  } catch (e) {
    toast(profileErrorText(e, 'remove'), 'error');
    return false;
  }
}

/** Takes a number offline (keeping its link) or brings it back. */
export async function setOnline(id: string, online: boolean): Promise<void> {
  try {
    const b = backend().profiles;
    learnSession(await (online ? b.connect(id) : b.disconnect(id)));
  } catch (e) {
    toast(profileErrorText(e, online ? 'connect' : 'other'), 'error');
  }
}
