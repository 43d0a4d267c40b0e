// Replies as lists: newest first, one to mark seen per customer, the glimpse, and the log's
// "All" view merging both lists only as far as both are known.
import { describe, expect, it } from 'vitest';
import type { Message, Received } from './api/types';
import { answerTo, glimpse, hasMedia, timeline, toMarkRead, upsertReceived } from './replies';

const rx = (p: Partial<Received>): Received => ({
  id: 'r',
  whatsapp_id: 'w',
  from: '+59171234567',
  kind: 'text',
  at: 1,
  received_at: 1,
  read: false,
  ...p,
});
const msg = (id: string, at: number): Message => ({
  id,
  whatsapp_id: id,
  to: '+59171234567',
  content: { type: 'text', text: id },
  status: 'sent',
  attempts: 1,
  created_at: at,
  updated_at: at,
  revision: 1,
  status_times: {},
});

describe('replies', () => {
  it('keeps a list newest first and replaces a copy in place', () => {
    let list = upsertReceived([], rx({ id: 'a', at: 10 }));
    list = upsertReceived(list, rx({ id: 'b', at: 30 }));
    list = upsertReceived(list, rx({ id: 'c', at: 20 }));
    list = upsertReceived(list, rx({ id: 'c', at: 20, read: true }));
    expect(list.map((r) => [r.id, r.read])).toEqual([
      ['b', false],
      ['c', true],
      ['a', false],
    ]);
  });

  it('marks seen the newest unread per customer', () => {
    const list = [
      rx({ id: 'a', at: 10 }),
      rx({ id: 'b', at: 30 }),
      rx({ id: 'c', at: 40, read: true }),
      rx({ id: 'd', at: 5, from: '+59170000000' }),
    ];
    expect(toMarkRead(list).map((r) => r.id)).toEqual(['b', 'd']);
  });

  it('shows the words, else the file’s name, else what it was', () => {
    expect(glimpse(rx({ text: ' hola ' }))).toBe('hola');
    expect(glimpse(rx({ kind: 'document', file_name: 'factura.pdf' }))).toBe('factura.pdf');
    expect(glimpse(rx({ kind: 'other', what: 'sticker' }))).toBe('sticker');
    expect(glimpse(rx({ kind: 'audio' }))).toBeNull();
    expect(hasMedia(rx({ kind: 'audio' }))).toBe(true);
    expect(hasMedia(rx({ kind: 'other' }))).toBe(false);
    expect(answerTo(rx({ from: '+59176543210', group: 'g@g.us' }))).toBe('+59176543210');
  });

  it('merges sent and received by time, as far as both lists are known', () => {
    const sent = [msg('s3', 30), msg('s1', 10)];
    const received = [rx({ id: 'r4', at: 40 }), rx({ id: 'r2', at: 20 })];
    expect(timeline(sent, false, received, false).map((r) => r.id)).toEqual(['r4', 's3', 'r2', 's1']);
    // More received to read: nothing older than its oldest (20) is shown yet.
    expect(timeline(sent, false, received, true).map((r) => r.id)).toEqual(['r4', 's3', 'r2']);
  });
});
