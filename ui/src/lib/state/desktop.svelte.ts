// This computer's settings in the desktop app (DesktopPrefs): read at start, changed from
// Settings, and holding the UI's language, which the app's own notifications speak.

import type { Backend, DesktopPrefs } from '../api/backend';
import { unsupported } from '../api/errors';
import { prefs, type Lang } from './prefs.svelte';

export const desktop = $state({ prefs: null as DesktopPrefs | null });

let current: Backend | null = null;
let queue: Promise<unknown> = Promise.resolve();

type Change = Partial<DesktopPrefs> | ((latest: DesktopPrefs) => Partial<DesktopPrefs>);

/** Saves a change over the latest settings; one save at a time, so none undoes another. */
export function changeDesktop(change: Change): Promise<DesktopPrefs> {
  const run = queue.then(async () => {
    const b = current;
    const base = desktop.prefs && $state.snapshot(desktop.prefs);
    if (!b || !base) throw unsupported('desktop settings');
    const changes = typeof change === 'function' ? change(base) : change;
    const saved = await b.saveDesktopPrefs({ ...base, ...changes });
    desktop.prefs = saved;
    return saved;
  });
  queue = run.catch(() => {});
  return run;
}

/** Switches the UI's language, and the desktop app's notifications with it. */
export function chooseLanguage(lang: Lang): void {
  prefs.lang = lang;
  if (desktop.prefs && desktop.prefs.language !== lang) {
    // The UI has switched already; the notifications stay as they were until the next try.
    changeDesktop({ language: lang }).catch(() => {});
  }
}

/** Reads the app's settings (a browser has none): a language saved there wins; otherwise the
 *  UI's own choice (or the OS locale's) is saved for the notifications. */
export async function loadDesktop(b: Backend): Promise<void> {
  current = b;
  desktop.prefs = null;
  let p: DesktopPrefs | null;
  try {
    p = await b.desktopPrefs();
  } catch {
    return; // Settings then shows no section for this computer.
  }
  if (!p || current !== b) return;
  desktop.prefs = p;
  if (p.language) prefs.lang = p.language;
  else await changeDesktop({ language: prefs.lang }).catch(() => {});
}
