// The contact book as the screens show it: the list (search, tag, pages) as the service
// answers it, the tags in use, the contact being edited (the Contacts screen and the Send
// screen's "save as contact" open the same dialog), a CSV import's preview and the offer to
// save a number that was just sent to. The service decides everything; this keeps its answers.

import type { Contact, ContactImport, ContactInput, NumberProblem, TagCount } from '../api/types';
import { digitsOf } from '../contacts';
import { backend } from './app.svelte';

export const book = $state({
  items: [] as Contact[],
  next: undefined as string | undefined,
  /** What the list is filtered by (the service's `q` and `tag`). */
  q: '',
  tag: '',
  loading: false,
  /** The first read of the current filter answered. */
  loaded: false,
  error: null as unknown,
  tags: [] as TagCount[],
});

const PAGE = 50;
/** Reads of the list: only the answer to the latest filter is kept. */
let seq = 0;

/**
 * Keeps the shown list current while the Contacts screen is open: a change from anywhere (another
 * window, the POS, an import) or missed events read it, and the tags, again — once for a burst.
 * Returns the function that stops it.
 */
export function followContacts(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = backend().subscribe((e) => {
    if (e.type !== 'contacts' && e.type !== 'resync') return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (book.loaded) void loadContacts();
      void loadTags();
    }, 250);
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}

/** Reads the list for the current filter, or (`more`) its next page. */
export async function loadContacts(more = false): Promise<void> {
  if (more && !book.next) return;
  const mine = ++seq;
  book.loading = true;
  try {
    const page = await backend().contacts.list({
      q: book.q,
      tag: book.tag,
      cursor: more ? book.next : undefined,
      limit: PAGE,
    });
    if (mine !== seq) return;
    book.items = more ? [...book.items, ...page.items] : page.items;
    book.next = page.next_cursor;
    book.error = null;
    book.loaded = true;
  } catch (e) {
    if (mine === seq) book.error = e;
  } finally {
    if (mine === seq) book.loading = false;
  }
}

export async function loadTags(): Promise<void> {
  try {
    book.tags = await backend().contacts.tags();
  } catch {
    // The filter keeps the tags it had; the list says what is wrong.
  }
}

/** A saved contact in its place among those shown; under a search or a tag, the service
 *  says whether a new one belongs (the list is read again). */
function put(c: Contact) {
  const i = book.items.findIndex((x) => x.id === c.id);
  if (i >= 0) book.items[i] = c;
  else if (book.q.trim() || book.tag) void loadContacts();
  else book.items = [...book.items, c].sort((a, b) => a.name.localeCompare(b.name));
}

/** Adds (`id` null) or changes a contact; throws the service's refusal. */
export async function saveContact(id: string | null, input: ContactInput): Promise<Contact> {
  const saved = id ? await backend().contacts.change(id, input) : await backend().contacts.create(input);
  put(saved);
  if (offer.phone === saved.phone) offer.phone = null;
  void loadTags();
  return saved;
}

export async function deleteContact(c: Contact): Promise<void> {
  await backend().contacts.remove(c.id);
  book.items = book.items.filter((x) => x.id !== c.id);
  void loadTags();
}

/** The edit dialog: open on a contact, or on a new one (with a number to start from). */
export const editing = $state({
  open: false,
  contact: null as Contact | null,
  phone: '',
});

export function editContact(c: Contact | null, phone = ''): void {
  editing.contact = c;
  editing.phone = c ? c.phone : phone;
  editing.open = true;
}

export function closeEditor(): void {
  editing.open = false;
}

/** A CSV chosen for import: its text and the service's preview of it. */
export const importing = $state({
  open: false,
  name: '',
  csv: '',
  preview: null as ContactImport | null,
  /** For each of the preview's bad rows, the service's reading of its number (`null`: the
   *  number is fine, the problem is elsewhere): said in the user's language. */
  problems: [] as (NumberProblem | null)[],
  /** Import the good rows and leave out the bad ones. */
  skipInvalid: false,
  busy: false,
  error: null as unknown,
});

/** The service's preview of a file's text: what it would add, merge and refuse. */
export async function previewImport(name: string, csv: string): Promise<void> {
  Object.assign(importing, {
    open: true,
    name,
    csv,
    preview: null,
    problems: [],
    skipInvalid: false,
    error: null,
  });
  importing.busy = true;
  try {
    const preview = await backend().contacts.importCsv(csv, { dryRun: true });
    importing.problems = await rowProblems(preview);
    importing.preview = preview;
  } catch (e) {
    importing.error = e;
  } finally {
    importing.busy = false;
  }
}

/** Why each bad row's number is not one, as the service reads it (the rows carry its English
 *  sentence only); none when it cannot be asked. */
async function rowProblems(p: ContactImport): Promise<(NumberProblem | null)[]> {
  if (p.errors.length === 0) return [];
  try {
    const read = await backend().parseNumbers(p.errors.map((e) => e.input));
    return read.map((r) => (r.recipient ? null : (r.problem ?? null)));
  } catch {
    return [];
  }
}

/** Imports the previewed file; its report, or null when the service refused it. */
export async function runImport(): Promise<ContactImport | null> {
  importing.busy = true;
  importing.error = null;
  try {
    const done = await backend().contacts.importCsv(importing.csv, { skipInvalid: importing.skipInvalid });
    importing.open = false;
    importing.csv = '';
    void loadTags();
    void loadContacts();
    return done;
  } catch (e) {
    importing.error = e;
    return null;
  } finally {
    importing.busy = false;
  }
}

export function closeImport(): void {
  importing.open = false;
  importing.csv = '';
  importing.preview = null;
}

/** The Send screen's offer to keep a number it just sent to. */
export const offer = $state({ phone: null as string | null, display: '' });

/** After a send to `phone` (E.164): offer to save it unless it is a contact already. */
export async function offerToSave(phone: string, display: string): Promise<void> {
  offer.phone = null;
  try {
    const page = await backend().contacts.list({ q: digitsOf(phone), limit: 20 });
    if (page.items.some((c) => c.phone === phone)) return;
    offer.phone = phone;
    offer.display = display;
  } catch {
    // The contact book cannot be asked now: no offer this time.
  }
}

export function dismissOffer(): void {
  offer.phone = null;
}
