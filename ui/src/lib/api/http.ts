// The Backend over the REST API and its SSE stream: what a plain browser (and Playwright) uses.

import type {
  AboutBackend,
  Attachment,
  Backend,
  BatchDraft,
  Capabilities,
  DesktopPrefs,
  LiveEvent,
  LogQuery,
  Outgoing,
  SendOptions,
  ServiceSettings,
  UpdateInfo,
} from './backend';
import { ApiError, asApiError, unsupported } from './errors';
import { readEnvelope } from './envelope';
import { download, pickWithInput } from './pick';
import { keepStreaming } from './sse';
import type {
  Batch,
  BatchAccepted,
  ContactCheck,
  Country,
  Delivery,
  Group,
  Message,
  MessageEdit,
  Page,
  ParsedNumber,
  SendLimits,
  Webhook,
  WebhookCreated,
  WebhookInput,
} from './types';
import { httpClaims } from './claims';
import { httpGroupAdmin } from './groups';
import { httpKeys } from './keys';
import { httpLinking, httpProfiles, profileQuery } from './profiles';
import { httpContacts, type RawBody } from './contacts';
import { httpInbox } from './inbox';
import { parseLiveEvent } from './live';
import { batchBody, listParams, sendBody } from './requests';

/** Routes the UI uses when the service offers them (looked up in its OpenAPI document). */
export const OPTIONAL_ROUTES = {
  settings: '/api/v1/settings',
  rotateKey: '/api/v1/api-key/rotate',
  media: '/api/v1/messages/{id}/media',
  batches: '/api/v1/batches',
  webhooks: '/api/v1/webhooks',
  received: '/api/v1/received',
  claims: '/api/v1/claims',
  groupAdmin: '/api/v1/groups/{id}',
  contacts: '/api/v1/contacts',
} as const;

/** Send later came with `PATCH` on one message (changing it while it waits). */
const SCHEDULE_ROUTE = '/api/v1/messages/{id}';

interface Body extends RawBody {
  form?: FormData;
}

export interface HttpOptions {
  /** e.g. `http://127.0.0.1:3107` (the page's own origin when served by the app). */
  origin: string;
  key: string;
  fetch?: typeof fetch;
  /** The key was refused: ask the user for another. */
  onUnauthorized?: () => void;
  /** The key changed (rotation): keep the new one. */
  onKeyChanged?: (key: string) => void;
}

export class HttpBackend implements Backend {
  readonly about: AboutBackend;
  private key: string;
  private readonly fetch: typeof fetch;
  private caps?: Promise<Capabilities>;
  private sendLimits?: Promise<SendLimits>;
  private listeners = new Set<(e: LiveEvent) => void>();
  private stopStream?: () => void;
  readonly inbox = httpInbox((method, path) => this.raw(method, path));
  /** An authorised request with a JSON body (when given), for the parts below. */
  private readonly withJson = (method: string, path: string, json?: unknown) =>
    this.raw(method, path, json === undefined ? {} : { json });
  readonly claims = httpClaims(this.withJson, () => this.limits());
  readonly groupAdmin = httpGroupAdmin(this.withJson);
  readonly contacts = httpContacts((method, path, body) => this.raw(method, path, body));
  readonly profiles = httpProfiles(this.withJson);
  readonly keys = httpKeys(this.withJson);
  private readonly linking = httpLinking(this.withJson);
  readonly session = this.linking.session;
  readonly qr = this.linking.qr;
  readonly pairCode = this.linking.pairCode;
  readonly relink = this.linking.relink;
  readonly logout = this.linking.logout;
  readonly demoScan = this.linking.demoScan;
  readonly demoPairCode = this.linking.demoPairCode;

  constructor(private readonly opts: HttpOptions) {
    this.key = opts.key;
    this.fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    const url = new URL(opts.origin);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    this.about = { transport: 'http', apiBase: `${url.origin}/api/v1`, port };
  }

  private async raw(method: string, path: string, body: Body = {}, signal?: AbortSignal) {
    const headers: Record<string, string> = { 'X-API-Key': this.key, ...body.headers };
    let payload: BodyInit | undefined;
    if (body.form) payload = body.form;
    else if (body.text !== undefined) payload = body.text;
    else if (body.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    }
    let res: Response;
    try {
      res = await this.fetch(this.about.apiBase + path, { method, headers, body: payload, signal });
    } catch (e) {
      throw asApiError(e);
    }
    if (res.status === 401) this.opts.onUnauthorized?.();
    return res;
  }

  private async call<T>(method: string, path: string, body?: Body): Promise<T> {
    return readEnvelope<T>(await this.raw(method, path, body));
  }

  async version(): Promise<string> {
    const h = await this.call<{ version: string }>('GET', '/health');
    return h.version;
  }

  capabilities(): Promise<Capabilities> {
    this.caps ??= (async () => {
      let paths: Record<string, Record<string, unknown> | undefined> = {};
      let demo = false;
      try {
        const res = await this.fetch(`${this.about.apiBase}/openapi.json`);
        if (res.ok) paths = ((await res.json()) as { paths?: typeof paths }).paths ?? {};
        demo = (await this.call<{ demo?: boolean }>('GET', '/health')).demo === true;
      } catch {
        // Unknown: assume only the basics.
      }
      // Each optional part: offered when the service's document lists its route.
      const offered = Object.fromEntries(
        Object.entries(OPTIONAL_ROUTES).map(([part, route]) => [part, route in paths]),
      ) as Record<keyof typeof OPTIONAL_ROUTES, boolean>;
      return {
        ...offered,
        schedule: 'patch' in (paths[SCHEDULE_ROUTE] ?? {}),
        updates: false,
        demo,
        desktop: false,
      };
    })();
    return this.caps;
  }

  async send(m: Outgoing, options: SendOptions = {}): Promise<Message> {
    const headers: Record<string, string> = {};
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    if (!m.file) return this.call('POST', '/messages', { json: sendBody(m, null), headers });
    // Only the desktop app's picker gives a path without the bytes.
    if (!m.file.data) throw new ApiError('MEDIA_MISSING', 'the file has no data');
    const body = sendBody(m, await this.limits());
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) form.set(k, v);
    form.set('file', m.file.data, m.file.name);
    return this.call('POST', '/messages', { form, headers });
  }

  messages(q: LogQuery): Promise<Page<Message>> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(listParams(q))) p.set(k, String(v));
    const qs = p.toString();
    return this.call('GET', `/messages${qs ? `?${qs}` : ''}`);
  }

  message(id: string): Promise<Message> {
    return this.call('GET', `/messages/${encodeURIComponent(id)}`);
  }
  retry(id: string): Promise<Message> {
    return this.call('POST', `/messages/${encodeURIComponent(id)}/retry`);
  }
  cancel(id: string): Promise<Message> {
    return this.call('POST', `/messages/${encodeURIComponent(id)}/cancel`);
  }

  reschedule(id: string, edit: MessageEdit): Promise<Message> {
    return this.call('PATCH', `/messages/${encodeURIComponent(id)}`, { json: edit });
  }

  async mediaUrl(id: string): Promise<string> {
    if (!(await this.capabilities()).media) throw unsupported('downloading attachments');
    const res = await this.raw('GET', `/messages/${encodeURIComponent(id)}/media`);
    if (!res.ok) await readEnvelope(res);
    return URL.createObjectURL(await res.blob());
  }

  /** JSON, or multipart when a CSV or a file goes along (the file once, for every item). */
  async createBatch(d: BatchDraft): Promise<BatchAccepted> {
    if (d.file && !d.file.data) throw new ApiError('MEDIA_MISSING', 'the file has no data');
    const body = batchBody(d, d.file ? await this.limits() : null);
    if (!d.csv && !d.file) return this.call('POST', '/batches', { json: body });
    const form = new FormData();
    form.set('request', JSON.stringify(body));
    if (d.csv) {
      form.set('csv', d.csv.data, 'recipients.csv');
      form.set('number_column', d.csv.numberColumn);
    }
    if (d.file?.data) form.set('file', d.file.data, d.file.name);
    return this.call('POST', '/batches', { form });
  }

  batches(cursor?: string): Promise<Page<Batch>> {
    return this.call('GET', `/batches${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  }

  batch(id: string): Promise<Batch> {
    return this.call('GET', `/batches/${encodeURIComponent(id)}`);
  }

  batchItems(id: string, q: LogQuery = {}): Promise<Page<Message>> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(listParams(q))) p.set(k, String(v));
    const qs = p.toString();
    return this.call('GET', `/batches/${encodeURIComponent(id)}/items${qs ? `?${qs}` : ''}`);
  }
  pauseBatch(id: string): Promise<Batch> {
    return this.call('POST', `/batches/${encodeURIComponent(id)}/pause`);
  }
  resumeBatch(id: string): Promise<Batch> {
    return this.call('POST', `/batches/${encodeURIComponent(id)}/resume`);
  }

  cancelBatch(id: string): Promise<Batch> {
    return this.call('POST', `/batches/${encodeURIComponent(id)}/cancel`);
  }

  createWebhook(input: WebhookInput): Promise<WebhookCreated> {
    return this.call('POST', '/webhooks', { json: input });
  }
  webhooks(): Promise<Webhook[]> {
    return this.call('GET', '/webhooks');
  }
  changeWebhook(id: string, input: WebhookInput): Promise<Webhook> {
    return this.call('PATCH', `/webhooks/${encodeURIComponent(id)}`, { json: input });
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.call('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  testWebhook(id: string): Promise<Delivery> {
    return this.call('POST', `/webhooks/${encodeURIComponent(id)}/test`);
  }

  webhookDeliveries(id: string, limit?: number): Promise<Delivery[]> {
    const qs = limit === undefined ? '' : `?limit=${limit}`;
    return this.call('GET', `/webhooks/${encodeURIComponent(id)}/deliveries${qs}`);
  }

  groups(refresh = false, profile?: string): Promise<Group[]> {
    return this.call('GET', `/groups${profileQuery(profile, refresh ? 'refresh=true' : '')}`);
  }

  checkContacts(phones: string[], profile?: string): Promise<ContactCheck[]> {
    return this.call('POST', `/contacts/check${profileQuery(profile)}`, { json: { phones } });
  }

  parseNumbers(numbers: string[]): Promise<ParsedNumber[]> {
    return this.call('POST', '/numbers/parse', { json: { numbers } });
  }

  countries(): Promise<Country[]> {
    return this.call('GET', '/numbers/countries');
  }

  limits(): Promise<SendLimits> {
    this.sendLimits ??= this.call<SendLimits>('GET', '/limits').catch((e: unknown) => {
      // Not kept: the next send asks again.
      this.sendLimits = undefined;
      throw e;
    });
    return this.sendLimits;
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    this.stopStream ??= keepStreaming({
      open: (signal) =>
        this.fetch(`${this.about.apiBase}/events`, {
          headers: { 'X-API-Key': this.key, Accept: 'text/event-stream' },
          signal,
        }),
      onMessage: (m) => {
        const e = parseLiveEvent(m.event, m.data);
        if (e) this.emit(e);
      },
      onLink: (up, again) => {
        this.emit({ type: 'link', up });
        if (again) this.emit({ type: 'resync' });
      },
      onFatal: (res) => {
        if (res.status === 401) this.opts.onUnauthorized?.();
      },
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopStream?.();
        this.stopStream = undefined;
      }
    };
  }

  private emit(e: LiveEvent) {
    for (const l of this.listeners) l(e);
  }

  pickFile(accept?: string): Promise<Attachment | null> {
    return pickWithInput(accept);
  }

  async saveFile(name: string, data: Blob): Promise<boolean> {
    download(name, data);
    return true;
  }

  async apiKey(): Promise<string> {
    return this.key;
  }

  async rotateApiKey(): Promise<string> {
    if (!(await this.capabilities()).rotateKey) throw unsupported('rotating the API key');
    const { key } = await this.call<{ key: string }>('POST', '/api-key/rotate');
    this.key = key;
    this.opts.onKeyChanged?.(key);
    return key;
  }

  async settings(): Promise<ServiceSettings> {
    if (!(await this.capabilities()).settings) throw unsupported('reading settings');
    return this.call('GET', '/settings');
  }

  async saveSettings(changes: Partial<ServiceSettings>): Promise<ServiceSettings> {
    if (!(await this.capabilities()).settings) throw unsupported('changing settings');
    return this.call('PATCH', '/settings', { json: changes });
  }

  async checkForUpdates(): Promise<UpdateInfo> {
    throw unsupported('updating from the browser');
  }

  async installUpdate(): Promise<void> {
    throw unsupported('updating from the browser');
  }

  async desktopPrefs(): Promise<DesktopPrefs | null> {
    return null;
  }

  async saveDesktopPrefs(): Promise<DesktopPrefs> {
    throw unsupported('desktop settings in the browser');
  }

  async notify(title: string, body: string): Promise<boolean> {
    if (typeof Notification === 'undefined') return false;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission !== 'granted') return false;
    new Notification(title, { body, tag: 'mostrador' });
    return true;
  }
}
