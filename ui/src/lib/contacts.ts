// What the contact screens show of the service's contacts: tags as typed in one field, the
// Send screen's suggestions (contacts and groups) and moving through them with the keys, what
// a number's WhatsApp account shows. No rules live here: the service reads the numbers and
// normalises the tags.

import type { Contact, ContactInfo, Group } from './api/types';

/** The tags typed in one field ("clientes frecuentes, vip"), as the service is to read them. */
export function splitTags(text: string): string[] {
  return text
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function tagsText(tags: readonly string[]): string {
  return tags.join(', ');
}

/** `tag` added to what is typed, unless it is there already (as the service would match it). */
export function withTag(text: string, tag: string): string {
  const tags = splitTags(text);
  if (tags.some((t) => t.toLocaleLowerCase() === tag.toLocaleLowerCase())) return tagsText(tags);
  return tagsText([...tags, tag]);
}

/** One entry of the To field's list: a contact (its number) or a group (its id). */
export interface Suggestion {
  kind: 'contact' | 'group';
  /** What goes in the field when it is picked. */
  value: string;
  label: string;
  /** The contact's number, or the group's member count. */
  detail: string | number;
}

/** Typed text long enough to look up (shorter matches too much to help). */
export const SUGGEST_FROM = 2;

export function contactSuggestion(c: Contact): Suggestion {
  return { kind: 'contact', value: c.phone, label: c.name || c.phone, detail: c.phone };
}

/** Groups whose name holds the typed text, in name order, at most `max`. */
export function matchGroups(groups: readonly Group[], typed: string, max = 5): Suggestion[] {
  const needle = typed.trim().toLocaleLowerCase();
  if (needle.length < SUGGEST_FROM) return [];
  return groups
    .filter((g) => g.name.toLocaleLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, max)
    .map((g) => ({ kind: 'group', value: g.jid, label: g.name, detail: g.participants }));
}

/** The highlighted entry after an arrow key (wrapping), or −1 when there is none. */
export function moveActive(active: number, count: number, key: 'ArrowDown' | 'ArrowUp'): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return active < 0 || active >= count - 1 ? 0 : active + 1;
  return active <= 0 ? count - 1 : active - 1;
}

/** The digits a search by number needs (the service matches three or more). */
export function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** A contact's name, or its number when it has none. */
export function contactName(c: Pick<Contact, 'name' | 'phone'>): string {
  return c.name.trim() || c.phone;
}

/** What a number's WhatsApp account shows the shop (blank text left out), or null for nothing. */
export interface Shown {
  picture?: string;
  business?: string;
  about?: string;
}

export function shownOnWhatsapp(info: ContactInfo | null | undefined): Shown | null {
  if (!info?.on_whatsapp) return null;
  const text = (s: string | undefined) => s?.trim() || undefined;
  const shown: Shown = {
    picture: text(info.picture_url),
    business: text(info.business_name),
    about: text(info.about),
  };
  return shown.picture || shown.business || shown.about ? shown : null;
}
