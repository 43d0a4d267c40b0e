// Desktop notifications the manager asked for: a message failed (or expired unsent, as the
// desktop app counts it too), WhatsApp disconnected.

import type { Backend } from './api/backend';
import type { SessionState } from './api/types';
import { t } from './i18n/index.svelte';
import { prefs } from './state/prefs.svelte';

/** Shown only while the app is in the background; returns the unsubscribe function. */
export function watchForNotices(b: Backend): () => void {
  // By linked number: one number's events say nothing about another's link.
  const last = new Map<string, SessionState>();
  return b.subscribe((e) => {
    const away = typeof document !== 'undefined' && document.hidden;
    const notSent = e.type === 'message' && (e.update.status === 'failed' || e.update.status === 'expired');
    if (notSent && prefs.notifyFailures && away) {
      void b.notify(t('notice.failed.title'), t('notice.failed.body'));
    }
    if (e.type === 'session') {
      const now = e.session.state;
      const id = e.session.profile || 'default';
      if (last.get(id) === 'connected' && now !== 'connected' && prefs.notifyDisconnect && away) {
        void b.notify(t('notice.disconnected.title'), t('notice.disconnected.body'));
      }
      last.set(id, now);
    }
  });
}
