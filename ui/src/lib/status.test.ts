// Status ticks, and pushed updates applied by the service's revision (never by status rules).
import { describe, expect, it } from 'vitest';
import type { Message, MessageUpdate, Status } from './api/types';
import { STATUSES } from './api/types';
import { applyUpdate, canCancel, canReschedule, canRetry, isNew, needsReread, tickFor } from './status';

const msg = (status: Status, revision = 1, at = 1000): Message => ({
  id: 'm1',
  whatsapp_id: 'w1',
  to: '+59171234567',
  content: { type: 'text', text: 'hola' },
  status,
  attempts: 1,
  created_at: at,
  updated_at: at,
  revision,
  status_times: { [status]: at },
});
const upd = (
  status: Status,
  revision: number,
  at = 2000,
  extra: Partial<MessageUpdate> = {},
): MessageUpdate => ({
  id: 'm1',
  whatsapp_id: 'w1',
  status,
  attempts: 1,
  at,
  revision,
  ...extra,
});

describe('ticks', () => {
  it('draws the marks people know from WhatsApp', () => {
    expect(STATUSES.map(tickFor)).toEqual([
      'calendar',
      'clock',
      'sending',
      'one',
      'two',
      'read',
      'read',
      'failed',
      'cancelled',
      'expired',
      // Not sent, by the broadcast's check: drawn as a message that will not go.
      'cancelled',
      // Held until the customer writes: it will still go, so a clock.
      'clock',
    ]);
  });

  it('offers Retry on failed messages, Cancel while waiting, and a new time while scheduled', () => {
    expect(STATUSES.filter(canRetry)).toEqual(['failed']);
    expect(STATUSES.filter(canCancel)).toEqual(['scheduled', 'queued', 'waiting']);
    expect(STATUSES.filter(canReschedule)).toEqual(['scheduled']);
  });

  it('reads a waiting message again on its updates, which carry no time or words', () => {
    expect(STATUSES.filter((s) => needsReread(upd(s, 2)))).toEqual(['scheduled']);
  });

  it('counts new messages: queued, or scheduled at their first revision (not a reschedule)', () => {
    expect(isNew(upd('queued', 1, 0, { attempts: 0 }))).toBe(true);
    expect(isNew(upd('scheduled', 1, 0, { attempts: 0 }))).toBe(true);
    expect(isNew(upd('scheduled', 2, 0, { attempts: 0 }))).toBe(false);
    expect(isNew(upd('sending', 2, 0, { attempts: 1 }))).toBe(false);
    expect(isNew(upd('expired', 2, 0, { attempts: 0 }))).toBe(false);
  });
});

describe('applyUpdate', () => {
  it('applies a newer revision and records when', () => {
    const m = applyUpdate(msg('sent', 3), upd('read', 4, 3000));
    expect(m).toMatchObject({ status: 'read', revision: 4, updated_at: 3000 });
    expect(m.status_times).toEqual({ sent: 1000, read: 3000 });
  });

  it('ignores old news: an equal or lower revision, whatever its status, and other messages', () => {
    const read = msg('read', 5);
    expect(applyUpdate(read, upd('delivered', 4))).toBe(read);
    expect(applyUpdate(read, upd('played', 5))).toBe(read);
    expect(applyUpdate(read, upd('played', 9, 2000, { id: 'other' }))).toBe(read);
    // Arrival order does not matter: the newest copy wins either way.
    const a = upd('sent', 3);
    const b = upd('delivered', 4, 2500);
    const first = applyUpdate(applyUpdate(msg('sending', 2), a), b);
    const second = applyUpdate(applyUpdate(msg('sending', 2), b), a);
    expect([first.status, first.revision]).toEqual(['delivered', 4]);
    expect([second.status, second.revision]).toEqual(['delivered', 4]);
  });

  it('trusts the service for moves a status rule would refuse', () => {
    // A late receipt rescuing a failed message, decided by the service, not by the UI.
    const failed = { ...msg('failed', 6), error: { code: 'NACK_479', message: 'x' } };
    const rescued = applyUpdate(failed, upd('delivered', 7));
    expect(rescued.status).toBe('delivered');
    expect(rescued.error).toBeUndefined();
  });

  it('takes the error the update carries, and none when it carries none', () => {
    const sending = msg('sending', 2);
    const retrying = applyUpdate(
      sending,
      upd('sending', 3, 2000, { error: { code: 'TIMEOUT', message: 't' }, attempts: 2 }),
    );
    expect(retrying).toMatchObject({ status: 'sending', attempts: 2, error: { code: 'TIMEOUT' } });
    // A later attempt's time of "sending" is not the first one.
    expect(retrying.status_times.sending).toBe(1000);
    expect(applyUpdate(retrying, upd('sent', 4, 3000)).error).toBeUndefined();
  });

  it('takes a retry (a newer revision, queued again) as a fresh start', () => {
    const failed = { ...msg('failed', 8, 1000), error: { code: 'X', message: 'x' } };
    const retried = applyUpdate(failed, upd('queued', 9, 5000, { attempts: 0 }));
    expect(retried).toMatchObject({ status: 'queued', attempts: 0, revision: 9 });
    expect(retried.error).toBeUndefined();
    expect(retried.status_times).toEqual({ queued: 5000 });
    // …but not a stale "queued" from before the failure.
    expect(applyUpdate(failed, upd('queued', 1, 500)).status).toBe('failed');
  });

  it('keeps when a scheduled message was scheduled as it goes out, and says cancelled or expired', () => {
    const scheduled = { ...msg('scheduled', 1, 1000), send_at: 9000 };
    const sending = applyUpdate(scheduled, upd('sending', 2, 9000));
    expect(sending).toMatchObject({ status: 'sending', send_at: 9000 });
    expect(sending.status_times).toEqual({ scheduled: 1000, sending: 9000 });
    const expired = applyUpdate(scheduled, upd('expired', 2, 60_000));
    expect(expired.status_times).toEqual({ scheduled: 1000, expired: 60_000 });
  });
});
