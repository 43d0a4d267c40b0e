// The REST API's request shapes for a send, a batch and a log query, built once for both transports:
// HTTP puts them in a body or a query string, IPC passes them to the Rust commands as is.

import type { BatchDraft, BatchRecipient, ClaimDraft, LogQuery, Outgoing } from './backend';
import type { SendLimits } from './types';
import { sendsAsImage } from '../limits';

/** The JSON send body (`POST /api/v1/messages`), less the file's bytes. */
export interface SendBody {
  to: string;
  type: 'text' | 'image' | 'document';
  text?: string;
  caption?: string;
  /** The file, base64 (JSON sends only; multipart and IPC paths carry it otherwise). */
  media?: string;
  mime_type?: string;
  file_name?: string;
  idempotency_key?: string;
  /** Send later: RFC 3339 with its offset. */
  send_at?: string;
  /** The linked number that sends it (profile id or name); none: the main number. */
  profile?: string;
}

/** Pictures (the types the service's `limits` lists as images) go as images, any other file
 *  as a document under its name; words as its caption. A file needs the limits. */
export function sendBody(m: Outgoing, limits: Pick<SendLimits, 'image_types'> | null): SendBody {
  const body = contentBody(m, limits);
  if (m.sendAt) body.send_at = m.sendAt;
  if (m.profile) body.profile = m.profile;
  return body;
}

function contentBody(m: Outgoing, limits: Pick<SendLimits, 'image_types'> | null): SendBody {
  if (!m.file) return { to: m.to, type: 'text', text: m.text ?? '' };
  if (!limits) throw new Error('sending a file needs the service’s limits');
  const isImage = sendsAsImage(m.file.type, limits);
  const body: SendBody = { to: m.to, type: isImage ? 'image' : 'document' };
  if (!isImage) body.file_name = m.file.name;
  if (m.text?.trim()) body.caption = m.text;
  return body;
}

/** The JSON batch body (`POST /api/v1/batches`), less the file's bytes and the CSV. */
export interface BatchBody {
  name: string;
  /** A send body without `to` (each recipient has its own). */
  template: Omit<SendBody, 'to' | 'send_at' | 'idempotency_key' | 'profile'>;
  recipients?: BatchRecipient[];
  /** Instead of `recipients`: the contacts with this tag when the service accepts it. */
  tag?: string;
  send_at?: string;
  pacing_ms?: number;
  jitter_ms?: number;
  skip_invalid?: boolean;
  idempotency_key?: string;
  /** Beside the template, never inside it: the number that sends every item. */
  profile?: string;
}

/** The batch as the service takes it; a CSV upload or a tag leaves `recipients` out. */
export function batchBody(d: BatchDraft, limits: Pick<SendLimits, 'image_types'> | null): BatchBody {
  const { to: _to, ...template } = contentBody({ to: '', text: d.text, file: d.file }, limits);
  const body: BatchBody = { name: d.name, template };
  if (d.tag !== undefined) body.tag = d.tag;
  else if (!d.csv) body.recipients = d.recipients ?? [];
  if (d.sendAt) body.send_at = d.sendAt;
  if (d.pacingMs !== undefined) body.pacing_ms = d.pacingMs;
  if (d.jitterMs !== undefined) body.jitter_ms = d.jitterMs;
  if (d.skipInvalid) body.skip_invalid = true;
  if (d.idempotencyKey) body.idempotency_key = d.idempotencyKey;
  if (d.profile) body.profile = d.profile;
  return body;
}

/** The JSON claim body (`POST /api/v1/claims`), less the file's bytes: a send body with the
 *  ticket's code (none: the service makes one up) where `to` would be. */
export interface ClaimBody extends Omit<SendBody, 'to' | 'send_at' | 'idempotency_key'> {
  claim?: string;
}

export function claimBody(d: ClaimDraft, limits: Pick<SendLimits, 'image_types'> | null): ClaimBody {
  const { to: _to, ...body } = contentBody({ to: '', text: d.text, file: d.file }, limits);
  const code = d.code?.trim();
  const withProfile: ClaimBody = d.profile ? { ...body, profile: d.profile } : body;
  return code ? { claim: code, ...withProfile } : withProfile;
}

/** `GET /api/v1/messages` parameters, in query-string order; empty ones left out. */
export interface ListParams {
  q?: string;
  /** Comma-separated. */
  status?: string;
  to?: string;
  /** ms since the epoch, as text (the service also takes dates). */
  since?: string;
  until?: string;
  /** A batch's id. */
  batch?: string;
  /** Only one linked number's (profile id). */
  profile?: string;
  cursor?: string;
  limit?: number;
}

export function listParams(q: LogQuery): ListParams {
  const p: ListParams = {};
  if (q.q?.trim()) p.q = q.q.trim();
  if (q.statuses?.length) p.status = q.statuses.join(',');
  if (q.to) p.to = q.to;
  if (q.since !== undefined) p.since = String(q.since);
  if (q.until !== undefined) p.until = String(q.until);
  if (q.batch) p.batch = q.batch;
  if (q.profile) p.profile = q.profile;
  if (q.cursor) p.cursor = q.cursor;
  if (q.limit) p.limit = q.limit;
  return p;
}
