// This computer's settings: the language saved in the app wins at start, the UI's is saved
// otherwise and on each change, and quick changes in a row all stay.
import { describe, expect, it } from 'vitest';
import type { Backend, DesktopPrefs } from '../api/backend';
import { changeDesktop, chooseLanguage, desktop, loadDesktop } from './desktop.svelte';
import { prefs } from './prefs.svelte';

const DEFAULTS: DesktopPrefs = {
  notices: { linked: true, connection: true, failed: true, logged_out: true, replies: true },
  check_updates_at_start: true,
  start_at_login: false,
  language: null,
};

function fakeApp(start: DesktopPrefs | null) {
  let kept = start && structuredClone(start);
  const saves: DesktopPrefs[] = [];
  const b = {
    desktopPrefs: async () => kept && structuredClone(kept),
    saveDesktopPrefs: async (p: DesktopPrefs) => {
      await new Promise((r) => setTimeout(r, 1));
      saves.push(p);
      kept = structuredClone(p);
      return structuredClone(p);
    },
  } as unknown as Backend;
  return { b, saves };
}

describe('desktop settings', () => {
  it('take the language saved in the app', async () => {
    prefs.lang = 'en';
    const { b, saves } = fakeApp({ ...DEFAULTS, language: 'es' });
    await loadDesktop(b);
    expect(prefs.lang).toBe('es');
    expect(desktop.prefs?.language).toBe('es');
    expect(saves).toEqual([]);
  });

  it('save the UI’s language when the app has none, and each change after', async () => {
    prefs.lang = 'en';
    const { b, saves } = fakeApp(DEFAULTS);
    await loadDesktop(b);
    expect(saves.map((s) => s.language)).toEqual(['en']);
    chooseLanguage('es');
    expect(prefs.lang).toBe('es');
    await changeDesktop({});
    expect(saves.map((s) => s.language)).toEqual(['en', 'es', 'es']);
  });

  it('keep every one of several quick changes', async () => {
    const { b, saves } = fakeApp({ ...DEFAULTS, language: 'en' });
    await loadDesktop(b);
    await Promise.all([
      changeDesktop((p) => ({ notices: { ...p.notices, failed: false } })),
      changeDesktop((p) => ({ notices: { ...p.notices, linked: false } })),
      changeDesktop({ start_at_login: true }),
    ]);
    expect(saves.at(-1)).toEqual({
      ...DEFAULTS,
      language: 'en',
      notices: { linked: false, connection: true, failed: false, logged_out: true, replies: true },
      start_at_login: true,
    });
    expect(desktop.prefs).toEqual(saves.at(-1));
  });

  it('are not there in a browser', async () => {
    const { b, saves } = fakeApp(null);
    await loadDesktop(b);
    expect(desktop.prefs).toBeNull();
    chooseLanguage('en');
    await expect(changeDesktop({ start_at_login: true })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(saves).toEqual([]);
  });
});
