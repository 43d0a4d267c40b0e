// The service's data as the UI receives it (mirrors src-tauri/crates/types, as JSON).

export const STATUSES = [
  /** Waiting for its `send_at`. */
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
  'cancelled',
  /** Its time passed by more than the allowed delay before it could go (the PC was off): not sent. */
  'expired',
  /** A broadcast's message not sent: to a number without WhatsApp (found before its first
   *  send), or to a contact who asked for no broadcasts (`OPTED_OUT`). */
  'skipped',
  /** WhatsApp holds a first message to someone who never wrote to the shop: it goes when they write. */
  'waiting',
] as const;
export type Status = (typeof STATUSES)[number];

export type Kind = 'text' | 'image' | 'document' | 'video' | 'audio' | 'location' | 'contact' | 'poll';

export interface MediaRef {
  sha256: string;
  mime_type: string;
  size: number;
}

export type Content =
  | { type: 'text'; text: string }
  | { type: 'image'; media: MediaRef; caption?: string }
  | { type: 'document'; media: MediaRef; file_name: string; caption?: string }
  | { type: 'video'; media: MediaRef; caption?: string }
  | { type: 'audio'; media: MediaRef; voice_note: boolean }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'contact'; display_name: string; vcard: string }
  | { type: 'poll'; question: string; options: string[]; multiple_choice: boolean };

export interface ErrorInfo {
  code: string;
  message: string;
}

export type StatusTimes = Partial<Record<Status, number>>;

export interface Message {
  /** The name of the shop's contact for this number, as the book had it when read. */
  contact_name?: string;
  id: string;
  whatsapp_id: string;
  /** `+59171234567` or `1203...@g.us`. */
  to: string;
  content: Content;
  status: Status;
  error?: ErrorInfo;
  attempts: number;
  idempotency_key?: string;
  /** ms since the epoch. */
  created_at: number;
  updated_at: number;
  /** When a message sent later is to go (ms since the epoch). */
  send_at?: number;
  /** Counts up with every change: of two copies of a message, the higher is the newer. */
  revision: number;
  status_times: StatusTimes;
  /** The linked number (profile id) that sends it. */
  profile?: string;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export type SessionState = 'disconnected' | 'connecting' | 'pairing' | 'connected' | 'logged_out';

/** Why the session is in its state (the service's `ReasonCode`; a test checks the list). */
export const REASON_CODES = [
  'linked',
  'connection_lost',
  'unreachable',
  'qr_expired',
  'pair_failed',
  'replaced',
  'temporary_ban',
  'client_outdated',
  'connect_failed',
  'engine_error',
  'no_engine',
  'session_unreadable',
  'unlinked_by_phone',
  'unlinked_by_app',
  'unlinked_by_whatsapp',
  /** The shop took this number offline from the app; it stays linked until connected again. */
  'stopped_by_app',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface SessionReason {
  code: ReasonCode;
  /** What happened and what comes next, in English (shown under "Details"). */
  detail: string;
}

/** What can be done about the session now, as the service decides it. `relink` and
 *  `reconnect` both ask for a relink: with new QR codes, or the saved session again. */
export type SessionAction = 'relink' | 'reconnect' | 'pair_code' | 'logout';

export interface SessionInfo {
  state: SessionState;
  phone?: string;
  name?: string;
  since: number;
  reason?: SessionReason;
  actions: SessionAction[];
  /** The linked number (profile id) this session is; none from a service before profiles. */
  profile?: string;
}

export interface Group {
  jid: string;
  name: string;
  participants: number;
}

export interface ContactCheck {
  input: string;
  phone?: string;
  registered: boolean;
  error?: string;
}

/** A change to a message that still waits for its time (`PATCH /messages/{id}`, command
 *  `reschedule`); what is left out stays. */
export interface MessageEdit {
  /** RFC 3339 with its offset, e.g. `2026-12-24T18:00:00-04:00`. */
  send_at?: string;
  /** A text message's new text. */
  text?: string;
  /** A picture's or document's new caption (empty removes it). */
  caption?: string;
}

/** A status change of one message, as pushed by the service. */
export interface MessageUpdate {
  id: string;
  whatsapp_id: string;
  status: Status;
  error?: ErrorInfo;
  attempts: number;
  at: number;
  /** The message's revision after this change: old news when not above the copy's. */
  revision: number;
  profile?: string;
}

export interface QrCode {
  code: string;
  /** ms since the epoch. */
  expires_at: number;
  /** The linked number (profile id) it links. */
  profile?: string;
}

/** Why an input is not (yet) a recipient, as the service names it. */
export type NumberProblem = 'empty' | 'letters' | 'too_short' | 'too_long' | 'not_valid' | 'bad_group';

/** One input as the service reads it (`POST /numbers/parse`): `recipient` xor `problem`. */
export interface ParsedNumber {
  input: string;
  /** What a send goes to: E.164 (`+59171234567`) or the group id. */
  recipient?: string;
  /** How people write it, e.g. `+591 71234567` (a group id as is). */
  display?: string;
  /** The number's country (ISO 3166), when it has one. */
  country?: string;
  group: boolean;
  problem?: NumberProblem;
  /** The problem in an English sentence (the UI words it by `problem`). */
  message?: string;
}

/** A country a local number can belong to (`GET /numbers/countries`). */
export interface Country {
  iso: string;
  /** Calling code without `+`. */
  dial: number;
}

/** What a send may carry, as the service enforces it (`GET /limits`). */
export interface SendLimits {
  text_chars: number;
  caption_chars: number;
  image_bytes: number;
  video_bytes: number;
  audio_bytes: number;
  document_bytes: number;
  /** File types sent as pictures; any other file goes as a document. */
  image_types: string[];
  video_types: string[];
  audio_types: string[];
}

/** A batch's (broadcast's) state, as the service decides it. */
export type BatchStatus = 'running' | 'paused' | 'cancelled' | 'done';

/** A broadcast owned by the service (`GET /batches/{id}`). */
export interface Batch {
  id: string;
  name: string;
  status: BatchStatus;
  /** The message as validated, placeholders not yet filled in. */
  template: Content;
  /** Recipients in the batch. */
  total: number;
  /** Items per message status; statuses with none are left out. */
  counts: Partial<Record<Status, number>>;
  /** Items no longer waiting to be handed to WhatsApp, 0 to `total`. */
  finished: number;
  pacing_ms?: number;
  jitter_ms?: number;
  send_at?: number;
  created_at: number;
  started_at?: number;
  finished_at?: number;
  /** The service's estimate of the time the items left take at the current pace, ms. */
  estimated_ms_left?: number;
}

/** A batch's progress changed (the event `batch`). */
export interface BatchUpdate {
  id: string;
  status: BatchStatus;
  total: number;
  finished: number;
  at: number;
}

/** One recipient (or CSV data row, from 0) the service refused, and why. */
export interface RowError {
  index: number;
  code: string;
  message: string;
}

/** `POST /batches`'s answer: the batch, and the rows left out (with `skip_invalid`). */
export interface BatchAccepted {
  batch: Batch;
  rejected: RowError[];
}

/** How a webhook's endpoint is doing, as the service judges it: `failing` (its last attempts
 *  failed; events wait and are retried) or `gone` (it answered 410 Gone and was turned off). */
export type WebhookHealth = 'ok' | 'failing' | 'gone';

/** An endpoint of the POS told of changes, signed per Standard Webhooks (`GET /webhooks`). */
export interface Webhook {
  id: string;
  url: string;
  /** Event types (`message.delivered`), families (`message.*`) or `*`. */
  events: string[];
  enabled: boolean;
  health: WebhookHealth;
  /** Since when every attempt has failed (ms), while it is failing. */
  failing_since?: number;
  last_success_at?: number;
  created_at: number;
  updated_at: number;
}

/** What a new webhook is, or what to change in one; what is left out stays (or defaults). */
export interface WebhookInput {
  url?: string;
  events?: string[];
  enabled?: boolean;
}

/** `POST /webhooks`'s answer: the signing secret (`whsec_…`) is shown this once. */
export interface WebhookCreated {
  webhook: Webhook;
  secret: string;
}

/** One attempt to deliver an event to a webhook. */
export interface Delivery {
  /** The same on every attempt at one event (`webhook-id`). */
  event_id: string;
  event_type: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
  /** The receiver's HTTP status, when it answered. */
  http_status?: number;
  latency_ms: number;
  /** Why it did not count as delivered, in the service's words (no answer, timeout, a status
   *  other than 2xx). */
  error?: string;
  /** The same as a code, said in the UI's language. */
  problem?: DeliveryProblem;
}

export type DeliveryProblem = 'status' | 'timeout' | 'refused' | 'unreachable' | 'stopped';

export type ReceivedKind = 'text' | 'image' | 'video' | 'audio' | 'document' | 'other';

/** What a customer wrote to the shop (`/received`), kept once by the service. */
export interface Received {
  id: string;
  whatsapp_id: string;
  /** The customer's number, E.164. */
  from: string;
  /** The group it was written in, if any. */
  group?: string;
  /** The name the customer gave WhatsApp. */
  push_name?: string;
  kind: ReceivedKind;
  /** The text, or a file's caption. */
  text?: string;
  /** For `other`: what it was (a sticker, a location…), in the service's words. */
  what?: string;
  file_name?: string;
  mime_type?: string;
  size?: number;
  /** ms since the epoch: when the customer sent it. */
  at: number;
  received_at: number;
  /** The shop's message it answers: the last one sent to that customer before it. */
  in_reply_to?: string;
  /** Someone at the shop has seen it. */
  read: boolean;
  /** The shop's number (profile id) it was written to. */
  profile?: string;
}

export type ClaimStatus = 'open' | 'claimed' | 'expired' | 'cancelled';

/** A message waiting for whoever writes its code to the shop's number (`/claims`). */
export interface Claim {
  /** As printed on the ticket (`V-1042`), or made up by the service (`T-7KQ2M`). */
  code: string;
  status: ClaimStatus;
  /** What the customer's phone sends (the link prefills it). */
  text: string;
  /** `https://wa.me/<shop number>?text=…`: what the QR carries. */
  link: string;
  /** The QR as a PNG, under the API. */
  qr: string;
  created_at: number;
  expires_at: number;
  claimed_at?: number;
  /** The number that claimed it, E.164. */
  claimed_by?: string;
  /** The message that went to that number. */
  message_id?: string;
}

/** A number in the shop's contact book (`/contacts`). */
export interface Contact {
  id: string;
  /** E.164, as the service wrote the number it was given. */
  phone: string;
  name: string;
  /** Lower case, as the service matches them (`clientes frecuentes`). */
  tags: string[];
  notes: string;
  /** Does not want broadcasts: every broadcast skips them (status `skipped`, `OPTED_OUT`). */
  opted_out: boolean;
  created_at: number;
  updated_at: number;
}

/** What to set on a contact; what is left out stays (`tags` replaces them all). */
export interface ContactInput {
  phone?: string;
  name?: string;
  tags?: string[];
  notes?: string;
  opted_out?: boolean;
}

/** What an import did, or (`dry_run`, a preview) would do. */
export interface ContactImport {
  rows: number;
  added: number;
  /** Numbers already in the book, or repeated in the file. */
  merged: number;
  /** Rows that cannot be imported; `line` counts the header as line 1. */
  errors: { line: number; input: string; message: string }[];
  dry_run: boolean;
}

/** What WhatsApp (and the shop's own log) says of a number. */
export interface ContactInfo {
  phone: string;
  on_whatsapp: boolean;
  jid?: string;
  push_name?: string;
  contact?: Contact;
}

export interface TagCount {
  tag: string;
  contacts: number;
}

/** A group as its admins see it (`GET /groups/{id}`). */
export interface GroupDetails {
  /** `1203…@g.us`. */
  jid: string;
  subject: string;
  description?: string;
  /** Only admins may send messages. */
  announcement_only: boolean;
  /** Only admins may change the subject, description and settings. */
  locked: boolean;
  /** Everyone in it, the shop's own account included. */
  participants: GroupMember[];
  created_at?: number;
}

export interface GroupMember {
  /** E.164, when WhatsApp tells the number. */
  phone?: string;
  jid: string;
  admin: boolean;
  /** The creator: an admin nobody can demote. */
  super_admin: boolean;
  /** The shop's own account. */
  is_shop: boolean;
}

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';
export type ParticipantOutcome = 'done' | 'not_on_whatsapp' | 'not_allowed' | 'already_there' | 'not_there';

/** What became of one number of a participant change. */
export interface ParticipantResult {
  input: string;
  phone: string;
  result: ParticipantOutcome;
}

export interface GroupCreated {
  group: GroupDetails;
  participants: ParticipantResult[];
}

/** A change to a group; what is left out stays; `description: ''` removes it. */
export interface GroupPatch {
  subject?: string;
  description?: string;
  announcement_only?: boolean;
  locked?: boolean;
}
