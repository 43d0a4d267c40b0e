// HttpBackend against a fake fetch: headers, bodies, query strings, capabilities, errors, the
// service's rules (numbers, countries, limits) and its event stream.
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from './backend';
import { HttpBackend } from './http';
import type { SendLimits } from './types';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fake(answer: (c: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const c: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: init.body,
    };
    calls.push(c);
    return answer(c);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const ok = (data: unknown, status = 200) => new Response(JSON.stringify({ success: true, data }), { status });
const LIMITS: SendLimits = {
  text_chars: 4096,
  caption_chars: 1024,
  image_bytes: 16,
  video_bytes: 16,
  audio_bytes: 16,
  document_bytes: 100,
  image_types: ['image/png', 'image/jpeg'],
  video_types: ['video/mp4'],
  audio_types: ['audio/ogg'],
};
const fail = (code: string, status: number) =>
  new Response(JSON.stringify({ success: false, error: { code, message: code.toLowerCase() } }), { status });

describe('HttpBackend', () => {
  it('sends the key and an Idempotency-Key with a JSON text message', async () => {
    const { calls, fetchImpl } = fake(() => ok({ id: 'm1' }, 202));
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    await b.send({ to: '+59171234567', text: 'hola' }, { idempotencyKey: 'ui-1' });
    expect(calls[0]).toMatchObject({
      url: 'http://127.0.0.1:3107/api/v1/messages',
      method: 'POST',
      headers: { 'X-API-Key': 'k', 'Idempotency-Key': 'ui-1', 'Content-Type': 'application/json' },
      body: '{"to":"+59171234567","type":"text","text":"hola"}',
    });
    expect(b.about).toEqual({ transport: 'http', apiBase: 'http://127.0.0.1:3107/api/v1', port: 3107 });
  });

  it('sends files as multipart: the service’s image types as images, anything else as documents', async () => {
    const all = fake((c) => (c.url.endsWith('/limits') ? ok(LIMITS) : ok({ id: 'm' }, 202)));
    const sends = () => all.calls.filter((c) => c.url.endsWith('/messages'));
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: all.fetchImpl });
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    await b.send({
      to: '7',
      text: 'Factura',
      file: { name: 'f.pdf', size: 4, type: 'application/pdf', data: pdf },
    });
    await b.send({
      to: '7',
      text: '',
      file: { name: 'a.png', size: 1, type: 'image/png', data: new Blob(['x']) },
    });
    // A type the service does not send as a picture goes as a document under its name.
    await b.send({
      to: '7',
      file: { name: 'a.heic', size: 1, type: 'image/heic', data: new Blob(['x']) },
    });
    const [doc, img, heic] = sends().map((c) => c.body as FormData);
    expect(doc?.get('type')).toBe('document');
    expect(doc?.get('file_name')).toBe('f.pdf');
    expect(doc?.get('caption')).toBe('Factura');
    expect((doc?.get('file') as File).name).toBe('f.pdf');
    expect(img?.get('type')).toBe('image');
    expect(img?.has('caption')).toBe(false);
    expect(heic?.get('type')).toBe('document');
    // The limits are asked once, not per file.
    expect(all.calls.filter((c) => c.url.endsWith('/limits'))).toHaveLength(1);
    expect(sends()[0]?.headers['Content-Type']).toBeUndefined();
    // Only the desktop app reads a picked path; a browser has the bytes or nothing.
    await expect(
      b.send({ to: '7', file: { name: 'f.pdf', size: 4, type: 'application/pdf', path: '/f.pdf' } }),
    ).rejects.toMatchObject({ code: 'MEDIA_MISSING' });
    expect(sends()).toHaveLength(3);
  });

  it('asks the service to read numbers, and for its countries and limits', async () => {
    const parsed = [
      { input: '7123 4567', recipient: '+59171234567', display: '+591 71234567', group: false },
    ];
    const { calls, fetchImpl } = fake((c) =>
      c.url.endsWith('/numbers/parse')
        ? ok(parsed)
        : c.url.endsWith('/numbers/countries')
          ? ok([{ iso: 'BO', dial: 591 }])
          : c.url.endsWith('/limits')
            ? calls.filter((x) => x.url.endsWith('/limits')).length === 1
              ? fail('INTERNAL', 500)
              : ok(LIMITS)
            : fail('NOT_FOUND', 404),
    );
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    expect(await b.parseNumbers(['7123 4567'])).toEqual(parsed);
    expect(calls[0]).toMatchObject({
      url: 'http://localhost:1/api/v1/numbers/parse',
      method: 'POST',
      headers: { 'X-API-Key': 'k', 'Content-Type': 'application/json' },
      body: '{"numbers":["7123 4567"]}',
    });
    expect(await b.countries()).toEqual([{ iso: 'BO', dial: 591 }]);
    expect(calls[1]).toMatchObject({ url: 'http://localhost:1/api/v1/numbers/countries', method: 'GET' });
    // A failed read is not kept; a good one is.
    await expect(b.limits()).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await b.limits()).toEqual(LIMITS);
    expect(await b.limits()).toEqual(LIMITS);
    expect(calls.filter((c) => c.url.endsWith('/limits'))).toHaveLength(2);
  });

  it('passes the stream’s settings and message events on as LiveEvents', async () => {
    const body = [
      'event: settings\ndata: {"type":"settings","default_country":"MX","pacing_ms":1000,"jitter_ms":500,"max_attempts":5,"locked":[]}\n\n',
      'event: message\ndata: {"type":"message","id":"m","whatsapp_id":"w","status":"sent","attempts":1,"at":2,"revision":3}\n\n',
    ];
    const { fetchImpl } = fake(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              for (const chunk of body) c.enqueue(new TextEncoder().encode(chunk));
            },
          }),
          { status: 200, headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    const seen: LiveEvent[] = [];
    let stop = () => {};
    await new Promise<void>((resolve) => {
      stop = b.subscribe((e) => {
        seen.push(e);
        if (e.type === 'message') resolve();
      });
    });
    stop();
    expect(seen).toEqual([
      { type: 'link', up: true },
      {
        type: 'settings',
        settings: { default_country: 'MX', pacing_ms: 1000, jitter_ms: 500, max_attempts: 5, locked: [] },
      },
      {
        type: 'message',
        update: { id: 'm', whatsapp_id: 'w', status: 'sent', attempts: 1, at: 2, revision: 3 },
      },
    ]);
  });

  it('builds the log query', async () => {
    const { calls, fetchImpl } = fake(() => ok({ items: [] }));
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    await b.messages({
      q: ' factura ',
      statuses: ['failed', 'cancelled'],
      since: 10,
      until: 20,
      batch: 'b 1',
      cursor: '5',
      limit: 50,
    });
    await b.messages({ q: '  ' });
    expect(calls[0]?.url).toBe(
      'http://localhost:1/api/v1/messages?q=factura&status=failed%2Ccancelled&since=10&until=20&batch=b+1&cursor=5&limit=50',
    );
    expect(calls[1]?.url).toBe('http://localhost:1/api/v1/messages');
  });

  it('turns the QR answer into an image URL', async () => {
    const { fetchImpl } = fake(() => ok({ code: '2@x', expires_at: 9, png_base64: 'iVBOR' }));
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    expect(await b.qr()).toEqual({ code: '2@x', expires_at: 9, image: 'data:image/png;base64,iVBOR' });
  });

  it('maps errors: the service’s codes, network loss, refused keys', async () => {
    let refused = 0;
    const { fetchImpl } = fake((c) => {
      if (c.url.endsWith('/groups')) return fail('NOT_CONNECTED', 503);
      if (c.url.endsWith('/session')) return fail('UNAUTHORIZED', 401);
      throw new TypeError('Failed to fetch');
    });
    const b = new HttpBackend({
      origin: 'http://localhost:1',
      key: 'k',
      fetch: fetchImpl,
      onUnauthorized: () => refused++,
    });
    await expect(b.groups()).rejects.toMatchObject({ code: 'NOT_CONNECTED', status: 503 });
    await expect(b.session()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(refused).toBe(1);
    await expect(b.message('x')).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('finds optional features in the OpenAPI document, and says UNSUPPORTED otherwise', async () => {
    const paths = { '/api/v1/settings': {}, '/api/v1/messages': {} };
    const { calls, fetchImpl } = fake((c) =>
      c.url.endsWith('openapi.json')
        ? new Response(JSON.stringify({ paths }))
        : c.url.endsWith('/health')
          ? ok({ status: 'ok', version: '0.1.0', demo: true })
          : c.url.endsWith('/settings')
            ? ok({ default_country: 'MX', pacing_ms: 1000, jitter_ms: 500, max_attempts: 5 })
            : fail('NOT_FOUND', 404),
    );
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    expect(await b.capabilities()).toEqual({
      settings: true,
      rotateKey: false,
      media: false,
      schedule: false,
      updates: false,
      demo: true,
      desktop: false,
      batches: false,
      webhooks: false,
      received: false,
      claims: false,
      groupAdmin: false,
      contacts: false,
    });
    expect((await b.settings()).default_country).toBe('MX');
    await expect(b.rotateApiKey()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(b.checkForUpdates()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(b.installUpdate()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(await b.desktopPrefs()).toBeNull();
    expect(calls.filter((c) => c.url.endsWith('openapi.json'))).toHaveLength(1);
  });

  it('finds webhooks in the OpenAPI document', async () => {
    const paths = { '/api/v1/webhooks': { get: {}, post: {} } };
    const { fetchImpl } = fake((c) =>
      c.url.endsWith('openapi.json') ? new Response(JSON.stringify({ paths })) : ok({ status: 'ok' }),
    );
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    expect((await b.capabilities()).webhooks).toBe(true);
  });

  it('adds, lists, changes, tests and removes webhooks, and reads their deliveries', async () => {
    const hook = { id: 'wh/1', url: 'https://pos.example/h', events: ['*'], enabled: true, health: 'ok' };
    const delivery = { event_id: 'evt_1', event_type: 'webhook.test', attempt: 1, at: 5, latency_ms: 12 };
    const { calls, fetchImpl } = fake((c) => {
      if (c.method === 'POST' && c.url.endsWith('/webhooks'))
        return ok({ webhook: hook, secret: 'whsec_x' }, 201);
      if (c.url.endsWith('/test')) return ok({ ...delivery, http_status: 200 });
      if (c.url.includes('/deliveries')) return ok([delivery]);
      if (c.method === 'DELETE') return ok({ deleted: hook.id });
      if (c.method === 'PATCH') return ok({ ...hook, enabled: false });
      return ok([hook]);
    });
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    const created = await b.createWebhook({ url: hook.url, events: ['message.*'], enabled: true });
    expect(created.secret).toBe('whsec_x');
    expect(await b.webhooks()).toEqual([hook]);
    expect((await b.changeWebhook('wh/1', { enabled: false })).enabled).toBe(false);
    expect((await b.testWebhook('wh/1')).http_status).toBe(200);
    expect(await b.webhookDeliveries('wh/1', 20)).toEqual([delivery]);
    await b.webhookDeliveries('wh/1');
    await b.deleteWebhook('wh/1');
    const base = 'http://127.0.0.1:3107/api/v1/webhooks';
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', base, '{"url":"https://pos.example/h","events":["message.*"],"enabled":true}'],
      ['GET', base, undefined],
      ['PATCH', `${base}/wh%2F1`, '{"enabled":false}'],
      ['POST', `${base}/wh%2F1/test`, undefined],
      ['GET', `${base}/wh%2F1/deliveries?limit=20`, undefined],
      ['GET', `${base}/wh%2F1/deliveries`, undefined],
      ['DELETE', `${base}/wh%2F1`, undefined],
    ]);
  });

  it('hands on the service’s refusal of a webhook', async () => {
    const { fetchImpl } = fake(() => fail('VALIDATION_ERROR', 400));
    const b = new HttpBackend({ origin: 'http://127.0.0.1:3107', key: 'k', fetch: fetchImpl });
    await expect(b.createWebhook({ url: 'http://192.168.1.5/h' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 400,
    });
  });

  it('finds send later by PATCH on one message in the OpenAPI document', async () => {
    const paths = { '/api/v1/messages/{id}': { get: {}, patch: {} } };
    const { fetchImpl } = fake((c) =>
      c.url.endsWith('openapi.json') ? new Response(JSON.stringify({ paths })) : ok({ status: 'ok' }),
    );
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: fetchImpl });
    expect((await b.capabilities()).schedule).toBe(true);
  });

  it('sends later with send_at (JSON and multipart) and changes a waiting message with PATCH', async () => {
    const sendAt = '2026-12-24T18:00:00-04:00';
    const all = fake((c) => (c.url.endsWith('/limits') ? ok(LIMITS) : ok({ id: 'm1', status: 'scheduled' })));
    const b = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: all.fetchImpl });
    await b.send({ to: '+59171234567', text: 'hola', sendAt });
    await b.send({
      to: '7',
      text: 'Factura',
      sendAt,
      file: { name: 'f.pdf', size: 4, type: 'application/pdf', data: new Blob(['%PDF']) },
    });
    await b.reschedule('m 1', { send_at: sendAt, text: 'chau' });
    const [json, form, patch] = all.calls.filter((c) => !c.url.endsWith('/limits'));
    expect(JSON.parse(json?.body as string)).toEqual({
      to: '+59171234567',
      type: 'text',
      text: 'hola',
      send_at: sendAt,
    });
    expect((form?.body as FormData).get('send_at')).toBe(sendAt);
    expect(patch).toMatchObject({
      url: 'http://localhost:1/api/v1/messages/m%201',
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ send_at: sendAt, text: 'chau' }),
    });
    // A wrong time is the service's 400, its words kept for the screen.
    const refused = fake(
      () =>
        new Response(
          JSON.stringify({
            success: false,
            error: { code: 'VALIDATION_ERROR', message: 'send_at is more than a year ahead' },
          }),
          { status: 400 },
        ),
    );
    const c = new HttpBackend({ origin: 'http://localhost:1', key: 'k', fetch: refused.fetchImpl });
    await expect(c.send({ to: '7', text: 'x', sendAt })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'send_at is more than a year ahead',
      status: 400,
    });
  });
});
