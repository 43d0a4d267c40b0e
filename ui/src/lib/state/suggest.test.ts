// The To field's suggestions: asked once typing pauses (two characters or more), contacts then
// groups, only the latest text's answer kept; groups asked once (again after a failure); the
// arrows move the highlight and closing drops what is on its way.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contact, Group } from '../api/types';
import { Suggester } from './suggest.svelte';

const ana: Contact = {
  id: 'c1',
  phone: '+59171234567',
  name: 'Ana Quispe',
  tags: [],
  notes: '',
  opted_out: false,
  created_at: 1,
  updated_at: 1,
};
const groups: Group[] = [{ jid: '1@g.us', name: 'Clientes frecuentes', participants: 3 }];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Suggester', () => {
  it('asks once typing pauses, and lists contacts then groups', async () => {
    const contacts = vi.fn(async (q: string) => ({ items: q.includes('a') ? [ana] : [] }));
    const listGroups = vi.fn(async () => groups);
    const s = new Suggester({ contacts, groups: listGroups }, 200);
    s.type('a');
    await vi.advanceTimersByTimeAsync(300);
    expect(contacts).not.toHaveBeenCalled();
    expect(s.open).toBe(false);

    s.type('cl');
    s.type('cli');
    await vi.advanceTimersByTimeAsync(250);
    expect(contacts.mock.calls.map((c) => c[0])).toEqual(['cli']);
    expect(s.items.map((i) => i.kind)).toEqual(['group']);
    s.type('ana');
    await vi.advanceTimersByTimeAsync(250);
    expect(s.items.map((i) => i.value)).toEqual(['+59171234567']);
    expect(s.open).toBe(true);
    expect(listGroups).toHaveBeenCalledTimes(1);

    s.move('ArrowDown');
    expect(s.current()?.label).toBe('Ana Quispe');
    s.close();
    expect(s.current()).toBeNull();
    s.move('ArrowDown');
    expect(s.open).toBe(true);
  });

  it('drops an answer to older text, and asks for the groups again after a failure', async () => {
    let answer: (v: { items: Contact[] }) => void = () => {};
    const contacts = vi.fn((q: string) =>
      q === 'an' ? new Promise<{ items: Contact[] }>((r) => (answer = r)) : Promise.resolve({ items: [] }),
    );
    const listGroups = vi.fn().mockRejectedValueOnce(new Error('NOT_CONNECTED')).mockResolvedValue(groups);
    const s = new Suggester({ contacts, groups: listGroups }, 10);
    s.type('an');
    await vi.advanceTimersByTimeAsync(20);
    s.type('clientes');
    await vi.advanceTimersByTimeAsync(20);
    answer({ items: [ana] });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.items.map((i) => i.label)).toEqual(['Clientes frecuentes']);
    expect(listGroups).toHaveBeenCalledTimes(2);

    s.type('ana');
    s.stop();
    await vi.advanceTimersByTimeAsync(20);
    expect(s.open).toBe(false);
    expect(s.items).toEqual([]);
  });
});
