// Actions several screens offer, each with its confirmation and its feedback.

import { errorText } from './i18n/errors';
import { t } from './i18n/index.svelte';
import { backend, learnSession, requestProfile, selected } from './state/app.svelte';
import { confirm } from './state/confirm.svelte';
import { toast } from './state/toasts.svelte';

// Each acts on one linked number (profile id); none: the one "Send from" names.

/** Unlinks the shop's phone (after asking); the session then asks for a new link. */
export async function unlinkPhone(profile: string = selected()): Promise<void> {
  const yes = await confirm(t('unlink.title'), t('unlink.body'), t('unlink.confirm'));
  if (!yes) return;
  try {
    learnSession(await backend().logout(requestProfile(profile)));
    toast(t('unlink.done'), 'ok');
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

/** Asks for fresh QR codes after they ran out or after unlinking. */
export async function relink(profile: string = selected()): Promise<void> {
  try {
    learnSession(await backend().relink(requestProfile(profile)));
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

/** Demo builds: the fake network's phone scans the QR shown now. */
export async function demoScan(profile: string = selected()): Promise<void> {
  try {
    learnSession(await backend().demoScan(requestProfile(profile)));
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

/** Demo builds: the fake network's phone's user types the pair code shown. */
export async function demoPairCode(code: string, profile: string = selected()): Promise<void> {
  try {
    learnSession(await backend().demoPairCode(code.replace(/[^A-Za-z0-9]/g, ''), requestProfile(profile)));
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(t('common.copied'), 'ok');
  } catch {
    toast(t('common.copyFailed'), 'error');
  }
}
