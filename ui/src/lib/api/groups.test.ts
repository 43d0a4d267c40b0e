// Group administration over both transports: REST paths (the group id encoded), bodies and
// methods; the desktop commands and their arguments.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { TauriBackend } from './tauri';
import type { GroupDetails } from './types';

const G: GroupDetails = {
  jid: '120363000000000001@g.us',
  subject: 'Personal',
  announcement_only: false,
  locked: false,
  participants: [],
};

afterEach(() => vi.unstubAllGlobals());

describe('HttpBackend groupAdmin', () => {
  it('calls each route with its method and body', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('http://127.0.0.1:3107/api/v1', '');
      calls.push(`${init.method ?? 'GET'} ${path} ${init.body ?? ''}`.trim());
      const data = path.includes('invite-link')
        ? { link: 'https://chat.whatsapp.com/ABC' }
        : path.includes('participants/')
          ? []
          : path === '/groups'
            ? { group: G, participants: [] }
            : G;
      return new Response(JSON.stringify({ success: true, data }), { status: 200 });
    }) as typeof fetch;
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    const jid = G.jid;
    await b.groupAdmin.create('Personal', ['71234567']);
    await b.groupAdmin.details(jid);
    await b.groupAdmin.change(jid, { locked: true });
    await b.groupAdmin.participants(jid, 'promote', ['+59171234567']);
    expect(await b.groupAdmin.inviteLink(jid)).toBe('https://chat.whatsapp.com/ABC');
    await b.groupAdmin.inviteLink(jid, true);
    await b.groupAdmin.leave(jid);
    const g = '120363000000000001%40g.us';
    expect(calls).toEqual([
      'POST /groups {"subject":"Personal","participants":["71234567"]}',
      `GET /groups/${g}`,
      `PATCH /groups/${g} {"locked":true}`,
      `POST /groups/${g}/participants/promote {"numbers":["+59171234567"]}`,
      `GET /groups/${g}/invite-link`,
      `POST /groups/${g}/invite-link/revoke {}`,
      `POST /groups/${g}/leave {}`,
    ]);
  });
});

describe('TauriBackend groupAdmin', () => {
  it('calls the desktop commands', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          return cmd === 'group_invite_link' ? { link: 'https://chat.whatsapp.com/X' } : G;
        },
        transformCallback: () => 0,
      },
    });
    const b = new TauriBackend();
    await b.groupAdmin.create('Personal', ['71234567']);
    await b.groupAdmin.change(G.jid, { subject: 'Equipo' });
    await b.groupAdmin.participants(G.jid, 'add', ['72345678']);
    expect(await b.groupAdmin.inviteLink(G.jid, true)).toBe('https://chat.whatsapp.com/X');
    await b.groupAdmin.leave(G.jid);
    expect(calls).toEqual([
      { cmd: 'create_group', args: { group: { subject: 'Personal', participants: ['71234567'] } } },
      { cmd: 'change_group', args: { jid: G.jid, patch: { subject: 'Equipo' } } },
      { cmd: 'group_participants', args: { jid: G.jid, action: 'add', numbers: ['72345678'] } },
      { cmd: 'group_invite_link', args: { jid: G.jid, revoke: true } },
      { cmd: 'leave_group', args: { jid: G.jid } },
    ]);
  });
});
