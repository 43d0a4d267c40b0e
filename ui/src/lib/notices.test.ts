// Browser notifications: a message that failed or expired unsent, only when asked for and only
// while the page is in the background.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent } from './api/backend';
import type { Status } from './api/types';
import { watchForNotices } from './notices';
import { prefs } from './state/prefs.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
  prefs.notifyFailures = false;
});

function setup(hidden: boolean) {
  let push: (e: LiveEvent) => void = () => {};
  const notify = vi.fn(async () => true);
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    notify,
  } as unknown as Backend;
  vi.stubGlobal('document', { hidden });
  watchForNotices(b);
  const message = (status: Status) =>
    push({
      type: 'message',
      update: { id: 'm', whatsapp_id: 'w', status, attempts: 0, at: 1, revision: 2 },
    });
  const session = (profile: string, state: 'connected' | 'pairing' | 'disconnected') =>
    push({ type: 'session', session: { state, since: 1, actions: [], profile } });
  return { notify, message, session };
}

describe('watchForNotices', () => {
  it('tells of a failed or expired message in the background, when asked', () => {
    prefs.notifyFailures = true;
    const { notify, message } = setup(true);
    message('failed');
    message('expired');
    message('scheduled');
    message('sent');
    expect(notify).toHaveBeenCalledTimes(2);
  });

  it('says nothing while the page is in front, or when not asked', () => {
    prefs.notifyFailures = true;
    const front = setup(false);
    front.message('expired');
    expect(front.notify).not.toHaveBeenCalled();
    prefs.notifyFailures = false;
    const off = setup(true);
    off.message('failed');
    expect(off.notify).not.toHaveBeenCalled();
  });

  it('tells of a number that lost its link, not of another number’s first events', () => {
    prefs.notifyDisconnect = true;
    const { notify, session } = setup(true);
    session('default', 'connected');
    // A second number appears and waits for its scan: the main one is still linked.
    session('p2', 'pairing');
    expect(notify).not.toHaveBeenCalled();
    session('default', 'disconnected');
    expect(notify).toHaveBeenCalledTimes(1);
    prefs.notifyDisconnect = false;
  });
});
