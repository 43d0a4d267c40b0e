// The shop's contact book: split out of ../types.ts by area, re-exported there.

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
  /** The account's "about" text, when it shows it to the shop. */
  about?: string;
  /** A business account's verified name. */
  business_name?: string;
  /** WhatsApp's (expiring) address of the profile picture, when it shows it to the shop. */
  picture_url?: string;
  contact?: Contact;
}

export interface TagCount {
  tag: string;
  contacts: number;
}
