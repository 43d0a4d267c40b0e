// The service's default limits (core/src/config.rs), checked early so the cashier hears at once.

import type { Attachment } from './api/backend';

const MB = 1024 * 1024;

export const LIMITS = {
  textChars: 65_536,
  captionChars: 1_024,
  imageBytes: 16 * MB,
  documentBytes: 100 * MB,
} as const;

/** Images the service sends as pictures; any other file goes as a document. */
export function sendsAsImage(type: string): boolean {
  return /^image\/(jpeg|png|webp|gif)$/.test(type);
}

export type AttachmentProblem = 'empty' | 'image_too_large' | 'too_large';

/** From the size and type alone, which both a dropped file and the app's native picker give. */
export function attachmentProblem(a: Attachment): AttachmentProblem | null {
  if (a.size === 0) return 'empty';
  if (sendsAsImage(a.type) && a.size > LIMITS.imageBytes) return 'image_too_large';
  if (a.size > LIMITS.documentBytes) return 'too_large';
  return null;
}
