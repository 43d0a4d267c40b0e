// The contact book's state: the list follows the latest filter (a slow answer to an older one
// is dropped) and pages on; a saved contact takes its place in name order, a deleted one
// leaves; an import is previewed, then run with the user's choice about bad rows (a refusal
// kept to show); the Send screen offers to save only numbers that are not contacts yet.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, ContactQuery, Contacts } from '../api/backend';
import { ApiError } from '../api/errors';
import type { Contact, ContactImport, Page } from '../api/types';
import { start } from './app.svelte';
import {
  book,
  deleteContact,
  dismissOffer,
  importing,
  loadContacts,
  offer,
  offerToSave,
  previewImport,
  runImport,
  saveContact,
} from './contacts.svelte';

const contact = (id: string, name: string, phone = `+5917000000${id}`): Contact => ({
  id,
  phone,
  name,
  tags: [],
  notes: '',
  opted_out: false,
  created_at: 1,
  updated_at: 1,
});

const flush = () => new Promise((r) => setTimeout(r, 0));

function withContacts(contacts: Partial<Contacts>, more: Partial<Backend> = {}) {
  const b = {
    ...more,
    subscribe: () => () => {},
    capabilities: () => new Promise(() => {}),
    version: () => new Promise(() => {}),
    contacts: { tags: async () => [], ...contacts },
  } as unknown as Backend;
  start(b);
}

describe('the list', () => {
  it('keeps only the answer to the latest filter, and pages on', async () => {
    const answers: ((p: Page<Contact>) => void)[] = [];
    const asked: ContactQuery[] = [];
    withContacts({
      list: (q) => {
        asked.push(q ?? {});
        return new Promise((r) => answers.push(r));
      },
    });
    book.q = 'an';
    const first = loadContacts();
    book.q = 'ana';
    const second = loadContacts();
    answers[1]?.({ items: [contact('1', 'Ana')], next_cursor: 'c2' });
    answers[0]?.({ items: [contact('9', 'Juan')] });
    await Promise.all([first, second]);
    expect(book.items.map((c) => c.name)).toEqual(['Ana']);
    expect(book.loaded).toBe(true);
    expect(book.loading).toBe(false);

    const more = loadContacts(true);
    answers[2]?.({ items: [contact('2', 'Anabel')] });
    await more;
    expect(book.items.map((c) => c.name)).toEqual(['Ana', 'Anabel']);
    expect(book.next).toBeUndefined();
    expect(asked.map((q) => [q.q, q.cursor])).toEqual([
      ['an', undefined],
      ['ana', undefined],
      ['ana', 'c2'],
    ]);
    book.q = '';
  });

  it('puts a saved contact in name order, and takes a deleted one out', async () => {
    const remove = vi.fn(async () => {});
    withContacts({
      create: async (input) => contact('3', input.name ?? '', '+59173456789'),
      change: async (id, input) => ({ ...contact(id, input.name ?? ''), opted_out: true }),
      remove,
    });
    book.items = [contact('1', 'Ana'), contact('2', 'Luis')];
    await saveContact(null, { phone: '73456789', name: 'Eva' });
    expect(book.items.map((c) => c.name)).toEqual(['Ana', 'Eva', 'Luis']);
    await saveContact('1', { name: 'Ana Q.' });
    expect(book.items[0]).toMatchObject({ name: 'Ana Q.', opted_out: true });
    await deleteContact(book.items[1] as Contact);
    expect(remove).toHaveBeenCalledWith('3');
    expect(book.items.map((c) => c.name)).toEqual(['Ana Q.', 'Luis']);
  });
});

describe('an import', () => {
  it('is previewed, refused while it has bad rows, then run leaving them out', async () => {
    const preview: ContactImport = {
      rows: 3,
      added: 1,
      merged: 1,
      errors: [{ line: 4, input: 'hola', message: 'not a phone number' }],
      dry_run: true,
    };
    const importCsv = vi.fn(async (_csv: string, o?: { dryRun?: boolean; skipInvalid?: boolean }) => {
      if (o?.dryRun) return preview;
      if (!o?.skipInvalid) throw new ApiError('INVALID_ROWS', 'bad rows', 400);
      return { ...preview, dry_run: false };
    });
    const parseNumbers = vi.fn(async (n: string[]) =>
      n.map((input) => ({ input, group: false, problem: 'letters' as const })),
    );
    withContacts({ importCsv, list: async () => ({ items: [] }) }, { parseNumbers });
    await previewImport('clientes.csv', 'phone\n...');
    expect(importing).toMatchObject({ open: true, name: 'clientes.csv', preview, busy: false });
    // The bad row's number as the service reads it: said in the user's language.
    expect(parseNumbers).toHaveBeenCalledWith(['hola']);
    expect(importing.problems).toEqual(['letters']);
    expect(await runImport()).toBeNull();
    expect((importing.error as ApiError).code).toBe('INVALID_ROWS');
    expect(importing.open).toBe(true);
    importing.skipInvalid = true;
    expect(await runImport()).toMatchObject({ added: 1, merged: 1, dry_run: false });
    expect(importing.open).toBe(false);
    expect(importCsv.mock.calls.map((c) => c[1])).toEqual([
      { dryRun: true },
      { skipInvalid: false },
      { skipInvalid: true },
    ]);
  });
});

describe('the offer to save a number', () => {
  it('is made only for a number that is not a contact', async () => {
    const queries: (string | undefined)[] = [];
    withContacts({
      list: async (q) => {
        queries.push(q?.q);
        return { items: [contact('1', 'Ana', '+59171234567')] };
      },
    });
    await offerToSave('+59171234567', '+591 71234567');
    expect(offer.phone).toBeNull();
    await offerToSave('+59171234568', '+591 71234568');
    expect(offer).toEqual({ phone: '+59171234568', display: '+591 71234568' });
    expect(queries).toEqual(['59171234567', '59171234568']);
    dismissOffer();
    expect(offer.phone).toBeNull();
    await flush();
  });
});
