// What a message carries, in a few words: its one-line preview and its attachment, if any.

import type { Content, MediaRef } from './api/types';

/** The words of a message (text, caption, file name, question…); empty for a bare image. */
export function previewText(c: Content): string {
  switch (c.type) {
    case 'text':
      return c.text;
    case 'image':
    case 'video':
      return c.caption ?? '';
    case 'document':
      return c.caption ? `${c.file_name} — ${c.caption}` : c.file_name;
    case 'audio':
      return '';
    case 'location':
      return [c.name, c.address].filter(Boolean).join(', ') || `${c.latitude}, ${c.longitude}`;
    case 'contact':
      return c.display_name;
    case 'poll':
      return c.question;
  }
}

export function mediaOf(c: Content): MediaRef | undefined {
  return 'media' in c ? c.media : undefined;
}

/** One line, at most `max` characters, for tables. */
export function oneLine(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
