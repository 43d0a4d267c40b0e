// Named API keys over both transports: REST paths, methods and bodies (a key's id encoded,
// `profile` left out for "any number"); the desktop commands and their arguments.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { newKeyBody } from './keys';
import { TauriBackend } from './tauri';

afterEach(() => vi.unstubAllGlobals());

describe('HttpBackend keys', () => {
  it('calls each route with its method and body, and reads the secret', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('http://127.0.0.1:3107/api/v1', '');
      calls.push(`${init.method ?? 'GET'} ${path} ${init.body ?? ''}`.trim());
      const data =
        init.method === 'POST'
          ? { id: 'key_1', name: 'POS norte', profile: 'p2', created_at: 5, secret: 'mk_abc' }
          : init.method === 'DELETE'
            ? true
            : [{ id: 'key_1', name: 'POS norte', created_at: 5 }];
      return new Response(JSON.stringify({ success: true, data }), {
        status: init.method === 'POST' ? 201 : 200,
      });
    }) as typeof fetch;
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    expect(await b.keys.list()).toEqual([{ id: 'key_1', name: 'POS norte', created_at: 5 }]);
    expect((await b.keys.create({ name: ' POS norte ', profile: 'p2' })).secret).toBe('mk_abc');
    await b.keys.create({ name: 'Web', profile: '' });
    await expect(b.keys.revoke('key_1/x')).resolves.toBeUndefined();
    expect(calls).toEqual([
      'GET /keys',
      'POST /keys {"name":"POS norte","profile":"p2"}',
      'POST /keys {"name":"Web"}',
      'DELETE /keys/key_1%2Fx',
    ]);
  });

  it('throws the service’s refusal with its code', async () => {
    const fetchImpl = (async () =>
      new Response(
        JSON.stringify({ success: false, error: { code: 'FORBIDDEN', message: 'only the main key' } }),
        { status: 403 },
      )) as unknown as typeof fetch;
    const b = new HttpBackend({ origin: 'http://h:1', key: 'k', fetch: fetchImpl });
    await expect(b.keys.list()).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('TauriBackend keys', () => {
  it('calls the desktop commands', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          return cmd === 'named_keys'
            ? []
            : cmd === 'create_named_key'
              ? { id: 'key_1', secret: 'mk_x' }
              : null;
        },
        transformCallback: () => 0,
      },
    });
    const b = new TauriBackend();
    await b.keys.list();
    expect((await b.keys.create({ name: 'POS', profile: 'p2' })).secret).toBe('mk_x');
    await b.keys.create({ name: 'Any' });
    await b.keys.revoke('key_1');
    expect(calls).toEqual([
      { cmd: 'named_keys', args: undefined },
      { cmd: 'create_named_key', args: { key: { name: 'POS', profile: 'p2' } } },
      { cmd: 'create_named_key', args: { key: { name: 'Any' } } },
      { cmd: 'revoke_named_key', args: { id: 'key_1' } },
    ]);
  });
});

describe('newKeyBody', () => {
  it('trims the name and leaves `profile` out for any number', () => {
    expect(newKeyBody({ name: '  Caja  ' })).toEqual({ name: 'Caja' });
    expect(newKeyBody({ name: 'Caja', profile: '' })).toEqual({ name: 'Caja' });
    expect(newKeyBody({ name: 'Caja', profile: 'p3' })).toEqual({ name: 'Caja', profile: 'p3' });
  });
});
