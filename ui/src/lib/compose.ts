// What the message editor hands to a screen, and where a complaint about it belongs.

import type { Attachment } from './api/backend';

export interface Draft {
  text: string;
  file?: Attachment;
}

/** `when`: the time of a message sent later (the screen shows that complaint itself). */
export type Field = 'to' | 'text' | 'file' | 'when' | 'other';

export type SendResult = { ok: true } | { ok: false; field: Field; message: string };

/** The form field a service error code is about. */
export function fieldFor(code: string): Field {
  if (code === 'INVALID_RECIPIENT' || code === 'NOT_ON_WHATSAPP') return 'to';
  if (code.startsWith('TEXT_')) return 'text';
  if (
    code.startsWith('MEDIA_') ||
    code === 'UNSUPPORTED_MEDIA_TYPE' ||
    code === 'MIME_MISMATCH' ||
    code === 'PAYLOAD_TOO_LARGE'
  ) {
    return 'file';
  }
  return 'other';
}

/** A random key so a repeated click or a retry after a network error sends once. */
export function newIdempotencyKey(prefix = 'ui'): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
