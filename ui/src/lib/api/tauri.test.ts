// TauriBackend against a fake `window.__TAURI_INTERNALS__`: command names and arguments, files
// by path or as base64, errors, events, and the transport connect.ts picks.
import { resolveObjectURL } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from './backend';
import { createBackend } from './connect';
import { ApiError } from './errors';
import { HttpBackend } from './http';
import { TauriBackend, imageOnly } from './tauri';

type Args = Record<string, unknown>;

/** Records every invoke, answers commands from `answers`, and fires events to listeners. */
function fakeTauri(answers: Record<string, (args: Args) => unknown> = {}) {
  const calls: { cmd: string; args: Args }[] = [];
  const callbacks = new Map<number, (m: unknown) => void>();
  const listeners = new Map<number, { event: string; handler: number }>();
  let next = 1;
  const internals = {
    invoke: async (cmd: string, args: Args = {}) => {
      calls.push({ cmd, args });
      if (cmd === 'plugin:event|listen') {
        const id = next++;
        listeners.set(id, { event: args.event as string, handler: args.handler as number });
        return id;
      }
      if (cmd === 'plugin:event|unlisten') {
        listeners.delete(args.eventId as number);
        return null;
      }
      const answer = answers[cmd];
      if (!answer) throw { code: 'NOT_FOUND', message: `no command ${cmd}` };
      return answer(args);
    },
    transformCallback: <T>(cb: (m: T) => void) => {
      const id = next++;
      callbacks.set(id, cb as (m: unknown) => void);
      return id;
    },
  };
  const fire = (event: string, payload: unknown) => {
    for (const [id, l] of listeners) {
      if (l.event === event) callbacks.get(l.handler)?.({ event, id, payload });
    }
  };
  vi.stubGlobal('window', { __TAURI_INTERNALS__: internals });
  const sent = () => calls.filter((c) => c.cmd === 'send').map((c) => c.args);
  return { calls, fire, listeners, sent };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const message = { id: 'm1', status: 'queued' };
const LIMITS = {
  text_chars: 4096,
  caption_chars: 1024,
  image_bytes: 16,
  video_bytes: 16,
  audio_bytes: 16,
  document_bytes: 100,
  image_types: ['image/png', 'image/jpeg'],
  video_types: [],
  audio_types: [],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TauriBackend', () => {
  it('sends a file picked natively as its path, never its bytes', async () => {
    const { calls, sent } = fakeTauri({
      pick_document: () => ({ path: '/home/caja/f.pdf', name: 'f.pdf', size: 4, mime: 'application/pdf' }),
      send: () => message,
      limits: () => LIMITS,
    });
    const b = new TauriBackend();
    const file = await b.pickFile();
    expect(file).toEqual({ name: 'f.pdf', size: 4, type: 'application/pdf', path: '/home/caja/f.pdf' });
    expect(await b.send({ to: '7', text: 'Factura', file: file! }, { idempotencyKey: 'ui-1' })).toEqual(
      message,
    );
    expect(calls[0]?.cmd).toBe('pick_document');
    expect(sent()).toEqual([
      {
        request: {
          to: '7',
          type: 'document',
          file_name: 'f.pdf',
          caption: 'Factura',
          idempotency_key: 'ui-1',
        },
        path: '/home/caja/f.pdf',
      },
    ]);
  });

  it('uses the photo picker for image-only filters, and keeps its thumbnail', async () => {
    const { calls } = fakeTauri({
      pick_image: () => ({ path: '/p.jpg', name: 'p.jpg', size: 9, mime: 'image/jpeg', thumbnail: 'data:x' }),
      pick_document: () => null,
    });
    const b = new TauriBackend();
    expect((await b.pickFile('image/*'))?.thumbnail).toBe('data:x');
    expect(await b.pickFile('image/png,.pdf')).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(['pick_image', 'pick_document']);
    expect(imageOnly('.JPG, .png')).toBe(true);
    expect(imageOnly('')).toBe(false);
  });

  it('sends bytes from the page as base64 with their name and type, and text as text', async () => {
    const { calls, sent } = fakeTauri({ send: () => message, limits: () => LIMITS });
    const b = new TauriBackend();
    const data = new Blob(['abc']);
    await b.send({ to: '7', text: ' ', file: { name: 'a.png', size: 3, type: 'image/png', data } });
    await b.send({ to: '7', file: { name: 'x.bin', size: 3, type: 'application/octet-stream', data } });
    await b.send({ to: '+591', text: 'hola' });
    expect(sent()).toEqual([
      { request: { to: '7', type: 'image', media: 'YWJj', file_name: 'a.png', mime_type: 'image/png' } },
      { request: { to: '7', type: 'document', file_name: 'x.bin', media: 'YWJj' } },
      { request: { to: '+591', type: 'text', text: 'hola' } },
    ]);
    // The service's image types decide image or document; they are asked once.
    expect(calls.filter((c) => c.cmd === 'limits')).toHaveLength(1);
  });

  it('asks the app to read numbers, and for the countries and the limits, as REST does', async () => {
    const parsed = [
      { input: '7123 4567', recipient: '+59171234567', display: '+591 71234567', group: false },
    ];
    let limitsAsked = 0;
    const { calls } = fakeTauri({
      parse_numbers: () => parsed,
      countries: () => [{ iso: 'BO', dial: 591 }],
      limits: () => {
        if (++limitsAsked === 1) throw { code: 'INTERNAL', message: 'not yet' };
        return LIMITS;
      },
    });
    const b = new TauriBackend();
    expect(await b.parseNumbers(['7123 4567'])).toEqual(parsed);
    expect(await b.countries()).toEqual([{ iso: 'BO', dial: 591 }]);
    await expect(b.limits()).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await b.limits()).toEqual(LIMITS);
    expect(await b.limits()).toEqual(LIMITS);
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['parse_numbers', { numbers: ['7123 4567'] }],
      ['countries', {}],
      ['limits', {}],
      ['limits', {}],
    ]);
  });

  it('turns a command’s {code, message} into the ApiError HTTP throws', async () => {
    fakeTauri({
      groups: () => {
        throw { code: 'NOT_CONNECTED', message: 'WhatsApp is not connected' };
      },
      session: () => {
        throw 'command session not allowed by ACL';
      },
    });
    const b = new TauriBackend();
    const err = await b.groups().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NOT_CONNECTED', message: 'WhatsApp is not connected', status: 0 });
    await expect(b.session()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(b.demoScan()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sends later with send_at in the request, and reschedules with {id, edit}', async () => {
    const sendAt = '2026-12-24T18:00:00-04:00';
    const { calls, sent } = fakeTauri({ send: () => message, reschedule: () => message });
    const b = new TauriBackend();
    await b.send({ to: '+591', text: 'hola', sendAt }, { idempotencyKey: 'ui-2' });
    await b.reschedule('m1', { send_at: sendAt, caption: '' });
    expect(sent()).toEqual([
      { request: { to: '+591', type: 'text', text: 'hola', send_at: sendAt, idempotency_key: 'ui-2' } },
    ]);
    expect(calls.find((c) => c.cmd === 'reschedule')?.args).toEqual({
      id: 'm1',
      edit: { send_at: sendAt, caption: '' },
    });
  });

  it('passes the log query as the REST API’s parameters', async () => {
    const { calls } = fakeTauri({ messages: () => ({ items: [] }), groups: () => [] });
    const b = new TauriBackend();
    await b.messages({
      q: ' factura ',
      statuses: ['failed', 'cancelled'],
      since: 10,
      until: 20,
      batch: 'b1',
      limit: 50,
    });
    await b.groups(true);
    expect(calls.map((c) => c.args)).toEqual([
      {
        query: { q: 'factura', status: 'failed,cancelled', since: '10', until: '20', batch: 'b1', limit: 50 },
      },
      { refresh: true },
    ]);
  });

  it('says what the app can do, and where the POS’s API is', async () => {
    fakeTauri({
      about: () => ({ version: '1.2.0', api_base: 'http://127.0.0.1:3107/api/v1', port: 3107, demo: true }),
    });
    const b = new TauriBackend();
    expect(await b.capabilities()).toEqual({
      settings: true,
      rotateKey: true,
      media: true,
      schedule: true,
      updates: true,
      demo: true,
      desktop: true,
      batches: true,
      webhooks: true,
      received: true,
      claims: true,
      groupAdmin: true,
      contacts: true,
    });
    expect(b.about).toEqual({ transport: 'tauri', apiBase: 'http://127.0.0.1:3107/api/v1', port: 3107 });
    expect(await b.version()).toBe('1.2.0');
    expect(await b.notify()).toBe(false);
  });

  it('turns core events into LiveEvents, and says the link is up', async () => {
    const { fire } = fakeTauri();
    const b = new TauriBackend();
    const seen: LiveEvent[] = [];
    b.subscribe((e) => seen.push(e));
    await tick();
    fire('core-event', { type: 'session', state: 'connected', phone: '+591', since: 1, actions: ['logout'] });
    fire('core-event', { type: 'qr', code: '2@x', expires_at: 5 });
    fire('core-event', {
      type: 'message',
      id: 'm',
      whatsapp_id: 'w',
      status: 'sent',
      attempts: 1,
      at: 2,
      revision: 3,
    });
    fire('core-event', {
      type: 'settings',
      default_country: 'MX',
      pacing_ms: 1000,
      jitter_ms: 500,
      max_attempts: 5,
      locked: [],
    });
    fire('core-event', { type: 'unknown' });
    fire('core-resync', null);
    fire('update-available', { current: '1.0.0', available: '1.1.0', notes: 'Más rápido' });
    expect(seen).toEqual([
      { type: 'link', up: true },
      { type: 'session', session: { state: 'connected', phone: '+591', since: 1, actions: ['logout'] } },
      { type: 'qr', qr: { code: '2@x', expires_at: 5 } },
      {
        type: 'message',
        update: { id: 'm', whatsapp_id: 'w', status: 'sent', attempts: 1, at: 2, revision: 3 },
      },
      {
        type: 'settings',
        settings: { default_country: 'MX', pacing_ms: 1000, jitter_ms: 500, max_attempts: 5, locked: [] },
      },
      { type: 'resync' },
      { type: 'update', info: { current: '1.0.0', available: '1.1.0', notes: 'Más rápido' } },
    ]);
  });

  it('runs the webhook commands with the REST API’s bodies', async () => {
    const hook = { id: 'wh_1', url: 'https://pos.example/h', events: ['*'], enabled: true, health: 'ok' };
    const { calls } = fakeTauri({
      create_webhook: () => ({ webhook: hook, secret: 'whsec_x' }),
      webhooks: () => [hook],
      change_webhook: () => ({ ...hook, enabled: false }),
      delete_webhook: () => null,
      test_webhook: () => ({ event_id: 'e', event_type: 'webhook.test', attempt: 1, at: 1, latency_ms: 3 }),
      webhook_deliveries: () => [],
    });
    const b = new TauriBackend();
    expect((await b.createWebhook({ url: hook.url, events: ['*'], enabled: true })).secret).toBe('whsec_x');
    expect(await b.webhooks()).toEqual([hook]);
    await b.changeWebhook('wh_1', { events: ['batch.*'] });
    await b.testWebhook('wh_1');
    await b.webhookDeliveries('wh_1', 20);
    await b.webhookDeliveries('wh_1');
    await b.deleteWebhook('wh_1');
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['create_webhook', { input: { url: hook.url, events: ['*'], enabled: true } }],
      ['webhooks', {}],
      ['change_webhook', { id: 'wh_1', input: { events: ['batch.*'] } }],
      ['test_webhook', { id: 'wh_1' }],
      ['webhook_deliveries', { id: 'wh_1', limit: 20 }],
      ['webhook_deliveries', { id: 'wh_1', limit: null }],
      ['delete_webhook', { id: 'wh_1' }],
    ]);
  });

  it('listens once for all subscribers, and unlistens when the last one leaves', async () => {
    const { calls, fire, listeners } = fakeTauri();
    const b = new TauriBackend();
    const a: LiveEvent[] = [];
    const stopA = b.subscribe((e) => a.push(e));
    const stopB = b.subscribe(() => {});
    await tick();
    expect([...listeners.values()].map((l) => l.event).sort()).toEqual([
      'core-event',
      'core-resync',
      'update-available',
    ]);
    stopA();
    stopB();
    await tick();
    expect(listeners.size).toBe(0);
    expect(calls.filter((c) => c.cmd === 'plugin:event|unlisten')).toHaveLength(3);
    fire('core-resync', null);
    expect(a).toEqual([{ type: 'link', up: true }]);
  });

  it('stops listening even when unsubscribed before the listen was answered', async () => {
    const { listeners } = fakeTauri();
    const b = new TauriBackend();
    b.subscribe(() => {})();
    await tick();
    expect(listeners.size).toBe(0);
  });

  it('types an attachment’s bytes by its message, and saves files through the dialog', async () => {
    const image = {
      ...message,
      content: { type: 'image', media: { sha256: 'h', mime_type: 'image/png', size: 3 } },
    };
    const { calls } = fakeTauri({
      attachment: () => new Uint8Array([1, 2, 3]).buffer,
      message: () => image,
      save_file: (a) => a.name === 'keep.csv',
    });
    const b = new TauriBackend();
    const blob = resolveObjectURL(await b.mediaUrl('m1'));
    expect(blob?.type).toBe('image/png');
    expect(blob?.size).toBe(3);
    expect(await b.saveFile('keep.csv', new Blob(['a,b\n']))).toBe(true);
    expect(await b.saveFile('no.csv', new Blob(['']))).toBe(false);
    expect(calls.find((c) => c.cmd === 'save_file')?.args).toEqual({ name: 'keep.csv', contents: 'a,b\n' });
  });

  it('reports an update’s download while installing, then stops listening', async () => {
    let fire: (event: string, payload: unknown) => void = () => {};
    const fake = fakeTauri({
      install_update: async () => {
        fire('update-progress', { downloaded: 10, total: 20 });
        fire('update-progress', { downloaded: 20, total: 20 });
        return null;
      },
    });
    fire = fake.fire;
    const b = new TauriBackend();
    const seen: unknown[] = [];
    await b.installUpdate((p) => seen.push(p));
    await tick();
    expect(seen).toEqual([
      { downloaded: 10, total: 20 },
      { downloaded: 20, total: 20 },
    ]);
    expect(fake.listeners.size).toBe(0);
  });
});

describe('createBackend', () => {
  it('picks IPC inside the desktop app, and HTTP in a browser', () => {
    fakeTauri();
    expect(createBackend('', { onUnauthorized: () => {}, onKeyChanged: () => {} })).toBeInstanceOf(
      TauriBackend,
    );
    vi.unstubAllGlobals();
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:3107' });
    const http = createBackend('k', { onUnauthorized: () => {}, onKeyChanged: () => {} });
    expect(http).toBeInstanceOf(HttpBackend);
    expect(http.about.transport).toBe('http');
  });
});
