// The batch (broadcast) calls over both transports: request shapes the service documents
// (JSON, multipart with a CSV and the file once; the desktop commands' argument names), the
// per-row errors of INVALID_ROWS, and the `batch` event.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpBackend } from './http';
import { parseLiveEvent } from './live';
import { TauriBackend } from './tauri';

const ok = (data: unknown, status = 200) => new Response(JSON.stringify({ success: true, data }), { status });
const LIMITS = { image_types: ['image/png'] };
const rows = [{ index: 1, code: 'INVALID_RECIPIENT', message: 'too short' }];

function http(answer: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return answer(String(input), init);
  }) as typeof fetch;
  return { calls, b: new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl }) };
}

afterEach(() => vi.unstubAllGlobals());

describe('batches over HTTP', () => {
  it('posts typed recipients as JSON, the template without `to`', async () => {
    const { calls, b } = http(() => ok({ batch: { id: 'b1' }, rejected: [] }, 202));
    const r = await b.createBatch({
      name: 'Promo',
      text: 'Hola {nombre}',
      recipients: [{ to: '71234567', variables: { nombre: 'Ana' } }],
      idempotencyKey: 'k1',
    });
    expect(r.batch.id).toBe('b1');
    expect(calls[0]!.url).toBe('http://127.0.0.1:3107/api/v1/batches');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      name: 'Promo',
      template: { type: 'text', text: 'Hola {nombre}' },
      recipients: [{ to: '71234567', variables: { nombre: 'Ana' } }],
      idempotency_key: 'k1',
    });
  });

  it('sends the batch’s own pace and skip_invalid as the service names them', async () => {
    const { calls, b } = http(() => ok({ batch: { id: 'b3' }, rejected: rows }, 202));
    const r = await b.createBatch({
      name: 'P',
      text: 'x',
      recipients: [{ to: '71234567' }, { to: '1' }],
      pacingMs: 0,
      jitterMs: 250,
      skipInvalid: true,
    });
    expect(r.rejected).toEqual(rows);
    expect(JSON.parse(calls[0]!.init.body as string)).toMatchObject({
      pacing_ms: 0,
      jitter_ms: 250,
      skip_invalid: true,
    });
    // Left out: the shop's pace, and nothing stored when a row is bad.
    await b.createBatch({ name: 'P', text: 'x', recipients: [] });
    const plain = JSON.parse(calls[1]!.init.body as string);
    expect(plain).not.toHaveProperty('pacing_ms');
    expect(plain).not.toHaveProperty('jitter_ms');
    expect(plain).not.toHaveProperty('skip_invalid');
  });

  it('uploads a CSV and the file once as multipart', async () => {
    const { calls, b } = http((url) =>
      url.endsWith('/limits') ? ok(LIMITS) : ok({ batch: { id: 'b2' }, rejected: [] }, 202),
    );
    const file = { name: 'a.png', size: 3, type: 'image/png', data: new Blob(['png']) };
    await b.createBatch({
      name: 'P',
      text: 'Hola {Nombre}',
      file,
      csv: { data: new Blob(['Nombre;Celular\nAna;71234567\n']), numberColumn: 'Celular' },
    });
    const form = calls.find((c) => c.url.endsWith('/batches'))!.init.body as FormData;
    expect(JSON.parse(form.get('request') as string)).toEqual({
      name: 'P',
      template: { type: 'image', caption: 'Hola {Nombre}' },
    });
    expect(form.get('number_column')).toBe('Celular');
    expect(await (form.get('csv') as Blob).text()).toContain('Ana;71234567');
    expect(form.getAll('file')).toHaveLength(1);
  });

  it('keeps the service’s per-row errors on INVALID_ROWS', async () => {
    const { b } = http(
      () =>
        new Response(
          JSON.stringify({ success: false, error: { code: 'INVALID_ROWS', message: 'x', rows } }),
          { status: 400 },
        ),
    );
    await expect(b.createBatch({ name: 'P', text: 'x', recipients: [] })).rejects.toMatchObject({
      code: 'INVALID_ROWS',
      status: 400,
      rows,
    });
  });

  it('lists, reads, pages items and pauses, resumes, cancels by id', async () => {
    const { calls, b } = http(() => ok({ items: [] }));
    await b.batches('c1');
    await b.batch('b 1');
    await b.batchItems('b1', { statuses: ['failed'], cursor: 'x' });
    await b.pauseBatch('b1');
    await b.resumeBatch('b1');
    await b.cancelBatch('b1');
    expect(
      calls.map((c) => `${c.init.method ?? 'GET'} ${c.url.replace('http://127.0.0.1:3107/api/v1', '')}`),
    ).toEqual([
      'GET /batches?cursor=c1',
      'GET /batches/b%201',
      'GET /batches/b1/items?status=failed&cursor=x',
      'POST /batches/b1/pause',
      'POST /batches/b1/resume',
      'POST /batches/b1/cancel',
    ]);
  });
});

describe('batches over IPC', () => {
  function fakeTauri(answer: (cmd: string, args: Record<string, unknown>) => unknown) {
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    vi.stubGlobal('window', {
      __TAURI_INTERNALS__: {
        invoke: async (cmd: string, args: Record<string, unknown> = {}) => {
          calls.push({ cmd, args });
          return answer(cmd, args);
        },
        transformCallback: () => 0,
      },
    });
    return calls;
  }

  it('sends the CSV as text with numberColumn, a picked file as its path', async () => {
    const calls = fakeTauri((cmd) => (cmd === 'limits' ? LIMITS : { batch: { id: 'b1' }, rejected: [] }));
    const b = new TauriBackend();
    await b.createBatch({
      name: 'P',
      text: 'Hola',
      file: { name: 'a.pdf', size: 1, type: 'application/pdf', path: '/tmp/a.pdf' },
      csv: { data: new Blob(['number\n71234567\n']), numberColumn: 'number' },
    });
    expect(calls.find((c) => c.cmd === 'create_batch')!.args).toEqual({
      request: { name: 'P', template: { type: 'document', file_name: 'a.pdf', caption: 'Hola' } },
      csv: 'number\n71234567\n',
      numberColumn: 'number',
      path: '/tmp/a.pdf',
    });
  });

  it('names the seven commands as the app does, and keeps rows on INVALID_ROWS', async () => {
    const calls = fakeTauri((cmd) => {
      if (cmd === 'create_batch') throw { code: 'INVALID_ROWS', message: 'bad', rows };
      return { items: [] };
    });
    const b = new TauriBackend();
    await expect(b.createBatch({ name: 'P', text: 'x', recipients: [{ to: '1' }] })).rejects.toMatchObject({
      rows,
    });
    await b.batches();
    await b.batch('b1');
    await b.batchItems('b1');
    await b.pauseBatch('b1');
    await b.resumeBatch('b1');
    await b.cancelBatch('b1');
    expect(calls.map((c) => c.cmd)).toEqual([
      'create_batch',
      'batches',
      'batch',
      'batch_items',
      'pause_batch',
      'resume_batch',
      'cancel_batch',
    ]);
    expect(calls[3]!.args).toEqual({ id: 'b1', query: {} });
  });
});

describe('the batch event', () => {
  it('reads progress, and ignores a body that is not one', () => {
    const data = { type: 'batch', id: 'b1', status: 'running', total: 3, finished: 1, at: 5 };
    expect(parseLiveEvent('batch', JSON.stringify(data))).toEqual({
      type: 'batch',
      update: { id: 'b1', status: 'running', total: 3, finished: 1, at: 5 },
    });
    expect(parseLiveEvent('batch', '{"id":1}')).toBeNull();
  });
});
