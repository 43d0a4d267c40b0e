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

// The other areas, each in its own file; imported from here as before.
export * from './types/broadcast';
export * from './types/webhooks';
export * from './types/inbox';
export * from './types/contacts';
export * from './types/groups';
