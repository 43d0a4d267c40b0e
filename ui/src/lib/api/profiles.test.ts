// Linked numbers over both transports: REST paths, methods and bodies (a profile's id encoded,
// `?profile=` on the session routes, none for the main number); the desktop commands and their
// arguments; `profile` in a send, a batch (beside the template), a claim and the log's queries.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { receivedParams } from './inbox';
import { batchBody, claimBody, listParams, sendBody } from './requests';
import { TauriBackend } from './tauri';

afterEach(() => vi.unstubAllGlobals());

describe('HttpBackend profiles', () => {
  it('calls each route with its method and body', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('http://127.0.0.1:3107/api/v1', '');
      calls.push(`${init.method ?? 'GET'} ${path} ${init.body ?? ''}`.trim());
      const data = path.includes('/qr')
        ? { code: '2@x', expires_at: 9, png_base64: 'iVBOR' }
        : path.includes('pair-code')
          ? { code: 'ABCD1234' }
          : { id: 'p2', cancelled: 3, state: 'pairing' };
      return new Response(JSON.stringify({ success: true, data }), { status: 200 });
    }) as typeof fetch;
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    await b.profiles.list();
    await b.profiles.add({ name: 'Entregas', color: '#1565c0' });
    await b.profiles.change('Caja 2', { name: 'Caja dos' });
    expect(await b.profiles.remove('p2')).toMatchObject({ cancelled: 3 });
    await b.profiles.disconnect('p2');
    await b.profiles.connect('p2');
    await b.session();
    await b.session('p2');
    expect((await b.qr('p2')).image).toBe('data:image/png;base64,iVBOR');
    expect(await b.pairCode('+59171234567', 'p2')).toBe('ABCD1234');
    await b.relink('p2');
    await b.logout('p2');
    await b.demoScan('p2');
    await b.demoPairCode('ABCD1234', 'p2');
    expect(calls).toEqual([
      'GET /profiles',
      'POST /profiles {"name":"Entregas","color":"#1565c0"}',
      'PATCH /profiles/Caja%202 {"name":"Caja dos"}',
      'DELETE /profiles/p2',
      'POST /profiles/p2/disconnect {}',
      'POST /profiles/p2/connect {}',
      'GET /session',
      'GET /session?profile=p2',
      'GET /session/qr?profile=p2',
      'POST /session/pair-code?profile=p2 {"phone":"+59171234567"}',
      'POST /session/relink?profile=p2',
      'POST /session/logout?profile=p2',
      'POST /demo/scan?profile=p2',
      'POST /demo/pair-code?profile=p2 {"code":"ABCD1234"}',
    ]);
  });
});

describe('one number’s groups and contact checks', () => {
  it('go through it with ?profile= over REST, and its `profile` argument over IPC', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push(`${init.method ?? 'GET'} ${String(input).replace('http://h:1/api/v1', '')}`);
      const data = String(input).includes('invite-link') ? { link: 'x' } : [];
      return new Response(JSON.stringify({ success: true, data }), { status: 200 });
    }) as typeof fetch;
    const h = new HttpBackend({ origin: 'http://h:1', key: 'k', fetch: fetchImpl });
    await h.groups(true, 'p2');
    await h.groups();
    await h.checkContacts(['71234567'], 'p2');
    await h.contacts.info('+59171234567', 'p2');
    await h.groupAdmin.details('g@g.us', 'p2');
    await h.groupAdmin.inviteLink('g@g.us', true, 'p2');
    expect(calls).toEqual([
      'GET /groups?profile=p2&refresh=true',
      'GET /groups',
      'POST /contacts/check?profile=p2',
      'GET /contacts/%2B59171234567/info?profile=p2',
      'GET /groups/g%40g.us?profile=p2',
      'POST /groups/g%40g.us/invite-link/revoke?profile=p2',
    ]);

    const ipc: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          ipc.push({ cmd, args });
          return cmd === 'group_invite_link' ? { link: 'x' } : [];
        },
        transformCallback: () => 0,
      },
    });
    const t = new TauriBackend();
    await t.groups(false, 'p2');
    await t.checkContacts(['7'], 'p2');
    await t.groupAdmin.leave('g@g.us', 'p2');
    await t.groups();
    expect(ipc).toEqual([
      { cmd: 'groups', args: { refresh: false, profile: 'p2' } },
      { cmd: 'check_contacts', args: { phones: ['7'], profile: 'p2' } },
      { cmd: 'leave_group', args: { jid: 'g@g.us', profile: 'p2' } },
      { cmd: 'groups', args: { refresh: false } },
    ]);
  });
});

describe('TauriBackend profiles', () => {
  it('calls the desktop commands', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          return cmd === 'pair_code' ? 'ABCD1234' : { id: 'p2', cancelled: 0 };
        },
        transformCallback: () => 0,
      },
    });
    const b = new TauriBackend();
    await b.profiles.list();
    await b.profiles.add({ name: 'Entregas', color: '' });
    await b.profiles.change('p2', { color: '#c62828' });
    await b.profiles.remove('p2');
    await b.profiles.connect('p2');
    await b.profiles.disconnect('p2');
    await b.session();
    await b.qr('p2');
    await b.pairCode('+591', 'p2');
    await b.demoScan('p2');
    expect(calls).toEqual([
      { cmd: 'profiles', args: undefined },
      { cmd: 'add_profile', args: { profile: { name: 'Entregas', color: '' } } },
      { cmd: 'change_profile', args: { id: 'p2', patch: { color: '#c62828' } } },
      { cmd: 'remove_profile', args: { id: 'p2' } },
      { cmd: 'connect_profile', args: { id: 'p2' } },
      { cmd: 'disconnect_profile', args: { id: 'p2' } },
      { cmd: 'session', args: { profile: null } },
      { cmd: 'qr', args: { profile: 'p2' } },
      { cmd: 'pair_code', args: { phone: '+591', profile: 'p2' } },
      { cmd: 'demo_scan', args: { profile: 'p2' } },
    ]);
  });
});

describe('profile in the requests', () => {
  it('goes in a send, beside a batch’s template, in a claim and in the log’s query', () => {
    expect(sendBody({ to: '+591', text: 'hola', profile: 'p2' }, null)).toEqual({
      to: '+591',
      type: 'text',
      text: 'hola',
      profile: 'p2',
    });
    expect(sendBody({ to: '+591', text: 'hola' }, null)).not.toHaveProperty('profile');
    const batch = batchBody({ name: 'Promo', text: 'hola', recipients: [], profile: 'p2' }, null);
    expect(batch.profile).toBe('p2');
    expect(batch.template).not.toHaveProperty('profile');
    expect(claimBody({ code: 'V-1', text: 'hola', profile: 'p2' }, null)).toEqual({
      claim: 'V-1',
      type: 'text',
      text: 'hola',
      profile: 'p2',
    });
    expect(listParams({ profile: 'p2', limit: 50 })).toEqual({ profile: 'p2', limit: 50 });
    expect(receivedParams({ profile: 'p2', unread: true })).toEqual({ unread: true, profile: 'p2' });
  });
});
