// The Broadcast screen's state: the draft being written (kept while moving between screens)
// and the service's batches as shown — the one on its way, kept current from `batch` events
// and re-read from the service (counts, time left) after each; past ones with their counts.

import type { Attachment, BatchDraft } from '../api/backend';
import { asApiError } from '../api/errors';
import type { Batch, BatchUpdate, Message, MessageUpdate, RowError } from '../api/types';
import { applyBatchUpdate, current, rowProblems, upsert, type RowProblem } from '../batches';
import { newIdempotencyKey } from '../compose';
import { applyUpdate } from '../status';
import { backend, onBatchUpdate, onMessageUpdate, onResync, requestProfile } from './app.svelte';

/** A CSV the user chose: the service reads it; the columns are shown for the mapping. */
export interface CsvChoice {
  name: string;
  data: Blob;
  columns: string[];
  first: Record<string, string> | null;
  numberColumn: string;
}

export const draft = $state({
  name: '',
  source: 'list' as 'list' | 'csv' | 'tag',
  list: '',
  /** The contacts' tag it goes to (source `tag`), and the first of them, for the preview. */
  tag: '',
  tagFirst: null as Record<string, string> | null,
  template: '',
  file: undefined as Attachment | undefined,
  csv: null as CsvChoice | null,
  /** "More options": this batch's own gap and variation in seconds as typed (blank: the
   *  shop's), and whether bad rows are left out instead of refusing the whole batch. */
  pacing: '' as string | number,
  jitter: '' as string | number,
  skipInvalid: false,
});

export const batches = $state({
  /** The batch shown in full: the one on its way, or one opened from the list. */
  shown: null as Batch | null,
  /** Newest first, with their counts. */
  past: [] as Batch[],
  more: undefined as string | undefined,
  /** The shown batch's items, when opened (newest first), and where the next page starts. */
  items: null as Message[] | null,
  moreItems: undefined as string | undefined,
  /** The service's refused rows for the last submit (INVALID_ROWS, or skipped ones). */
  rows: [] as RowError[],
  /** The rows a batch accepted with `skip_invalid` left out, on the user's lines. */
  skipped: null as { batch: string; rows: RowProblem[] } | null,
  submitting: false,
  /** Why the last call failed, already the service's code. */
  error: null as unknown,
});

/** Reads the list (and the batch still going, to show it where it is). */
export async function loadBatches(): Promise<void> {
  try {
    const page = await backend().batches();
    batches.error = null;
    batches.past = page.items;
    batches.more = page.next_cursor;
    const going = current(page.items);
    if (!batches.shown) batches.shown = going;
    else await reread(batches.shown.id);
  } catch (e) {
    batches.error = e;
  }
}

export async function loadMore(): Promise<void> {
  if (!batches.more) return;
  const page = await backend().batches(batches.more);
  batches.past = [...batches.past, ...page.items];
  batches.more = page.next_cursor;
}

/** One call for the whole broadcast: the service validates every row and stores it. Rows it
 *  left out (`skip_invalid`) are kept with the batch, on the lines `lineOf` gives them now
 *  (the draft is cleared once it is handed over). */
export async function submit(
  d: Omit<BatchDraft, 'idempotencyKey'>,
  lineOf: (index: number) => number = (i) => i + 1,
): Promise<boolean> {
  batches.submitting = true;
  batches.rows = [];
  batches.skipped = null;
  batches.error = null;
  try {
    const accepted = await backend().createBatch({
      // From "Send from" unless the draft names its number.
      profile: requestProfile(),
      ...d,
      idempotencyKey: newIdempotencyKey('difusion'),
    });
    if (accepted.rejected.length) {
      batches.skipped = { batch: accepted.batch.id, rows: rowProblems(accepted.rejected, lineOf) };
    }
    show(accepted.batch);
    return true;
  } catch (e) {
    const err = asApiError(e);
    batches.rows = err.rows;
    batches.error = err;
    return false;
  } finally {
    batches.submitting = false;
  }
}

function put(b: Batch) {
  if (batches.shown?.id === b.id) batches.shown = b;
  batches.past = upsert(batches.past, b);
}

export function show(b: Batch): void {
  if (batches.shown?.id !== b.id) batches.items = null;
  put(b);
  batches.shown = b;
}

/** Back to writing a new broadcast (the shown one goes on at the service if not finished). */
export function closeShown(): void {
  batches.shown = null;
  batches.items = null;
  batches.error = null;
}

/** The draft changed: refused rows of the last submit no longer match its lines. */
export function forgetRows(): void {
  batches.rows = [];
  batches.error = null;
}

/** The shown batch's messages: the first page, or (`more`) the next one. */
export async function openItems(more = false): Promise<void> {
  const b = batches.shown;
  if (!b) return;
  try {
    const page = await backend().batchItems(b.id, {
      limit: 100,
      cursor: more ? batches.moreItems : undefined,
    });
    batches.items = more ? [...(batches.items ?? []), ...page.items] : page.items;
    batches.moreItems = page.next_cursor;
  } catch (e) {
    batches.error = e;
  }
}

/** An item's status changed: its copy on screen follows (the newer revision wins). */
function itemHeard(u: MessageUpdate) {
  if (batches.items?.some((m) => m.id === u.id)) {
    batches.items = batches.items.map((m) => (m.id === u.id ? applyUpdate(m, u) : m));
  }
}

async function act(call: (id: string) => Promise<Batch>) {
  const b = batches.shown;
  if (!b) return;
  batches.error = null;
  try {
    put(await call(b.id));
  } catch (e) {
    batches.error = e;
    await reread(b.id);
  }
}

export const pause = () => act((id) => backend().pauseBatch(id));
export const resume = () => act((id) => backend().resumeBatch(id));
export const cancel = () => act((id) => backend().cancelBatch(id));

// Re-reads of one batch: one at a time, and one more if events came in meanwhile.
let reading: Promise<void> | null = null;
let again = false;

async function reread(id: string): Promise<void> {
  if (reading) {
    again = true;
    return reading;
  }
  reading = (async () => {
    do {
      again = false;
      try {
        put(await backend().batch(id));
      } catch {
        // Unreachable now: the next event or resync reads it again.
      }
    } while (again);
  })();
  try {
    await reading;
  } finally {
    reading = null;
  }
}

function heard(u: BatchUpdate) {
  const known = batches.past.find((b) => b.id === u.id);
  if (known) batches.past = upsert(batches.past, applyBatchUpdate(known, u));
  const shown = batches.shown;
  if (shown?.id === u.id) {
    batches.shown = applyBatchUpdate(shown, u);
    // The event says how far; the batch says the counts and the time left.
    void reread(u.id);
  } else if (!known) {
    // A broadcast started elsewhere (the POS, another window): list it.
    void reread(u.id);
  }
}

/** Follows the service while the screen is open; returns the function that stops it. */
export function follow(): () => void {
  const stops = [
    onBatchUpdate(heard),
    onMessageUpdate(itemHeard),
    onResync(() => {
      void loadBatches();
      if (batches.items) void openItems();
    }),
  ];
  void loadBatches();
  return () => stops.forEach((s) => s());
}
