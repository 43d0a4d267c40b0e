// The Broadcast screen's state over a fake service: reopening shows the batch still going,
// events move it and re-read its counts, a submit's refused rows are kept, actions land.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import { ApiError } from '../api/errors';
import type { Batch, Message } from '../api/types';
import { start } from './app.svelte';
import { batches, cancel, closeShown, follow, openItems, pause, submit } from './broadcast.svelte';

const batch = (id: string, status: Batch['status'], finished: number): Batch => ({
  id,
  name: id,
  status,
  template: { type: 'text', text: 'Hola {nombre}' },
  total: 3,
  counts: { queued: 3 - finished, sent: finished },
  finished,
  created_at: 1,
});

const item = (id: string): Message => ({
  id,
  whatsapp_id: '',
  to: '+59171234567',
  content: { type: 'text', text: 'Hola Ana' },
  status: 'queued',
  attempts: 0,
  created_at: 1,
  updated_at: 1,
  revision: 1,
  status_times: {},
});

function fakeService() {
  let push: (e: LiveEvent) => void = () => {};
  const stored = new Map<string, Batch>([
    ['b2', batch('b2', 'running', 1)],
    ['b1', batch('b1', 'done', 3)],
  ]);
  const calls: string[] = [];
  const b = {
    subscribe: (l: (e: LiveEvent) => void) => {
      push = l;
      return () => {};
    },
    capabilities: async () => ({}),
    version: async () => '1',
    batches: async () => ({ items: [...stored.values()] }),
    batch: async (id: string) => {
      calls.push(`batch ${id}`);
      return stored.get(id)!;
    },
    pauseBatch: async (id: string) => {
      calls.push(`pause ${id}`);
      stored.set(id, { ...stored.get(id)!, status: 'paused' });
      return stored.get(id)!;
    },
    cancelBatch: async (id: string) => {
      calls.push(`cancel ${id}`);
      throw new ApiError('INVALID_STATE', 'already done', 409);
    },
    batchItems: async (_id: string, q: { cursor?: string }) =>
      q.cursor ? { items: [item('m2')] } : { items: [item('m1')], next_cursor: 'c2' },
    createBatch: async () => {
      throw new ApiError('INVALID_ROWS', 'bad', 400, [{ index: 1, code: 'INVALID_RECIPIENT', message: 'x' }]);
    },
  } as unknown as Backend;
  start(b);
  return {
    stored,
    calls,
    push: (e: LiveEvent) => push(e),
    answer: (f: () => Promise<unknown>) => Object.assign(b, { createBatch: f }),
  };
}

describe('broadcast state', () => {
  it('shows the batch still going on opening, and follows its events with re-reads', async () => {
    const svc = fakeService();
    const stop = follow();
    await vi.waitFor(() => expect(batches.shown?.id).toBe('b2'), { timeout: 2000 });
    expect(batches.past.map((b) => b.id)).toEqual(['b2', 'b1']);

    svc.stored.set('b2', { ...batch('b2', 'running', 2), estimated_ms_left: 1000 });
    svc.push({ type: 'batch', update: { id: 'b2', status: 'running', total: 3, finished: 2, at: 5 } });
    expect(batches.shown?.finished).toBe(2);
    await vi.waitFor(() => expect(batches.shown?.estimated_ms_left).toBe(1000), { timeout: 2000 });
    expect(batches.past[0]?.finished).toBe(2);

    await pause();
    expect(batches.shown?.status).toBe('paused');
    // Refused by the service: its error is shown, and the batch re-read.
    await cancel();
    expect((batches.error as ApiError).code).toBe('INVALID_STATE');
    expect(svc.calls).toContain('cancel b2');

    // Its messages, page by page, following their status events.
    await openItems();
    await openItems(true);
    expect(batches.items?.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(batches.moreItems).toBeUndefined();
    svc.push({
      type: 'message',
      update: { id: 'm2', whatsapp_id: 'w', status: 'delivered', attempts: 1, at: 9, revision: 3 },
    });
    expect(batches.items?.[1]?.status).toBe('delivered');
    stop();
  });

  it('keeps the service’s refused rows from a submit, and shows nothing started', async () => {
    fakeService();
    closeShown();
    expect(await submit({ name: 'P', text: 'x', recipients: [{ to: '1' }, { to: '2' }] })).toBe(false);
    expect(batches.rows).toEqual([{ index: 1, code: 'INVALID_RECIPIENT', message: 'x' }]);
    expect(batches.shown).toBeNull();
  });

  it('keeps the rows a batch left out (skip_invalid) with that batch, on the user’s lines', async () => {
    const svc = fakeService();
    const accepted = batch('b3', 'running', 0);
    svc.answer(async () => ({
      batch: accepted,
      rejected: [
        { index: 2, code: 'INVALID_RECIPIENT', message: 'too short' },
        { index: 0, code: 'DUPLICATE_RECIPIENT', message: 'again' },
      ],
    }));
    closeShown();
    const ok = await submit(
      { name: 'P', text: 'x', recipients: [{ to: '1' }, { to: '2' }, { to: '3' }], skipInvalid: true },
      (i) => i + 10,
    );
    expect(ok).toBe(true);
    expect(batches.shown?.id).toBe('b3');
    expect(batches.rows).toEqual([]);
    expect(batches.skipped).toEqual({
      batch: 'b3',
      rows: [
        { index: 0, code: 'DUPLICATE_RECIPIENT', message: 'again', line: 10 },
        { index: 2, code: 'INVALID_RECIPIENT', message: 'too short', line: 12 },
      ],
    });
    // The next broadcast starts without them.
    svc.answer(async () => ({ batch: batch('b4', 'running', 0), rejected: [] }));
    await submit({ name: 'Q', text: 'x', recipients: [{ to: '1' }] });
    expect(batches.skipped).toBeNull();
  });
});
