// The Backend inside the desktop app: one Rust command per operation (the REST API's rules and
// error codes) and the service's events, over IPC. The webview is the app's own: no key.

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
  UpdateProgress,
} from './backend';
import { ApiError } from './errors';
import { tauriClaims } from './claims';
import { tauriGroupAdmin } from './groups';
import { tauriKeys } from './keys';
import { profileArg, tauriLinking, tauriProfiles } from './profiles';
import { tauriContacts } from './contacts';
import { base64, tauriInbox } from './inbox';
import { invoke, listen } from './ipc';
import { parseLiveEvent } from './live';
import { batchBody, listParams, sendBody } from './requests';
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
import { mediaOf } from '../content';

/** The `about` command's answer. */
interface AppInfo {
  version: string;
  api_base: string;
  port: number;
  data_dir: string;
  demo: boolean;
}

/** A file chosen in the native picker; the app reads it only when it is sent. */
interface Picked {
  path: string;
  name: string;
  size: number;
  mime: string;
  thumbnail?: string;
}

/** Events the Rust side emits (src-tauri/src/desktop/mod.rs). */
export const EVENTS = {
  core: 'core-event',
  resync: 'core-resync',
  update: 'update-available',
  progress: 'update-progress',
} as const;

const IMAGE_TYPE = /^(image\/[\w.+*-]+|\.(jpe?g|png|webp|gif))$/i;

/** An `accept` that takes only pictures (`image/*`, `.png,.jpg`): the photo picker fits it. */
export function imageOnly(accept?: string): boolean {
  const parts = (accept ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => IMAGE_TYPE.test(p));
}

export class TauriBackend implements Backend {
  /** Filled in when the app first answers `about` (capabilities() waits for it). */
  readonly about: AboutBackend = { transport: 'tauri', apiBase: '', port: null };
  private info?: Promise<AppInfo>;
  private sendLimits?: Promise<SendLimits>;
  private listeners = new Set<(e: LiveEvent) => void>();
  private stopEvents?: () => void;
  /** A broadcast sends one dropped file many times: encode it once. */
  private encoded = new WeakMap<Blob, Promise<string>>();
  readonly inbox = tauriInbox();
  readonly claims = tauriClaims(() => this.limits());
  readonly groupAdmin = tauriGroupAdmin();
  readonly contacts = tauriContacts();
  readonly profiles = tauriProfiles();
  readonly keys = tauriKeys();
  private readonly linking = tauriLinking();
  readonly session = this.linking.session;
  readonly qr = this.linking.qr;
  readonly pairCode = this.linking.pairCode;
  readonly relink = this.linking.relink;
  readonly logout = this.linking.logout;
  readonly demoScan = this.linking.demoScan;
  readonly demoPairCode = this.linking.demoPairCode;

  private app(): Promise<AppInfo> {
    this.info ??= invoke<AppInfo>('about').then(
      (a) => {
        this.about.apiBase = a.api_base;
        this.about.port = a.port;
        return a;
      },
      (e: unknown) => {
        this.info = undefined;
        throw e;
      },
    );
    return this.info;
  }

  async version(): Promise<string> {
    return (await this.app()).version;
  }

  async capabilities(): Promise<Capabilities> {
    let demo = false;
    try {
      demo = (await this.app()).demo;
    } catch {
      // Unknown: not a demo; everything else is built into the app.
    }
    return {
      settings: true,
      rotateKey: true,
      media: true,
      schedule: true,
      updates: true,
      demo,
      desktop: true,
      batches: true,
      webhooks: true,
      received: true,
      claims: true,
      groupAdmin: true,
      contacts: true,
    };
  }

  /** A picked file goes as its path (the app reads it); bytes from the page go as base64. */
  async send(m: Outgoing, options: SendOptions = {}): Promise<Message> {
    const f = m.file;
    const request = sendBody(m, f ? await this.limits() : null);
    if (options.idempotencyKey) request.idempotency_key = options.idempotencyKey;
    if (f?.path) return invoke('send', { request, path: f.path });
    if (f) {
      if (!f.data) throw new ApiError('MEDIA_MISSING', 'the file has no data');
      let media = this.encoded.get(f.data);
      if (!media) this.encoded.set(f.data, (media = base64(f.data)));
      request.media = await media;
      request.file_name = f.name;
      // As multipart does: a type nobody knows is no type.
      if (f.type && f.type !== 'application/octet-stream') request.mime_type = f.type;
    }
    return invoke('send', { request });
  }

  messages(q: LogQuery): Promise<Page<Message>> {
    return invoke('messages', { query: listParams(q) });
  }

  message(id: string): Promise<Message> {
    return invoke('message', { id });
  }
  retry(id: string): Promise<Message> {
    return invoke('retry', { id });
  }
  cancel(id: string): Promise<Message> {
    return invoke('cancel', { id });
  }

  reschedule(id: string, edit: MessageEdit): Promise<Message> {
    return invoke('reschedule', { id, edit });
  }

  /** The bytes come untyped; the message says what they are. */
  async mediaUrl(id: string): Promise<string> {
    const [bytes, m] = await Promise.all([
      invoke<ArrayBuffer | number[]>('attachment', { id }),
      this.message(id),
    ]);
    const data = bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
    return URL.createObjectURL(new Blob([data], { type: mediaOf(m.content)?.mime_type ?? '' }));
  }

  /** A CSV goes as its text (the app reads it by the service's rules); a picked file as its
   *  path, bytes from the page as base64 in the template: once for every item. */
  async createBatch(d: BatchDraft): Promise<BatchAccepted> {
    const f = d.file;
    const request = batchBody(d, f ? await this.limits() : null);
    const args: Record<string, unknown> = { request };
    if (d.csv) {
      args.csv = await d.csv.data.text();
      args.numberColumn = d.csv.numberColumn;
    }
    if (f?.path) args.path = f.path;
    else if (f) {
      if (!f.data) throw new ApiError('MEDIA_MISSING', 'the file has no data');
      request.template.media = await base64(f.data);
      request.template.file_name = f.name;
      if (f.type && f.type !== 'application/octet-stream') request.template.mime_type = f.type;
    }
    return invoke('create_batch', args);
  }

  batches(cursor?: string): Promise<Page<Batch>> {
    return invoke('batches', { cursor: cursor ?? null, limit: null });
  }

  batch(id: string): Promise<Batch> {
    return invoke('batch', { id });
  }

  batchItems(id: string, q: LogQuery = {}): Promise<Page<Message>> {
    return invoke('batch_items', { id, query: listParams(q) });
  }
  pauseBatch(id: string): Promise<Batch> {
    return invoke('pause_batch', { id });
  }
  resumeBatch(id: string): Promise<Batch> {
    return invoke('resume_batch', { id });
  }

  cancelBatch(id: string): Promise<Batch> {
    return invoke('cancel_batch', { id });
  }

  createWebhook(input: WebhookInput): Promise<WebhookCreated> {
    return invoke('create_webhook', { input });
  }
  webhooks(): Promise<Webhook[]> {
    return invoke('webhooks');
  }
  changeWebhook(id: string, input: WebhookInput): Promise<Webhook> {
    return invoke('change_webhook', { id, input });
  }

  async deleteWebhook(id: string): Promise<void> {
    await invoke('delete_webhook', { id });
  }

  testWebhook(id: string): Promise<Delivery> {
    return invoke('test_webhook', { id });
  }

  webhookDeliveries(id: string, limit?: number): Promise<Delivery[]> {
    return invoke('webhook_deliveries', { id, limit: limit ?? null });
  }

  groups(refresh = false, profile?: string): Promise<Group[]> {
    return invoke('groups', { refresh, ...profileArg(profile) });
  }

  checkContacts(phones: string[], profile?: string): Promise<ContactCheck[]> {
    return invoke('check_contacts', { phones, ...profileArg(profile) });
  }

  parseNumbers(numbers: string[]): Promise<ParsedNumber[]> {
    return invoke('parse_numbers', { numbers });
  }

  countries(): Promise<Country[]> {
    return invoke('countries');
  }

  limits(): Promise<SendLimits> {
    this.sendLimits ??= invoke<SendLimits>('limits').catch((e: unknown) => {
      // Not kept: the next send asks again.
      this.sendLimits = undefined;
      throw e;
    });
    return this.sendLimits;
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    this.stopEvents ??= this.listenAll();
    // IPC has no link to lose: it is up from the start, for this listener too.
    queueMicrotask(() => {
      if (this.listeners.has(listener)) listener({ type: 'link', up: true });
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopEvents?.();
        this.stopEvents = undefined;
      }
    };
  }

  private listenAll(): () => void {
    const stops = [
      // The core's Event JSON is the SSE stream's `data`, and its `type` the SSE event name.
      listen<{ type?: unknown } | null>(EVENTS.core, (p) => {
        const name = typeof p?.type === 'string' ? p.type : '';
        const e = parseLiveEvent(name, JSON.stringify(p));
        if (e) this.emit(e);
      }),
      listen<null>(EVENTS.resync, () => this.emit({ type: 'resync' })),
      listen<UpdateInfo>(EVENTS.update, (info) => this.emit({ type: 'update', info })),
    ];
    // The check at start may have answered before this page listened: ask for its result.
    invoke<UpdateInfo | null>('pending_update')
      .then((info) => {
        if (info?.available) this.emit({ type: 'update', info });
      })
      .catch(() => {
        // Nothing found, or not asked yet: the event above will say when.
      });
    return () => stops.forEach((stop) => stop());
  }

  private emit(e: LiveEvent) {
    for (const l of this.listeners) l(e);
  }

  async pickFile(accept?: string): Promise<Attachment | null> {
    const p = await invoke<Picked | null>(imageOnly(accept) ? 'pick_image' : 'pick_document');
    if (!p) return null;
    const a: Attachment = { name: p.name, size: p.size, type: p.mime, path: p.path };
    if (p.thumbnail) a.thumbnail = p.thumbnail;
    return a;
  }

  async saveFile(name: string, data: Blob): Promise<boolean> {
    return invoke('save_file', { name, contents: await data.text() });
  }

  apiKey(): Promise<string> {
    return invoke('api_key');
  }

  rotateApiKey(): Promise<string> {
    return invoke('rotate_api_key');
  }

  settings(): Promise<ServiceSettings> {
    return invoke('settings');
  }

  saveSettings(changes: Partial<ServiceSettings>): Promise<ServiceSettings> {
    return invoke('save_settings', { changes });
  }

  checkForUpdates(): Promise<UpdateInfo> {
    return invoke('check_update');
  }

  async installUpdate(onProgress?: (p: UpdateProgress) => void): Promise<void> {
    const stop = onProgress ? listen(EVENTS.progress, onProgress) : () => {};
    try {
      await invoke('install_update');
    } finally {
      stop();
    }
  }

  desktopPrefs(): Promise<DesktopPrefs | null> {
    return invoke('desktop_prefs');
  }

  saveDesktopPrefs(prefs: DesktopPrefs): Promise<DesktopPrefs> {
    return invoke('save_desktop_prefs', { prefs });
  }

  /** The app raises its own notifications from the service's events. */
  async notify(): Promise<boolean> {
    return false;
  }
}
