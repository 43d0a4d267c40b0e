// The shop's contact book (`/contacts`) over both transports: REST for a browser, the desktop
// app's commands over IPC. Each backend holds one of these as its `contacts`.

import type { ContactQuery, Contacts, ImportOptions } from './backend';
import { readEnvelope } from './envelope';
import { invoke } from './ipc';
import { profileArg, profileQuery } from './profiles';

/** The service's list parameters (`q`, `tag`, `cursor`, `limit`); empty ones left out. */
export function contactParams(q: ContactQuery = {}): Record<string, string | number> {
  const p: Record<string, string | number> = {};
  if (q.q?.trim()) p.q = q.q.trim();
  if (q.tag?.trim()) p.tag = q.tag.trim();
  if (q.cursor) p.cursor = q.cursor;
  if (q.limit) p.limit = q.limit;
  return p;
}

/** The import's parameters as the service names them. */
export function importParams(o: ImportOptions = {}): { dry_run: boolean; skip_invalid: boolean } {
  return { dry_run: o.dryRun === true, skip_invalid: o.skipInvalid === true };
}

function queryString(params: Record<string, string | number | boolean>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) p.set(k, String(v));
  const qs = p.toString();
  return qs ? `?${qs}` : '';
}

/** What `raw` sends: JSON, or a text body of its own type (the import's CSV). */
export interface RawBody {
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

const id = encodeURIComponent;

/** Over REST: `raw` sends an authorised request under `/api/v1`. */
export function httpContacts(
  raw: (method: string, path: string, body?: RawBody) => Promise<Response>,
): Contacts {
  const call = async <T>(method: string, path: string, body?: RawBody): Promise<T> =>
    readEnvelope<T>(await raw(method, path, body));
  return {
    create: (input) => call('POST', '/contacts', { json: input }),
    list: (q) => call('GET', `/contacts${queryString(contactParams(q))}`),
    get: (c) => call('GET', `/contacts/${id(c)}`),
    change: (c, input) => call('PATCH', `/contacts/${id(c)}`, { json: input }),
    async remove(c) {
      await call('DELETE', `/contacts/${id(c)}`);
    },
    tag: (c, tags) => call('POST', `/contacts/${id(c)}/tags`, { json: { tags } }),
    untag: (c, tag) => call('DELETE', `/contacts/${id(c)}/tags/${id(tag)}`),
    tags: () => call('GET', '/contacts/tags'),
    importCsv: (csv, o) =>
      call('POST', `/contacts/import${queryString(importParams(o))}`, {
        text: csv,
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      }),
    async exportCsv(tag) {
      const res = await raw('GET', `/contacts/export.csv${queryString(contactParams({ tag }))}`);
      if (!res.ok) await readEnvelope(res);
      return res.blob();
    },
    info: (phone, profile) => call('GET', `/contacts/${id(phone)}/info${profileQuery(profile)}`),
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/contacts.rs). */
export function tauriContacts(): Contacts {
  return {
    create: (input) => invoke('create_contact', { input }),
    list: (q) => invoke('contacts', { query: contactParams(q) }),
    get: (c) => invoke('contact', { id: c }),
    change: (c, input) => invoke('change_contact', { id: c, input }),
    async remove(c) {
      await invoke('delete_contact', { id: c });
    },
    tag: (c, tags) => invoke('tag_contact', { id: c, tags }),
    untag: (c, tag) => invoke('untag_contact', { id: c, tag }),
    tags: () => invoke('contact_tags'),
    importCsv: (csv, o) => invoke('import_contacts', { csv, options: importParams(o) }),
    async exportCsv(tag) {
      const csv = await invoke<string>('export_contacts', { tag: tag?.trim() || null });
      return new Blob([csv], { type: 'text/csv;charset=utf-8' });
    },
    info: (phone, profile) => invoke('contact_info', { phone, ...profileArg(profile) }),
  };
}
