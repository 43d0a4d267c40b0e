// Status ticks and the forward-only rule for live updates.
import { describe, expect, it } from 'vitest';
import type { Message, MessageUpdate, Status } from './api/types';
import { STATUSES } from './api/types';
import { applyUpdate, canAdvance, tickFor } from './status';

const msg = (status: Status, at = 1000): Message => ({
  id: 'm1',
  whatsapp_id: 'w1',
  to: '+59171234567',
  content: { type: 'text', text: 'hola' },
  status,
  attempts: 1,
  created_at: at,
  updated_at: at,
  status_times: { [status]: at },
});
const upd = (status: Status, at = 2000, extra: Partial<MessageUpdate> = {}): MessageUpdate => ({
  id: 'm1',
  whatsapp_id: 'w1',
  status,
  attempts: 1,
  at,
  ...extra,
});

describe('ticks', () => {
  it('draws the marks people know from WhatsApp', () => {
    expect(STATUSES.map(tickFor)).toEqual([
      'clock',
      'sending',
      'one',
      'two',
      'read',
      'read',
      'failed',
      'cancelled',
    ]);
  });
});

describe('canAdvance', () => {
  it('moves forward on the happy path only', () => {
    const path: Status[] = ['queued', 'sending', 'sent', 'delivered', 'read', 'played'];
    path.forEach((a, i) => path.forEach((b, j) => expect(canAdvance(a, b), `${a}->${b}`).toBe(j > i)));
  });
  it('fails or cancels only before the server has it', () => {
    expect(canAdvance('queued', 'failed')).toBe(true);
    expect(canAdvance('sending', 'cancelled')).toBe(true);
    expect(canAdvance('sent', 'failed')).toBe(false);
    expect(canAdvance('failed', 'cancelled')).toBe(false);
  });
  it('lets a late receipt rescue a failed message, never a cancelled one', () => {
    expect(canAdvance('failed', 'delivered')).toBe(true);
    expect(canAdvance('failed', 'queued')).toBe(false);
    for (const s of STATUSES) expect(canAdvance('cancelled', s)).toBe(false);
  });
});

describe('applyUpdate', () => {
  it('applies progress and records when', () => {
    const m = applyUpdate(msg('sent'), upd('read', 3000));
    expect(m.status).toBe('read');
    expect(m.status_times.read).toBe(3000);
    expect(m.updated_at).toBe(3000);
  });
  it('ignores old news (a delivered after read) and other messages', () => {
    const read = msg('read');
    expect(applyUpdate(read, upd('delivered'))).toBe(read);
    expect(applyUpdate(read, upd('played', 2000, { id: 'other' }))).toBe(read);
  });
  it('keeps the failure reason, and drops it once the server has the message', () => {
    const failed = applyUpdate(
      msg('sending'),
      upd('failed', 2000, { error: { code: 'NACK_479', message: 'x' } }),
    );
    expect(failed.error?.code).toBe('NACK_479');
    expect(applyUpdate(failed, upd('sent', 3000)).error).toBeUndefined();
  });
  it('takes a retry (failed → queued, attempts reset) as a fresh start', () => {
    const failed = { ...msg('failed', 1000), error: { code: 'X', message: 'x' } };
    const retried = applyUpdate(failed, upd('queued', 5000, { attempts: 0 }));
    expect(retried.status).toBe('queued');
    expect(retried.attempts).toBe(0);
    expect(retried.error).toBeUndefined();
    expect(retried.status_times).toEqual({ queued: 5000 });
    // …but not a stale "queued" from before the failure.
    expect(applyUpdate(failed, upd('queued', 500)).status).toBe('failed');
  });
});
