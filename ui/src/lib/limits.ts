// The instant "too large" check of a chosen file, by the limits the service publishes (`GET
// /limits`), so the cashier hears at once rather than after the upload. The service checks again.

import type { Attachment } from './api/backend';
import type { SendLimits } from './api/types';

/** Whether a file of this type goes as a picture (any other file goes as a document). */
export function sendsAsImage(type: string, limits: Pick<SendLimits, 'image_types'>): boolean {
  return limits.image_types.includes(type.toLowerCase());
}

export type AttachmentProblem =
  { kind: 'empty' } | { kind: 'image_too_large'; max: number } | { kind: 'too_large'; max: number };

/** From the size and type alone, which both a dropped file and the app's native picker give.
 *  Without the limits (not read yet) only an empty file is known to be wrong. */
export function attachmentProblem(a: Attachment, limits: SendLimits | null): AttachmentProblem | null {
  if (a.size === 0) return { kind: 'empty' };
  if (!limits) return null;
  if (sendsAsImage(a.type, limits) && a.size > limits.image_bytes) {
    return { kind: 'image_too_large', max: limits.image_bytes };
  }
  if (a.size > limits.document_bytes) return { kind: 'too_large', max: limits.document_bytes };
  return null;
}
