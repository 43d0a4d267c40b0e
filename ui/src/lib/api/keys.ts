// Named API keys (one per program, e.g. a branch's POS) over both transports: REST for a
// browser, the desktop app's commands over IPC. Each backend holds one of these as its `keys`.
// Only the main key may manage them; the service says so (403 FORBIDDEN) when another tries.

import { readEnvelope } from './envelope';
import { invoke } from './ipc';

/** A named key as listed: never its secret. */
export interface NamedKey {
  /** `key_…`. */
  id: string;
  name: string;
  /** The only number (profile id) it may use; absent: any. */
  profile?: string;
  created_at: number;
}

export interface NewNamedKey {
  /** 1–40 characters (the service checks). */
  name: string;
  /** Limit it to this number (its id or name); left out: any number. */
  profile?: string;
}

/** A key just made, with its secret (`mk_…`): the service shows it this once. */
export interface NamedKeyCreated extends NamedKey {
  secret: string;
}

/** Managing the named keys: their own part of the Backend. */
export interface Keys {
  list(): Promise<NamedKey[]>;
  /** `NOT_FOUND` when the number is not there; `VALIDATION_ERROR` for a bad name. */
  create(key: NewNamedKey): Promise<NamedKeyCreated>;
  /** Stops the key at once (`NOT_FOUND` when there is no such key). */
  revoke(id: string): Promise<void>;
}

/** The body (and command argument) of a new key: `profile` left out for "any number". */
export function newKeyBody(key: NewNamedKey): NewNamedKey {
  const name = key.name.trim();
  return key.profile ? { name, profile: key.profile } : { name };
}

type Raw = (method: string, path: string, json?: unknown) => Promise<Response>;

/** Over REST: `raw` sends an authorised request (with a JSON body, when given) under `/api/v1`. */
export function httpKeys(raw: Raw): Keys {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  return {
    list: () => call('GET', '/keys'),
    create: (key) => call('POST', '/keys', newKeyBody(key)),
    revoke: async (id) => {
      await call('DELETE', `/keys/${encodeURIComponent(id)}`);
    },
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/keys.rs). */
export function tauriKeys(): Keys {
  return {
    list: () => invoke('named_keys'),
    create: (key) => invoke('create_named_key', { key: newKeyBody(key) }),
    revoke: async (id) => {
      await invoke('revoke_named_key', { id });
    },
  };
}
