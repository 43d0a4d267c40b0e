// "See in log" from a broadcast: the log opens (its route) filtered to that broadcast alone.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.unstubAllGlobals());

describe('the log’s filter by broadcast', () => {
  it('opens the log on one broadcast, keeping only its id and name', async () => {
    const pushed: string[] = [];
    vi.stubGlobal('location', { hash: '#/broadcast' });
    vi.stubGlobal('window', { addEventListener: () => {} });
    vi.stubGlobal('history', { pushState: (_s: unknown, _t: string, url: string) => pushed.push(url) });
    const { logFilter, openLogFor } = await import('./log.svelte');
    const { route } = await import('./route.svelte');
    expect(logFilter.batch).toBeNull();
    const batch = { id: 'b1', name: 'Promo', status: 'done', total: 3 };
    openLogFor(batch);
    expect(logFilter.batch).toEqual({ id: 'b1', name: 'Promo' });
    expect(route.screen).toBe('log');
    expect(pushed).toEqual(['#/log']);
  });
});
