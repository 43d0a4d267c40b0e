// The API key: taken from #key=… once, then only from this tab's storage.
import { describe, expect, it } from 'vitest';
import { takeKey } from './key';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('takeKey', () => {
  it('moves the key from the fragment to storage and cleans the address bar', () => {
    const store = memory();
    let url = '';
    const key = takeKey({ hash: '#key=abc123', pathname: '/', search: '?x=1' }, store, (u) => (url = u));
    expect(key).toBe('abc123');
    expect(url).toBe('/?x=1');
    expect(takeKey({ hash: '', pathname: '/', search: '' }, store, () => {})).toBe('abc123');
  });

  it('returns null when there is no key anywhere, and leaves the URL alone', () => {
    let touched = false;
    expect(
      takeKey({ hash: '#/log', pathname: '/', search: '' }, memory(), () => (touched = true)),
    ).toBeNull();
    expect(touched).toBe(false);
  });
});
