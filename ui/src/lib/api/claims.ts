// Claim codes ("the customer scans a QR", `/claims`) over both transports: REST for a browser,
// the desktop app's commands over IPC. Each backend holds one of these as its `claims`.

import type { ClaimDraft, Claims } from './backend';
import { readEnvelope } from './envelope';
import { ApiError } from './errors';
import { base64 } from './inbox';
import { invoke } from './ipc';
import { claimBody, type ClaimBody } from './requests';
import type { Claim, SendLimits } from './types';

type Limits = () => Promise<Pick<SendLimits, 'image_types'>>;

/** The body with the file's bytes in it (base64), as `POST /claims` takes them in JSON. */
async function withBytes(d: ClaimDraft, limits: Limits): Promise<ClaimBody> {
  const body = claimBody(d, d.file ? await limits() : null);
  const f = d.file;
  if (f && !f.path) {
    if (!f.data) throw new ApiError('MEDIA_MISSING', 'the file has no data');
    body.media = await base64(f.data);
    body.file_name = f.name;
    // As multipart does: a type nobody knows is no type.
    if (f.type && f.type !== 'application/octet-stream') body.mime_type = f.type;
  }
  return body;
}

const id = encodeURIComponent;

/** Over REST: `raw` sends an authorised request (with a JSON body, when given) under `/api/v1`. */
export function httpClaims(
  raw: (method: string, path: string, json?: unknown) => Promise<Response>,
  limits: Limits,
): Claims {
  const call = async <T>(method: string, path: string, json?: unknown): Promise<T> =>
    readEnvelope<T>(await raw(method, path, json));
  return {
    create: async (d) => call<Claim>('POST', '/claims', await withBytes(d, limits)),
    get: (code) => call('GET', `/claims/${id(code)}`),
    cancel: (code) => call('POST', `/claims/${id(code)}/cancel`, {}),
    async qrUrl(code) {
      const res = await raw('GET', `/claims/${id(code)}/claim.png`);
      if (!res.ok) await readEnvelope(res);
      return URL.createObjectURL(await res.blob());
    },
    // A popup of this page (it shares the key): one, reused for each new code.
    async openCustomerWindow(code) {
      window.open(`#/customer/${id(code)}`, 'mostrador-customer', 'popup');
    },
  };
}

/** In the desktop app: one command per call (src-tauri/src/desktop/commands/claims.rs); a file
 *  from the native picker travels as its path, read by the app. */
export function tauriClaims(limits: Limits): Claims {
  return {
    async create(d) {
      const request = await withBytes(d, limits);
      return invoke('create_claim', d.file?.path ? { request, path: d.file.path } : { request });
    },
    get: (code) => invoke('claim', { code }),
    cancel: (code) => invoke('cancel_claim', { code }),
    openCustomerWindow: (code) => invoke('open_customer_window', { code }),
    async qrUrl(code) {
      const bytes = await invoke<ArrayBuffer | number[]>('claim_qr', { code });
      const data = bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
      return URL.createObjectURL(new Blob([data], { type: 'image/png' }));
    },
  };
}
