// Stored numbers are shown as the service writes them: asked together, once, raw until then.
import { describe, expect, it } from 'vitest';
import type { ParsedNumber } from '../api/types';
import { NumberBook } from './numbers.svelte';

async function until(ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('NumberBook', () => {
  it('asks for every number shown at once in one call, and shows the raw number until then', async () => {
    const calls: string[][] = [];
    const book = new NumberBook(async (numbers) => {
      calls.push(numbers);
      return numbers.map((n): ParsedNumber => ({
        input: n,
        recipient: n,
        display: `${n.slice(0, 4)} ${n.slice(4)}`,
        group: false,
      }));
    });
    expect(book.display('+59171234567')).toBe('+59171234567');
    expect(book.display('+59172345678')).toBe('+59172345678');
    expect(book.display('+59171234567')).toBe('+59171234567');
    await until(() => book.display('+59171234567') !== '+59171234567');
    expect(book.display('+59171234567')).toBe('+591 71234567');
    expect(book.display('+59172345678')).toBe('+591 72345678');
    expect(calls).toEqual([['+59171234567', '+59172345678']]);
  });

  it('asks again later when the service could not answer', async () => {
    let fail = true;
    let calls = 0;
    const book = new NumberBook(async (numbers) => {
      calls++;
      if (fail) throw new Error('down');
      return numbers.map((n) => ({ input: n, recipient: n, display: 'shown', group: false }));
    });
    book.display('+5491123456789');
    await until(() => calls === 1);
    fail = false;
    // The failed call is over once the number may be asked again.
    await until(() => {
      book.display('+5491123456789');
      return calls === 2;
    });
    await until(() => book.display('+5491123456789') === 'shown');
  });
});
