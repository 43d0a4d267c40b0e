// The one interface the screens talk to; HTTP+SSE in a browser, Tauri IPC in the desktop app.

import type {
  Batch,
  BatchAccepted,
  BatchUpdate,
  Claim,
  Contact,
  ContactCheck,
  ContactImport,
  ContactInfo,
  ContactInput,
  Country,
  Delivery,
  Group,
  Message,
  MessageEdit,
  MessageUpdate,
  Page,
  ParsedNumber,
  QrCode,
  Received,
  SendLimits,
  SessionInfo,
  Status,
  TagCount,
  Webhook,
  WebhookCreated,
  WebhookInput,
} from './types';
import type { GroupAdmin } from './groups';
import type { Keys } from './keys';
import type { Linking, Profiles } from './profiles';

/** A file the user chose: from `<input type=file>`, drag and drop, or the native picker. */
export interface Attachment {
  name: string;
  size: number;
  /** As the browser or OS guessed it; the service checks the real type from the bytes. */
  type: string;
  /** The bytes, for a file from the browser (input or drag and drop). */
  data?: Blob;
  /** A file chosen in the desktop app's native picker: the app reads it when it is sent. */
  path?: string;
  /** A small picture of an image (data: URL), when the bytes are not at hand. */
  thumbnail?: string;
}

export interface Outgoing {
  /** A number as typed (better: E.164) or a group id. */
  to: string;
  text?: string;
  file?: Attachment;
  /** Send later: RFC 3339 with the offset of the shop's zone (`2026-12-24T18:00:00-04:00`).
   *  The service judges it (too far back or ahead is its VALIDATION_ERROR). */
  sendAt?: string;
  /** The linked number that sends it (profile id); none: the main number. */
  profile?: string;
}

/** One recipient of a broadcast and the values of its `{placeholders}`. */
export interface BatchRecipient {
  to: string;
  variables?: Record<string, string>;
}

/** A broadcast to hand to the service (`POST /batches`): it validates, stores and sends it. */
export interface BatchDraft {
  name: string;
  /** The text, or the file's caption; `{variable}` placeholders are the service's to fill. */
  text?: string;
  /** Sent once with the request; the service stores it once for every recipient. */
  file?: Attachment;
  /** Recipients typed or picked here; or `csv`, or `tag`, instead. */
  recipients?: BatchRecipient[];
  /** The contacts with this tag when the service accepts it (`{nombre}`: their names). */
  tag?: string;
  /** A CSV file the service reads (its rules): `numberColumn` names the numbers' column. */
  csv?: { data: Blob; numberColumn: string };
  sendAt?: string;
  /** This batch's own gap between messages, ms; none: the shop's pacing (Settings). */
  pacingMs?: number;
  /** This batch's random ± on each gap, ms; none: the shop's. */
  jitterMs?: number;
  /** Store the good rows and report the others instead of storing nothing. */
  skipInvalid?: boolean;
  idempotencyKey?: string;
  /** The linked number that sends it all (profile id); none: the main number. */
  profile?: string;
}

export interface SendOptions {
  /** Repeats with the same key return the original message instead of sending again. */
  idempotencyKey?: string;
}

export interface LogQuery {
  q?: string;
  statuses?: Status[];
  to?: string;
  /** ms since the epoch, inclusive. */
  since?: number;
  /** ms since the epoch, exclusive. */
  until?: number;
  /** Only the messages of this batch (broadcast), by its id. */
  batch?: string;
  /** Only those sent from this linked number (profile id). */
  profile?: string;
  cursor?: string;
  limit?: number;
}

/** Which of the customers' messages to list (newest first). */
export interface ReceivedQuery {
  /** Only from this number (as typed; the service reads it). */
  from?: string;
  /** Only those nobody at the shop has seen yet. */
  unread?: boolean;
  /** Only the answers to this message of the shop's (its id). */
  replyTo?: string;
  /** Only those written to this linked number (profile id). */
  profile?: string;
  cursor?: string;
  limit?: number;
}

/** A message for whoever scans the shop's QR and writes its code (`POST /claims`). */
export interface ClaimDraft {
  /** The ticket's code; none: the service makes one up. */
  code?: string;
  text?: string;
  file?: Attachment;
  /** The linked number the code is written to and the message sent from. */
  profile?: string;
}

/** Claim codes ("the customer scans a QR"): their own part of the Backend. */
export interface Claims {
  create(draft: ClaimDraft): Promise<Claim>;
  get(code: string): Promise<Claim>;
  /** An object URL of the claim's QR (a PNG the service draws). */
  qrUrl(code: string): Promise<string>;
  /** Withdraws an open claim (the sale was voided). */
  cancel(code: string): Promise<Claim>;
  /** Shows the claim's QR alone in a second window, for a customer-facing monitor. */
  openCustomerWindow(code: string): Promise<void>;
}

/** Which contacts to list (in name order). */
export interface ContactQuery {
  /** Part of a name, or three or more digits of a number. */
  q?: string;
  tag?: string;
  cursor?: string;
  limit?: number;
}

export interface ImportOptions {
  /** Only say what would happen (a preview). */
  dryRun?: boolean;
  /** Import the good rows and report the others, instead of importing nothing. */
  skipInvalid?: boolean;
}

/** The shop's contact book: its own part of the Backend. The service reads the numbers and
 *  normalises the tags; this only carries them. */
export interface Contacts {
  create(input: ContactInput): Promise<Contact>;
  list(query?: ContactQuery): Promise<Page<Contact>>;
  get(id: string): Promise<Contact>;
  /** Changes what `input` names (`tags` replaces them all). */
  change(id: string, input: ContactInput): Promise<Contact>;
  remove(id: string): Promise<void>;
  /** Adds tags (those it has stay). */
  tag(id: string, tags: string[]): Promise<Contact>;
  untag(id: string, tag: string): Promise<Contact>;
  /** Every tag in use, with how many contacts have it. */
  tags(): Promise<TagCount[]>;
  /** Reads a CSV's text by the service's rules; `INVALID_ROWS` unless `skipInvalid`. */
  importCsv(csv: string, options?: ImportOptions): Promise<ContactImport>;
  /** The book (or one tag of it) as a CSV file. */
  exportCsv(tag?: string): Promise<Blob>;
  /** Whether a number has WhatsApp, and the shop's contact for it (`NOT_CONNECTED` unlinked). */
  info(phone: string, profile?: string): Promise<ContactInfo>;
}

/** What customers wrote to the shop: its own part of the Backend. */
export interface Inbox {
  list(query?: ReceivedQuery): Promise<Page<Received>>;
  get(id: string): Promise<Received>;
  /** The answers to one of the shop's messages, newest first. */
  replies(messageId: string, cursor?: string): Promise<Page<Received>>;
  /** Marks it, and what the same customer wrote before it, seen; returns it. */
  markRead(id: string): Promise<Received>;
  /** How many nobody has seen yet, as the service counts them. */
  unreadCount(): Promise<number>;
  /** An object URL for its attachment (the service fetches it from WhatsApp). */
  mediaUrl(id: string): Promise<string>;
}

export interface QrImage extends QrCode {
  /** An image URL (data: URL) showing the code. */
  image: string;
}

/** Settings kept by the service. */
export interface ServiceSettings {
  /** ISO 3166 code for numbers typed without a country code. */
  default_country: string;
  pacing_ms: number;
  jitter_ms: number;
  max_attempts: number;
  /** A message sent later found this long past its time (the PC was off) expires unsent. */
  expire_after_ms: number;
  /** Webhooks may use plain http:// to the shop's own network, not only to this computer. */
  webhooks_lan: boolean;
  /** How long a message waits for its customer to write first (held by WhatsApp, or sent to a
   *  claim code) before it expires unsent. */
  customer_wait_ms: number;
  /** Settings fixed by how Mostrador was started (a flag or environment variable). */
  locked?: (keyof Omit<ServiceSettings, 'locked'>)[];
}

export interface UpdateInfo {
  current: string;
  /** The newer version, when there is one. */
  available?: string;
  notes?: string;
}

/** How far an update's download got, in bytes. */
export interface UpdateProgress {
  downloaded: number;
  /** Unknown when the server does not say. */
  total: number | null;
}

/** The desktop app's own settings, kept by the app (not the service). */
export interface DesktopPrefs {
  /** Which system notifications the app raises. */
  notices: {
    linked: boolean;
    connection: boolean;
    failed: boolean;
    logged_out: boolean;
    /** A customer wrote to the shop. */
    replies: boolean;
  };
  check_updates_at_start: boolean;
  start_at_login: boolean;
  /** The UI's language, which the notifications follow; null until the UI says. */
  language: 'es' | 'en' | null;
}

/** What this backend can do; some operations need service support that may be missing. */
export interface Capabilities {
  /** Read and change ServiceSettings. */
  settings: boolean;
  /** Replace the API key from the UI. */
  rotateKey: boolean;
  /** Download a message's attachment. */
  media: boolean;
  /** Send later (`send_at`) and change a message while it waits (`reschedule`). */
  schedule: boolean;
  /** Check for and install app updates. */
  updates: boolean;
  /** A demo build: a phone on the built-in fake network can link it (demoScan, demoPairCode). */
  demo: boolean;
  /** The desktop app: its own settings (DesktopPrefs), system notifications, no key. */
  desktop: boolean;
  /** Broadcasts owned by the service (`/batches`). */
  batches: boolean;
  /** Webhooks to the POS (`/webhooks`). */
  webhooks: boolean;
  /** What customers wrote to the shop (`/received`). */
  received: boolean;
  /** Messages for whoever scans a QR and writes its code (`/claims`). */
  claims: boolean;
  /** Creating and administering groups (`/groups/{id}`). */
  groupAdmin: boolean;
  /** The shop's contact book (`/contacts`), and broadcasts to a tag. */
  contacts: boolean;
}

/** Pushed by the backend: service events, plus the health of the link to the service. */
export type LiveEvent =
  | { type: 'session'; session: SessionInfo }
  | { type: 'qr'; qr: QrCode }
  | { type: 'message'; update: MessageUpdate }
  /** A broadcast moved on (an item handed over, paused, resumed, cancelled, done). */
  | { type: 'batch'; update: BatchUpdate }
  /** Someone (this UI, another window, the POS) changed the settings: those in effect now. */
  | { type: 'settings'; settings: ServiceSettings }
  /** A webhook was added, changed, or removed (then `enabled` is false), or its health changed. */
  | { type: 'webhook'; webhook: Webhook }
  /** A customer wrote (read: false), or what they wrote was marked seen (read: true). */
  | { type: 'received'; received: Received }
  /** The contact book changed (here, another window, the POS): `id` the one contact, or many. */
  | { type: 'contacts'; id?: string }
  /** A linked number was added, renamed, recoloured or removed: re-read the list. */
  | { type: 'profiles'; id: string }
  /** Some events were missed (the link dropped or lagged): re-read what is shown. */
  | { type: 'resync' }
  | { type: 'link'; up: boolean }
  /** The app's check at start found a newer version (never installed without a click). */
  | { type: 'update'; info: UpdateInfo };

export interface AboutBackend {
  transport: 'http' | 'tauri';
  /** e.g. `http://127.0.0.1:3107/api/v1`, for the POS example in Settings. */
  apiBase: string;
  port: number | null;
}

export interface Backend extends Linking {
  readonly about: AboutBackend;
  /** The service's version; needs no key. */
  version(): Promise<string>;
  capabilities(): Promise<Capabilities>;

  /** The shop's linked numbers; linking each is the Linking calls with its `profile`. */
  readonly profiles: Profiles;

  send(message: Outgoing, options?: SendOptions): Promise<Message>;
  messages(query: LogQuery): Promise<Page<Message>>;
  message(id: string): Promise<Message>;
  retry(id: string): Promise<Message>;
  cancel(id: string): Promise<Message>;
  /** Changes a message that still waits for its time: when it goes, its text or caption. */
  reschedule(id: string, edit: MessageEdit): Promise<Message>;
  /** An object URL (or other image URL) for a message's attachment. */
  mediaUrl(id: string): Promise<string>;
  /** What customers wrote. */
  readonly inbox: Inbox;
  /** Messages sent to a claim code instead of a number. */
  readonly claims: Claims;
  /** Creating and administering groups. */
  readonly groupAdmin: GroupAdmin;
  /** The shop's contact book. */
  readonly contacts: Contacts;

  /** Hands a broadcast to the service; `INVALID_ROWS` errors carry `rows`. */
  createBatch(draft: BatchDraft): Promise<BatchAccepted>;
  /** Broadcasts, newest first, with their counts. */
  batches(cursor?: string): Promise<Page<Batch>>;
  batch(id: string): Promise<Batch>;
  /** A broadcast's items (ordinary messages), newest first. */
  batchItems(id: string, query?: LogQuery): Promise<Page<Message>>;
  pauseBatch(id: string): Promise<Batch>;
  resumeBatch(id: string): Promise<Batch>;
  cancelBatch(id: string): Promise<Batch>;

  /** The groups of one linked number's account (none: the main number's). */
  groups(refresh?: boolean, profile?: string): Promise<Group[]>;
  /** Asked through one linked number (none: the main number). */
  checkContacts(phones: string[], profile?: string): Promise<ContactCheck[]>;
  /** 1–10,000 inputs read as recipients by the service's default country (WhatsApp is not
   *  asked): what a send goes to, how it is written, or the problem. */
  parseNumbers(numbers: string[]): Promise<ParsedNumber[]>;
  /** Every country the default-country setting may take. */
  countries(): Promise<Country[]>;
  /** What a send may carry; asked once per backend and kept (the service's are fixed at start). */
  limits(): Promise<SendLimits>;

  /** Adds a webhook; its secret is in this answer only. */
  createWebhook(input: WebhookInput): Promise<WebhookCreated>;
  webhooks(): Promise<Webhook[]>;
  changeWebhook(id: string, input: WebhookInput): Promise<Webhook>;
  deleteWebhook(id: string): Promise<void>;
  /** Sends a signed `webhook.test` event now; how it went. */
  testWebhook(id: string): Promise<Delivery>;
  /** The latest attempts to reach a webhook, newest first. */
  webhookDeliveries(id: string, limit?: number): Promise<Delivery[]>;

  /** Live events until the returned function is called. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Asks the user for a file (browser: a file dialog; app: the native picker). */
  pickFile(accept?: string): Promise<Attachment | null>;
  /** Saves a file the UI made (CSV export): a download in a browser, a save dialog in the app;
   *  false when the user cancelled. */
  saveFile(name: string, data: Blob): Promise<boolean>;

  apiKey(): Promise<string>;
  rotateApiKey(): Promise<string>;
  /** The named keys, one per program (only the main key may manage them). */
  readonly keys: Keys;
  settings(): Promise<ServiceSettings>;
  saveSettings(changes: Partial<ServiceSettings>): Promise<ServiceSettings>;
  checkForUpdates(): Promise<UpdateInfo>;
  /** Downloads (telling `onProgress`), checks the signature, installs and restarts; only ever
   *  on the user's click. Resolves without restarting when there was nothing newer. */
  installUpdate(onProgress?: (p: UpdateProgress) => void): Promise<void>;
  /** The desktop app's settings; null where there are none (a browser). */
  desktopPrefs(): Promise<DesktopPrefs | null>;
  saveDesktopPrefs(prefs: DesktopPrefs): Promise<DesktopPrefs>;
  /** A notification from the page; false when it cannot be shown (the desktop app raises its
   *  own, from the service's events, even with the window closed). */
  notify(title: string, body: string): Promise<boolean>;
}
