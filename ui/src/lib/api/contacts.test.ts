// The contact book over both transports: REST paths, query strings and bodies (the import's
// CSV as text/csv, the export as a file, not an envelope), the desktop commands and their
// arguments, the capability, and a broadcast to a tag.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contactParams, importParams } from './contacts';
import { HttpBackend } from './http';
import { batchBody } from './requests';
import { TauriBackend } from './tauri';
import type { Contact } from './types';

const ANA: Contact = {
  id: 'ct_1',
  phone: '+59171234567',
  name: 'Ana Quispe',
  tags: ['clientes frecuentes'],
  notes: '',
  opted_out: false,
  created_at: 1,
  updated_at: 1,
};

const ok = (data: unknown, status = 200) => new Response(JSON.stringify({ success: true, data }), { status });

interface Call {
  url: string;
  method: string;
  type?: string;
  body?: string;
}

function http(answer: (c: Call) => Response) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const c: Call = { url: String(input), method: init.method ?? 'GET' };
    if (headers['Content-Type']) c.type = headers['Content-Type'];
    if (typeof init.body === 'string') c.body = init.body;
    calls.push(c);
    return answer(c);
  }) as typeof fetch;
  const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
  const seen = () =>
    calls.map((c) => ({ ...c, url: `${c.method} ${c.url.replace('http://127.0.0.1:3107/api/v1', '')}` }));
  return { b, seen };
}

afterEach(() => vi.unstubAllGlobals());

describe('contactParams and importParams', () => {
  it('name the service’s parameters and leave out the empty ones', () => {
    expect(contactParams({ q: ' ana ', tag: 'vip', cursor: 'c', limit: 8 })).toEqual({
      q: 'ana',
      tag: 'vip',
      cursor: 'c',
      limit: 8,
    });
    expect(contactParams({ q: ' ', tag: '' })).toEqual({});
    expect(importParams({ dryRun: true })).toEqual({ dry_run: true, skip_invalid: false });
    expect(importParams()).toEqual({ dry_run: false, skip_invalid: false });
  });
});

describe('HttpBackend contacts', () => {
  it('adds, lists, reads, changes, tags, untags and deletes', async () => {
    const { b, seen } = http(() => ok(ANA));
    await b.contacts.create({ phone: '71234567', name: 'Ana', tags: ['VIP'] });
    await b.contacts.list({ q: 'ana', tag: 'clientes frecuentes', limit: 8 });
    await b.contacts.get('ct_1');
    await b.contacts.change('ct_1', { opted_out: true });
    await b.contacts.tag('ct_1', ['vip']);
    await b.contacts.untag('ct_1', 'clientes frecuentes');
    await b.contacts.remove('ct_1');
    await b.contacts.tags();
    await b.contacts.info('+591 71234567');
    expect(seen()).toEqual([
      {
        url: 'POST /contacts',
        method: 'POST',
        type: 'application/json',
        body: '{"phone":"71234567","name":"Ana","tags":["VIP"]}',
      },
      { url: 'GET /contacts?q=ana&tag=clientes+frecuentes&limit=8', method: 'GET' },
      { url: 'GET /contacts/ct_1', method: 'GET' },
      { url: 'PATCH /contacts/ct_1', method: 'PATCH', type: 'application/json', body: '{"opted_out":true}' },
      { url: 'POST /contacts/ct_1/tags', method: 'POST', type: 'application/json', body: '{"tags":["vip"]}' },
      { url: 'DELETE /contacts/ct_1/tags/clientes%20frecuentes', method: 'DELETE' },
      { url: 'DELETE /contacts/ct_1', method: 'DELETE' },
      { url: 'GET /contacts/tags', method: 'GET' },
      { url: 'GET /contacts/%2B591%2071234567/info', method: 'GET' },
    ]);
  });

  it('sends an import’s CSV as text/csv with its options, and reads the export as a file', async () => {
    const report = {
      rows: 2,
      added: 1,
      merged: 0,
      errors: [{ line: 3, input: 'hola', message: 'x' }],
      dry_run: true,
    };
    const { b, seen } = http((c) =>
      c.url.includes('export.csv') ? new Response('\ufeffname,phone\r\nAna,+59171234567\r\n') : ok(report),
    );
    expect(await b.contacts.importCsv('phone\n71234567\nhola\n', { dryRun: true })).toEqual(report);
    await b.contacts.importCsv('phone\n71234567\n', { skipInvalid: true });
    const file = await b.contacts.exportCsv('vip');
    expect(await file.text()).toContain('Ana,+59171234567');
    expect(seen()).toEqual([
      {
        url: 'POST /contacts/import?dry_run=true&skip_invalid=false',
        method: 'POST',
        type: 'text/csv; charset=utf-8',
        body: 'phone\n71234567\nhola\n',
      },
      {
        url: 'POST /contacts/import?dry_run=false&skip_invalid=true',
        method: 'POST',
        type: 'text/csv; charset=utf-8',
        body: 'phone\n71234567\n',
      },
      { url: 'GET /contacts/export.csv?tag=vip', method: 'GET' },
    ]);
  });

  it('says the service’s refusal of an import, and of an export', async () => {
    const refuse = (code: string) =>
      new Response(JSON.stringify({ success: false, error: { code, message: 'no' } }), { status: 400 });
    const { b } = http(() => refuse('INVALID_ROWS'));
    await expect(b.contacts.importCsv('phone\nhola\n')).rejects.toMatchObject({ code: 'INVALID_ROWS' });
    await expect(b.contacts.exportCsv()).rejects.toMatchObject({ code: 'INVALID_ROWS', status: 400 });
  });

  it('finds the contact book in the OpenAPI document', async () => {
    const paths = { '/api/v1/contacts': { get: {}, post: {} } };
    const { b } = http((c) =>
      c.url.endsWith('openapi.json') ? new Response(JSON.stringify({ paths })) : ok({ status: 'ok' }),
    );
    expect((await b.capabilities()).contacts).toBe(true);
  });
});

describe('TauriBackend contacts', () => {
  it('calls the desktop commands with the service’s parameters', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: unknown) => {
          calls.push({ cmd, args });
          if (cmd === 'contacts') return { items: [ANA] };
          if (cmd === 'export_contacts') return 'name,phone\r\nAna,+59171234567\r\n';
          if (cmd === 'delete_contact') return null;
          return ANA;
        },
        transformCallback: () => 0,
      },
    });
    const b = new TauriBackend();
    await b.contacts.create({ phone: '71234567' });
    await b.contacts.list({ q: 'ana', limit: 8 });
    await b.contacts.get('ct_1');
    await b.contacts.change('ct_1', { name: 'Ana Q.' });
    await b.contacts.remove('ct_1');
    await b.contacts.tag('ct_1', ['vip']);
    await b.contacts.untag('ct_1', 'vip');
    await b.contacts.tags();
    await b.contacts.importCsv('phone\n71234567\n', { dryRun: true });
    const file = await b.contacts.exportCsv();
    await b.contacts.info('71234567');
    expect(await file.text()).toContain('Ana,+59171234567');
    expect(file.type).toBe('text/csv;charset=utf-8');
    expect(calls).toEqual([
      { cmd: 'create_contact', args: { input: { phone: '71234567' } } },
      { cmd: 'contacts', args: { query: { q: 'ana', limit: 8 } } },
      { cmd: 'contact', args: { id: 'ct_1' } },
      { cmd: 'change_contact', args: { id: 'ct_1', input: { name: 'Ana Q.' } } },
      { cmd: 'delete_contact', args: { id: 'ct_1' } },
      { cmd: 'tag_contact', args: { id: 'ct_1', tags: ['vip'] } },
      { cmd: 'untag_contact', args: { id: 'ct_1', tag: 'vip' } },
      { cmd: 'contact_tags', args: undefined },
      {
        cmd: 'import_contacts',
        args: { csv: 'phone\n71234567\n', options: { dry_run: true, skip_invalid: false } },
      },
      { cmd: 'export_contacts', args: { tag: null } },
      { cmd: 'contact_info', args: { phone: '71234567' } },
    ]);
  });
});

describe('a broadcast to a tag', () => {
  it('names the tag instead of recipients', () => {
    const body = batchBody({ name: 'Promo', text: 'Hola {nombre}', tag: 'clientes frecuentes' }, null);
    expect(body).toEqual({
      name: 'Promo',
      template: { type: 'text', text: 'Hola {nombre}' },
      tag: 'clientes frecuentes',
    });
    expect(batchBody({ name: 'x', text: 'y' }, null).recipients).toEqual([]);
  });
});
