// Group administration (`/groups/{id}`…) over both transports: REST for a browser, the desktop
// app's commands over IPC. Each backend holds one of these as its `groupAdmin`.

import type { GroupAdmin } from './backend';
import { readEnvelope } from './envelope';
import { invoke } from './ipc';
import type { GroupCreated, GroupDetails } from './types';

const id = encodeURIComponent;

/** Over REST: `raw` sends an authorised request (with a JSON body, when given) under `/api/v1`. */
export function httpGroupAdmin(
  raw: (method: string, path: string, json?: unknown) => Promise<Response>,
): GroupAdmin {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  return {
    create: (subject, participants) => call<GroupCreated>('POST', '/groups', { subject, participants }),
    details: (jid) => call<GroupDetails>('GET', `/groups/${id(jid)}`),
    change: (jid, patch) => call<GroupDetails>('PATCH', `/groups/${id(jid)}`, patch),
    participants: (jid, action, numbers) =>
      call('POST', `/groups/${id(jid)}/participants/${action}`, { numbers }),
    leave: async (jid) => {
      await call('POST', `/groups/${id(jid)}/leave`, {});
    },
    inviteLink: async (jid, revoke = false) =>
      (
        await call<{ link: string }>(
          revoke ? 'POST' : 'GET',
          `/groups/${id(jid)}/invite-link${revoke ? '/revoke' : ''}`,
          revoke ? {} : undefined,
        )
      ).link,
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/groups.rs). */
export function tauriGroupAdmin(): GroupAdmin {
  return {
    create: (subject, participants) => invoke('create_group', { group: { subject, participants } }),
    details: (jid) => invoke('group', { jid }),
    change: (jid, patch) => invoke('change_group', { jid, patch }),
    participants: (jid, action, numbers) => invoke('group_participants', { jid, action, numbers }),
    leave: (jid) => invoke('leave_group', { jid }),
    inviteLink: async (jid, revoke = false) =>
      (await invoke<{ link: string }>('group_invite_link', { jid, revoke })).link,
  };
}
