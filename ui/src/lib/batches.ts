// What the Broadcast screen shows of the service's batches: progress merged from `batch`
// events, which batch is still going, and the service's refused rows put on the lines the
// user sees. No sending rules live here: the service validates, paces and counts.

import type { Batch, BatchUpdate, RowError, Status } from './api/types';

/** The batch with an event's news; an older event than what is shown changes nothing. */
export function applyBatchUpdate(b: Batch, u: BatchUpdate): Batch {
  if (u.id !== b.id) return b;
  return { ...b, status: u.status, total: u.total, finished: Math.max(b.finished, u.finished) };
}

/** The batch's place in a list (newest first): replaced, or added at the top. */
export function upsert(list: Batch[], b: Batch): Batch[] {
  const i = list.findIndex((x) => x.id === b.id);
  if (i < 0) return [b, ...list];
  return list.map((x) => (x.id === b.id ? b : x));
}

/** Still the service's to send: running, or paused. */
export function ongoing(b: Batch): boolean {
  return b.status === 'running' || b.status === 'paused';
}

/** The newest batch still going: what the screen shows when it opens again. */
export function current(list: Batch[]): Batch | null {
  return list.find(ongoing) ?? null;
}

/** Handed over, 0–100. */
export function percent(b: Pick<Batch, 'finished' | 'total'>): number {
  return b.total > 0 ? Math.min(100, (b.finished / b.total) * 100) : 0;
}

/** The counts people read: what waits, went, arrived, was read, failed or was not sent. */
export function tally(counts: Batch['counts']) {
  const n = (...s: Status[]) => s.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  return {
    waiting: n('scheduled', 'queued', 'sending'),
    sent: n('sent'),
    delivered: n('delivered'),
    read: n('read', 'played'),
    failed: n('failed'),
    unsent: n('cancelled', 'expired', 'skipped'),
  };
}

/** A refused row with the line the user knows it by (`lineOf(index)`), in row order. */
export interface RowProblem extends RowError {
  line: number;
}

export function rowProblems(rows: RowError[], lineOf: (index: number) => number): RowProblem[] {
  return [...rows].sort((a, b) => a.index - b.index).map((r) => ({ ...r, line: lineOf(r.index) }));
}

/** A gap typed in seconds (as Settings shows the pace), in ms as the service takes it; blank:
 *  none (the shop's pacing). The service judges the value (range, jitter ≤ pacing). */
export function msOfSeconds(typed: string | number | null | undefined): number | undefined {
  if (typed === null || typed === undefined || String(typed).trim() === '') return undefined;
  return Math.round(Number(String(typed).replace(',', '.')) * 1000);
}

/** ms as seconds for people: `1500` → `1.5` (`1,5` in Spanish). */
export function secondsOf(ms: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(ms / 1000);
}

/** A batch as the log's filter knows it. */
export type BatchRef = Pick<Batch, 'id' | 'name'>;

/** The broadcasts the log's filter offers: the recent ones, and the chosen one when it is older. */
export function batchChoices(recent: BatchRef[], chosen: BatchRef | null): BatchRef[] {
  const list = recent.map(({ id, name }) => ({ id, name }));
  if (chosen && !list.some((b) => b.id === chosen.id)) list.unshift({ id: chosen.id, name: chosen.name });
  return list;
}
