// The Broadcast screen's view of the service's batches: events merged, the one still going,
// counts as shown, refused rows on the user's lines.
import { describe, expect, it } from 'vitest';
import type { Batch } from './api/types';
import {
  applyBatchUpdate,
  batchChoices,
  current,
  msOfSeconds,
  percent,
  rowProblems,
  secondsOf,
  tally,
  upsert,
} from './batches';

const batch = (id: string, status: Batch['status'], finished = 0): Batch => ({
  id,
  name: id,
  status,
  template: { type: 'text', text: 'Hola {nombre}' },
  total: 4,
  counts: { queued: 4 - finished, sent: finished },
  finished,
  created_at: 1,
});

describe('batches', () => {
  it('merges a batch event into its batch, never going back', () => {
    const b = batch('b1', 'running', 2);
    expect(applyBatchUpdate(b, { id: 'b1', status: 'paused', total: 4, finished: 3, at: 9 })).toMatchObject({
      status: 'paused',
      finished: 3,
    });
    expect(applyBatchUpdate(b, { id: 'b1', status: 'running', total: 4, finished: 1, at: 9 }).finished).toBe(
      2,
    );
    expect(applyBatchUpdate(b, { id: 'b2', status: 'done', total: 4, finished: 4, at: 9 })).toBe(b);
  });

  it('shows the newest batch still going when the screen opens again', () => {
    const list = [batch('b3', 'done', 4), batch('b2', 'paused', 1), batch('b1', 'running')];
    expect(current(list)?.id).toBe('b2');
    expect(current([batch('b1', 'cancelled')])).toBeNull();
  });

  it('puts a new batch on top and replaces a known one', () => {
    const list = [batch('b1', 'running')];
    expect(upsert(list, batch('b2', 'running')).map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(upsert(list, batch('b1', 'done', 4))[0]?.status).toBe('done');
  });

  it('counts and percent as the service reports them', () => {
    expect(percent({ finished: 1, total: 4 })).toBe(25);
    expect(percent({ finished: 0, total: 0 })).toBe(0);
    expect(tally({ queued: 2, sending: 1, read: 1, played: 1, failed: 2, cancelled: 1 })).toEqual({
      waiting: 3,
      sent: 0,
      delivered: 0,
      read: 2,
      failed: 2,
      unsent: 1,
    });
  });

  it('puts refused rows on the user’s lines, in order', () => {
    const rows = [
      { index: 2, code: 'MISSING_VARIABLE', message: 'x' },
      { index: 0, code: 'INVALID_RECIPIENT', message: 'y' },
    ];
    expect(rowProblems(rows, (i) => i + 2).map((r) => [r.line, r.code])).toEqual([
      [2, 'INVALID_RECIPIENT'],
      [4, 'MISSING_VARIABLE'],
    ]);
  });

  it('reads a gap typed in seconds as ms, blank as the shop’s, and judges nothing', () => {
    expect(msOfSeconds('')).toBeUndefined();
    expect(msOfSeconds('  ')).toBeUndefined();
    expect(msOfSeconds(null)).toBeUndefined();
    expect(msOfSeconds(undefined)).toBeUndefined();
    expect(msOfSeconds('1.5')).toBe(1500);
    expect(msOfSeconds('1,5')).toBe(1500);
    expect(msOfSeconds(0)).toBe(0);
    expect(msOfSeconds(2.0004)).toBe(2000);
    // Out of range is the service's to refuse, not this one's.
    expect(msOfSeconds('-3')).toBe(-3000);
    expect(msOfSeconds('99999')).toBe(99_999_000);
  });

  it('says ms as seconds in the UI’s language', () => {
    expect(secondsOf(1500, 'en')).toBe('1.5');
    expect(secondsOf(1500, 'es')).toBe('1,5');
    expect(secondsOf(8000, 'en')).toBe('8');
  });

  it('offers the recent broadcasts, and the chosen one when it is not among them', () => {
    const recent = [batch('b2', 'running'), batch('b1', 'done')];
    expect(batchChoices(recent, null)).toEqual([
      { id: 'b2', name: 'b2' },
      { id: 'b1', name: 'b1' },
    ]);
    expect(batchChoices(recent, { id: 'b1', name: 'b1' })).toHaveLength(2);
    expect(batchChoices(recent, { id: 'b0', name: 'Old' })[0]).toEqual({ id: 'b0', name: 'Old' });
  });
});
