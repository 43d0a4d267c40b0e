// Claim codes over both transports: the REST bodies (code or none, a file's bytes in JSON) and
// paths, the QR as an object URL, and the desktop commands with a picked file's path.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { claimBody } from './requests';
import { TauriBackend } from './tauri';
import type { Claim } from './types';

const C: Claim = {
  code: 'T-7KQ2M',
  status: 'open',
  text: 'Ticket T-7KQ2M',
  link: 'https://wa.me/59170000001?text=Ticket%20T-7KQ2M',
  qr: '/api/v1/claims/T-7KQ2M/claim.png',
  created_at: 1,
  expires_at: 2,
};
const LIMITS = { image_types: ['image/jpeg', 'image/png'] };

afterEach(() => vi.unstubAllGlobals());

describe('claimBody', () => {
  it('puts the code where `to` would be, and leaves it out for the service to make one up', () => {
    expect(claimBody({ code: ' v-1042 ', text: 'Su recibo' }, null)).toEqual({
      claim: 'v-1042',
      type: 'text',
      text: 'Su recibo',
    });
    expect(claimBody({ code: '  ', text: 'hola' }, null)).toEqual({ type: 'text', text: 'hola' });
    const pdf = { name: 'factura.pdf', size: 3, type: 'application/pdf' };
    expect(claimBody({ text: 'Su factura', file: pdf }, LIMITS)).toEqual({
      type: 'document',
      file_name: 'factura.pdf',
      caption: 'Su factura',
    });
  });
});

describe('HttpBackend claims', () => {
  it('creates one with the file in the JSON, reads, draws and withdraws it', async () => {
    const calls: { method: string; path: string; body?: unknown }[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('http://127.0.0.1:3107/api/v1', '');
      const method = init.method ?? 'GET';
      calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (path === '/limits') return new Response(JSON.stringify({ success: true, data: LIMITS }));
      if (path.endsWith('.png')) return new Response(new Uint8Array([137, 80, 78, 71]), { status: 200 });
      return new Response(JSON.stringify({ success: true, data: C }), { status: 200 });
    }) as typeof fetch;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:qr' }));
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    const file = {
      name: 'foto.png',
      size: 3,
      type: 'image/png',
      data: new Blob([new Uint8Array([1, 2, 3])]),
    };
    expect(await b.claims.create({ text: 'Su foto', file })).toEqual(C);
    expect(await b.claims.qrUrl('T-7KQ2M')).toBe('blob:qr');
    await b.claims.get('V 1');
    await b.claims.cancel('T-7KQ2M');
    const create = calls.find((c) => c.path === '/claims');
    expect(create?.body).toEqual({
      type: 'image',
      caption: 'Su foto',
      media: 'AQID',
      file_name: 'foto.png',
      mime_type: 'image/png',
    });
    expect(calls.filter((c) => c.path !== '/limits').map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /claims',
      'GET /claims/T-7KQ2M/claim.png',
      'GET /claims/V%201',
      'POST /claims/T-7KQ2M/cancel',
    ]);
  });
});

describe('TauriBackend claims', () => {
  it('hands a picked file over by its path, and reads the QR’s bytes', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          if (cmd === 'limits') return LIMITS;
          if (cmd === 'claim_qr') return [137, 80, 78, 71];
          return C;
        },
        transformCallback: () => 0,
      },
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:qr' }));
    const b = new TauriBackend();
    await b.claims.create({
      code: 'V-1042',
      file: { name: 'f.pdf', size: 9, type: 'application/pdf', path: '/tmp/f.pdf' },
    });
    expect(await b.claims.qrUrl('V-1042')).toBe('blob:qr');
    await b.claims.cancel('V-1042');
    await b.claims.openCustomerWindow('V-1042');
    expect(calls.filter((c) => c.cmd !== 'limits')).toEqual([
      {
        cmd: 'create_claim',
        args: { request: { claim: 'V-1042', type: 'document', file_name: 'f.pdf' }, path: '/tmp/f.pdf' },
      },
      { cmd: 'claim_qr', args: { code: 'V-1042' } },
      { cmd: 'cancel_claim', args: { code: 'V-1042' } },
      { cmd: 'open_customer_window', args: { code: 'V-1042' } },
    ]);
  });
});
