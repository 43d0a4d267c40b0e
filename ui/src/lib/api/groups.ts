// Group administration (`/groups/{id}`…) over both transports: REST for a browser, the desktop
// app's commands over IPC. Each backend holds one of these as its `groupAdmin`. Each call goes
// through one linked number (`?profile=` / the `profile` argument; none: the main number).

import { readEnvelope } from './envelope';
import { invoke } from './ipc';
import { profileArg, profileQuery as q } from './profiles';
import type { GroupCreated, GroupDetails, GroupPatch, ParticipantAction, ParticipantResult } from './types';

/** Administering the groups the shop's account is in: its own part of the Backend. Each call
 *  goes through one linked number (`profile`; none: the main number). */
export interface GroupAdmin {
  /** A new group with `subject` and these numbers (read by the service). */
  create(subject: string, numbers: string[], profile?: string): Promise<GroupCreated>;
  details(jid: string, profile?: string): Promise<GroupDetails>;
  change(jid: string, patch: GroupPatch, profile?: string): Promise<GroupDetails>;
  /** Adds, removes, promotes or demotes these numbers; what became of each. */
  participants(
    jid: string,
    action: ParticipantAction,
    numbers: string[],
    profile?: string,
  ): Promise<ParticipantResult[]>;
  leave(jid: string, profile?: string): Promise<void>;
  /** `https://chat.whatsapp.com/…`; `revoke` makes a new one (the old stops working). */
  inviteLink(jid: string, revoke?: boolean, profile?: string): Promise<string>;
}

const id = encodeURIComponent;

/** Over REST: `raw` sends an authorised request (with a JSON body, when given) under `/api/v1`. */
export function httpGroupAdmin(
  raw: (method: string, path: string, json?: unknown) => Promise<Response>,
): GroupAdmin {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  return {
    create: (subject, participants, p) =>
      call<GroupCreated>('POST', `/groups${q(p)}`, { subject, participants }),
    details: (jid, p) => call<GroupDetails>('GET', `/groups/${id(jid)}${q(p)}`),
    change: (jid, patch, p) => call<GroupDetails>('PATCH', `/groups/${id(jid)}${q(p)}`, patch),
    participants: (jid, action, numbers, p) =>
      call('POST', `/groups/${id(jid)}/participants/${action}${q(p)}`, { numbers }),
    leave: async (jid, p) => {
      await call('POST', `/groups/${id(jid)}/leave${q(p)}`, {});
    },
    inviteLink: async (jid, revoke = false, p) =>
      (
        await call<{ link: string }>(
          revoke ? 'POST' : 'GET',
          `/groups/${id(jid)}/invite-link${revoke ? '/revoke' : ''}${q(p)}`,
          revoke ? {} : undefined,
        )
      ).link,
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/groups.rs). */
export function tauriGroupAdmin(): GroupAdmin {
  return {
    create: (subject, participants, p) =>
      invoke('create_group', { group: { subject, participants }, ...profileArg(p) }),
    details: (jid, p) => invoke('group', { jid, ...profileArg(p) }),
    change: (jid, patch, p) => invoke('change_group', { jid, patch, ...profileArg(p) }),
    participants: (jid, action, numbers, p) =>
      invoke('group_participants', { jid, action, numbers, ...profileArg(p) }),
    leave: (jid, p) => invoke('leave_group', { jid, ...profileArg(p) }),
    inviteLink: async (jid, revoke = false, p) =>
      (await invoke<{ link: string }>('group_invite_link', { jid, revoke, ...profileArg(p) })).link,
  };
}
