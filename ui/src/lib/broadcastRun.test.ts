// The broadcast loop: a few in flight, idempotent retries, pause, resume and cancel.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import type { Message, Status } from './api/types';
import { BroadcastRun, tally, type Snapshot } from './broadcastRun';

function message(id: string, to: string, status: Status = 'queued'): Message {
  return {
    id,
    whatsapp_id: `w${id}`,
    to,
    content: { type: 'text', text: 'x' },
    status,
    attempts: 0,
    created_at: 1,
    updated_at: 1,
    revision: 1,
    status_times: { queued: 1 },
  };
}

function setup(n: number, opts: { failFirst?: number; reject?: string; failWith?: ApiError } = {}) {
  const sent: { to: string; key: string }[] = [];
  const cancelled: string[] = [];
  let failures = opts.failFirst ?? 0;
  let last: Snapshot | null = null;
  const lines = Array.from({ length: n }, (_, i) => ({
    to: `+5917000000${i}`,
    text: `hola ${i}`,
    label: `${i}`,
  }));
  const run = new BroadcastRun(lines, undefined, 'run1', {
    window: 2,
    retryDelays: [0],
    sleep: async () => {},
    send: async (m, o) => {
      if (failures > 0) {
        failures--;
        throw opts.failWith ?? new ApiError('NETWORK', 'down');
      }
      if (opts.reject && m.to === opts.reject) throw new ApiError('INVALID_RECIPIENT', 'bad', 400);
      sent.push({ to: m.to, key: o?.idempotencyKey ?? '' });
      return message(`m${sent.length}`, m.to);
    },
    cancel: async (id) => {
      cancelled.push(id);
      return message(id, '', 'cancelled');
    },
    onChange: (s) => (last = s),
  });
  const snap = () => last as unknown as Snapshot;
  // Each pushed change is a newer revision of its message, as the service numbers them.
  let revision = 1;
  const advance = (id: string, status: Status) =>
    run.update({ id, whatsapp_id: `w${id}`, status, attempts: 1, at: 2, revision: ++revision });
  return { run, sent, cancelled, snap, advance };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BroadcastRun', () => {
  it('keeps at most `window` messages waiting, and continues as they go out', async () => {
    const { run, sent, snap, advance } = setup(4);
    void run.start();
    await tick();
    expect(sent).toHaveLength(2);
    expect(snap().throttled).toBe(true);
    advance('m1', 'sent');
    await tick();
    expect(sent).toHaveLength(3);
    advance('m2', 'delivered');
    advance('m3', 'read');
    await tick();
    expect(sent).toHaveLength(4);
    expect(snap().state).toBe('done');
    expect(snap().submitted).toBe(4);
  });

  it('retries a line after a network error with the same key, so it is sent once', async () => {
    const { run, sent, snap } = setup(1, { failFirst: 2 });
    await run.start();
    expect(sent).toEqual([{ to: '+59170000000', key: 'run1-1' }]);
    expect(snap().state).toBe('done');
  });

  it('retries the desktop app’s errors of the same kind, which have no HTTP status', async () => {
    const { run, sent } = setup(1, { failFirst: 1, failWith: new ApiError('NOT_CONNECTED', 'down') });
    await run.start();
    expect(sent).toHaveLength(1);
  });

  it('gives every line its own key', async () => {
    const { run, sent, advance } = setup(3);
    void run.start();
    await tick();
    advance('m1', 'sent');
    await tick();
    expect(sent.map((s) => s.key)).toEqual(['run1-1', 'run1-2', 'run1-3']);
  });

  it('records a refused line and goes on', async () => {
    const { run, snap } = setup(2, { reject: '+59170000000' });
    await run.start();
    expect(snap().lines[0]).toEqual({ step: 'rejected', code: 'INVALID_RECIPIENT' });
    expect(snap().lines[1]?.step).toBe('queued');
  });

  it('pauses and resumes without sending anything twice', async () => {
    const { run, sent, snap, advance } = setup(4);
    void run.start();
    await tick();
    run.pause();
    advance('m1', 'sent');
    advance('m2', 'sent');
    await tick();
    expect(sent).toHaveLength(2);
    expect(snap().state).toBe('paused');
    await run.start();
    expect(sent.map((s) => s.key)).toEqual(['run1-1', 'run1-2', 'run1-3', 'run1-4']);
  });

  it('cancels: skips the rest and takes back what is still queued', async () => {
    const { run, sent, cancelled, snap, advance } = setup(5);
    void run.start();
    await tick();
    advance('m1', 'sent');
    await tick();
    await run.cancel();
    expect(sent).toHaveLength(3);
    expect(cancelled).toEqual(['m2', 'm3']);
    expect(snap().state).toBe('cancelled');
    expect(snap().lines.slice(3)).toEqual([{ step: 'skipped' }, { step: 'skipped' }]);
    expect(tally(snap())).toEqual({ waiting: 0, sent: 1, delivered: 0, read: 0, failed: 0, cancelled: 4 });
  });

  it('tallies lines by where they are', async () => {
    const { run, snap, advance } = setup(3, { reject: '+59170000002' });
    void run.start();
    await tick();
    advance('m1', 'read');
    await tick();
    expect(tally(snap())).toEqual({ waiting: 1, sent: 0, delivered: 0, read: 1, failed: 1, cancelled: 0 });
  });
});
