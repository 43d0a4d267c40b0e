// One group's administration state: whether the shop is an admin (as WhatsApp says), a member
// change shows what became of each number and who is in the group now, a refusal is kept.
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../api/backend';
import { ApiError } from '../api/errors';
import type { GroupDetails } from '../api/types';
import { start } from './app.svelte';
import { GroupState } from './group.svelte';

const shop = {
  jid: 'shop@s.whatsapp.net',
  phone: '+59170000001',
  admin: true,
  super_admin: true,
  is_shop: true,
};
const ana = {
  jid: 'ana@s.whatsapp.net',
  phone: '+59171234567',
  admin: false,
  super_admin: false,
  is_shop: false,
};
const before: GroupDetails = {
  jid: 'g@g.us',
  subject: 'Personal',
  announcement_only: false,
  locked: false,
  participants: [shop, ana],
};

function backend(details: () => GroupDetails, participants: () => Promise<unknown> = vi.fn(async () => [])) {
  const b = {
    subscribe: () => () => {},
    capabilities: () => new Promise(() => {}),
    version: () => new Promise(() => {}),
    groupAdmin: { details: async () => details(), participants, change: vi.fn() },
  } as unknown as Backend;
  start(b);
  return b;
}

describe('GroupState', () => {
  it('says whether the shop is an admin, and reads the group again after a member change', async () => {
    let now = before;
    const participants = vi.fn(async () => [
      { input: '71234567', phone: '+59171234567', result: 'done' as const },
    ]);
    backend(() => now, participants);
    const g = new GroupState('g@g.us');
    await g.load();
    expect(g.admin).toBe(true);
    now = { ...before, participants: [shop] };
    expect(await g.members('remove', ['+59171234567'])).toBe(true);
    // Through the main number ("Send from" names none).
    expect(participants).toHaveBeenCalledWith('g@g.us', 'remove', ['+59171234567'], undefined);
    expect(g.results[0]?.result).toBe('done');
    expect(g.details?.participants).toHaveLength(1);
    // A group opened while "Send from" named another number goes through that one.
    await new GroupState('g@g.us', 'p2').members('add', ['72345678']);
    expect(participants).toHaveBeenLastCalledWith('g@g.us', 'add', ['72345678'], 'p2');
  });

  it('keeps a refusal to show, and is not an admin where WhatsApp says not', async () => {
    const participants = vi.fn(async () => {
      throw new ApiError('FORBIDDEN', 'you are not an admin of this group', 403);
    });
    backend(
      () => ({ ...before, participants: [{ ...shop, admin: false, super_admin: false }, ana] }),
      participants,
    );
    const g = new GroupState('g@g.us');
    await g.load();
    expect(g.admin).toBe(false);
    expect(await g.members('add', ['72345678'])).toBe(false);
    expect((g.error as ApiError).code).toBe('FORBIDDEN');
    expect(g.busy).toBe(false);
  });
});
