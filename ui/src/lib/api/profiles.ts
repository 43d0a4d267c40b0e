// The shop's linked WhatsApp numbers (profiles) over both transports: REST for a browser, the
// desktop app's commands over IPC. Each backend holds one of these as its `profiles`, and takes
// its linking calls (session, QR, pair code, relink, unlink, the demo phone) from here too, each
// for one profile (none: the main number).

import type { QrImage } from './backend';
import { readEnvelope } from './envelope';
import { invoke } from './ipc';
import type { SessionInfo } from './types';

/** The id of the number linked first; requests without `profile` use it. */
export const MAIN_PROFILE = 'default';

/** One linked (or to be linked) WhatsApp number, as the service lists it. */
export interface Profile {
  /** `default`, `p2`, `p3`… never reused. */
  id: string;
  name: string;
  /** `#rrggbb`, or empty (no colour chosen). */
  color: string;
  /** The main number: requests without `profile` use it; it cannot be removed. */
  default: boolean;
  created_at: number;
  session: SessionInfo;
}

export interface ProfileInput {
  name?: string;
  color?: string;
}

/** What removing a number did: how many of its messages still to be sent were cancelled. */
export interface ProfileRemoved {
  id: string;
  cancelled: number;
}

/** Managing the numbers: their own part of the Backend. */
export interface Profiles {
  list(): Promise<Profile[]>;
  add(input: { name: string; color?: string }): Promise<Profile>;
  change(id: string, patch: ProfileInput): Promise<Profile>;
  /** `INVALID_STATE` for the main number. */
  remove(id: string): Promise<ProfileRemoved>;
  /** Brings a number taken offline back (`INVALID_STATE` when it is not offline). */
  connect(id: string): Promise<SessionInfo>;
  /** Takes a number offline, keeping its link; its messages wait. */
  disconnect(id: string): Promise<SessionInfo>;
}

/** Linking one number; `profile` none: the main number. */
export interface Linking {
  session(profile?: string): Promise<SessionInfo>;
  qr(profile?: string): Promise<QrImage>;
  pairCode(phone: string, profile?: string): Promise<string>;
  relink(profile?: string): Promise<SessionInfo>;
  logout(profile?: string): Promise<SessionInfo>;
  /** Demo builds only: the fake network's phone scans the QR shown now. */
  demoScan(profile?: string): Promise<SessionInfo>;
  /** Demo builds only: the fake network's phone's user types the pair code. */
  demoPairCode(code: string, profile?: string): Promise<SessionInfo>;
}

const id = encodeURIComponent;

/** `?profile=ID` (with `more` after it), or nothing for the main number. */
export function profileQuery(profile?: string, more = ''): string {
  const parts = [profile ? `profile=${id(profile)}` : '', more].filter(Boolean);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A command's `profile` argument: left out for the main number. */
export function profileArg(profile?: string): { profile?: string } {
  return profile ? { profile } : {};
}

type Raw = (method: string, path: string, json?: unknown) => Promise<Response>;

/** Over REST: `raw` sends an authorised request (with a JSON body, when given) under `/api/v1`. */
export function httpProfiles(raw: Raw): Profiles {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  return {
    list: () => call('GET', '/profiles'),
    add: (input) => call('POST', '/profiles', input),
    change: (p, patch) => call('PATCH', `/profiles/${id(p)}`, patch),
    remove: (p) => call('DELETE', `/profiles/${id(p)}`),
    connect: (p) => call('POST', `/profiles/${id(p)}/connect`, {}),
    disconnect: (p) => call('POST', `/profiles/${id(p)}/disconnect`, {}),
  };
}

/** The `/session…` routes (the main number's) with `?profile=`, and the demo phone's. */
export function httpLinking(raw: Raw): Linking {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  const q = profileQuery;
  return {
    session: (p) => call('GET', `/session${q(p)}`),
    async qr(p) {
      const r = await call<{ code: string; expires_at: number; png_base64: string }>(
        'GET',
        `/session/qr${q(p)}`,
      );
      return { code: r.code, expires_at: r.expires_at, image: `data:image/png;base64,${r.png_base64}` };
    },
    pairCode: async (phone, p) =>
      (await call<{ code: string }>('POST', `/session/pair-code${q(p)}`, { phone })).code,
    relink: (p) => call('POST', `/session/relink${q(p)}`),
    logout: (p) => call('POST', `/session/logout${q(p)}`),
    demoScan: (p) => call('POST', `/demo/scan${q(p)}`),
    demoPairCode: (code, p) => call('POST', `/demo/pair-code${q(p)}`, { code }),
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/profiles.rs). */
export function tauriProfiles(): Profiles {
  return {
    list: () => invoke('profiles'),
    add: (input) => invoke('add_profile', { profile: input }),
    change: (p, patch) => invoke('change_profile', { id: p, patch }),
    remove: (p) => invoke('remove_profile', { id: p }),
    connect: (p) => invoke('connect_profile', { id: p }),
    disconnect: (p) => invoke('disconnect_profile', { id: p }),
  };
}

/** The session commands (src-tauri/src/desktop/commands/session.rs) with their `profile`. */
export function tauriLinking(): Linking {
  const of = (p?: string) => ({ profile: p ?? null });
  return {
    session: (p) => invoke('session', of(p)),
    qr: (p) => invoke('qr', of(p)),
    pairCode: (phone, p) => invoke('pair_code', { phone, ...of(p) }),
    relink: (p) => invoke('relink', of(p)),
    logout: (p) => invoke('logout', of(p)),
    demoScan: (p) => invoke('demo_scan', of(p)),
    demoPairCode: (code, p) => invoke('demo_pair_code', { code, ...of(p) }),
  };
}
