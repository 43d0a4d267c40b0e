// Named keys in Settings: refusals said in the shop's words by what was being done, the list
// read again after making or revoking one, and a revoke only after the manager says yes.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../api/backend';
import { ApiError } from '../api/errors';
import type { Keys, NamedKey } from '../api/keys';
import { answer, pending } from './confirm.svelte';
import { createKey, keyErrorText, keys, loadKeys, revokeKey } from './keys.svelte';
import { prefs } from './prefs.svelte';

function fake(over: Partial<Keys> = {}): { b: Backend; calls: string[] } {
  const calls: string[] = [];
  const list: NamedKey[] = [{ id: 'key_1', name: 'POS norte', profile: 'p2', created_at: 1 }];
  const k: Keys = {
    list: async () => (calls.push('list'), list),
    create: async (n) => (calls.push(`create ${n.name}`), { ...list[0]!, secret: 'mk_1' }),
    revoke: async (id) => void calls.push(`revoke ${id}`),
    ...over,
  };
  return { b: { keys: k } as unknown as Backend, calls };
}

describe('named keys', () => {
  it('says refusals by what was being done', () => {
    prefs.lang = 'en';
    const forbidden = new ApiError('FORBIDDEN', 'only the main key', 403);
    expect(keyErrorText(forbidden, 'list')).toContain('Only the main key');
    const missing = new ApiError('NOT_FOUND', 'no profile p9', 404);
    expect(keyErrorText(missing, 'create')).toBe('That number is no longer linked here. Choose another.');
    expect(keyErrorText(missing, 'revoke')).toBe('That key was already revoked.');
    prefs.lang = 'es';
    expect(keyErrorText(new ApiError('VALIDATION_ERROR', 'name is 1 to 40', 400), 'create')).toBe(
      'Dé a la clave un nombre de 1 a 40 caracteres.',
    );
  });

  it('reads the list again after making a key, and keeps a refused read to show', async () => {
    const { b, calls } = fake();
    const made = await createKey(b, { name: 'POS norte', profile: 'p2' });
    expect(made.secret).toBe('mk_1');
    expect(calls).toEqual(['create POS norte', 'list']);
    expect(keys.list.map((k) => k.id)).toEqual(['key_1']);

    const refused = fake({ list: () => Promise.reject(new ApiError('FORBIDDEN', 'no', 403)) });
    await loadKeys(refused.b);
    expect(keys.error).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('throws a refused make in the shop’s words', async () => {
    prefs.lang = 'en';
    const { b } = fake({ create: () => Promise.reject(new ApiError('NOT_FOUND', 'no profile', 404)) });
    await expect(createKey(b, { name: 'x', profile: 'p9' })).rejects.toThrow(
      'That number is no longer linked',
    );
  });

  it('revokes only after the manager says yes', async () => {
    const { b, calls } = fake();
    const key = { id: 'key_1', name: 'POS norte', created_at: 1 };
    const no = revokeKey(b, key);
    expect(pending.request?.title).toContain('POS norte');
    answer(false);
    expect(await no).toBe(false);
    expect(calls).toEqual([]);
    const yes = revokeKey(b, key);
    answer(true);
    expect(await yes).toBe(true);
    expect(calls).toEqual(['revoke key_1', 'list']);
  });
});
