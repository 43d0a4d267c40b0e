// The reader asks the service once typing pauses, keeps only the latest answer, and answers
// at once when Send is pressed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParsedNumber } from '../api/types';
import { NumberReader } from './reader.svelte';

/** A parse whose answers the test releases one by one, in any order. */
function controlled() {
  const asked: { inputs: string[]; answer: (p: ParsedNumber[]) => void; fail: () => void }[] = [];
  const parse = (inputs: string[]) =>
    new Promise<ParsedNumber[]>((answer, reject) =>
      asked.push({ inputs, answer, fail: () => reject(new Error('down')) }),
    );
  return { asked, parse };
}

const read = (input: string, recipient?: string): ParsedNumber =>
  recipient
    ? { input, recipient, display: recipient, group: false }
    : { input, group: false, problem: 'too_short' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('NumberReader', () => {
  it('asks once typing pauses, not at every key', async () => {
    const { asked, parse } = controlled();
    const r = new NumberReader(parse, 200);
    r.read(['7']);
    r.read(['71']);
    r.read(['712']);
    await vi.advanceTimersByTimeAsync(199);
    expect(asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked.map((a) => a.inputs)).toEqual([['712']]);
    asked[0]?.answer([read('712')]);
    await vi.runAllTimersAsync();
    expect(r.parsed).toEqual([read('712')]);
  });

  it('drops a slow answer to an older question', async () => {
    const { asked, parse } = controlled();
    const r = new NumberReader(parse, 10);
    r.read(['7123']);
    await vi.advanceTimersByTimeAsync(10);
    r.read(['71234567']);
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toHaveLength(2);
    asked[1]?.answer([read('71234567', '+59171234567')]);
    await vi.runAllTimersAsync();
    asked[0]?.answer([read('7123')]);
    await vi.runAllTimersAsync();
    expect(r.parsed?.[0]?.recipient).toBe('+59171234567');
  });

  it('answers at once when Send is pressed before typing paused, and asks again when the service was away', async () => {
    const { asked, parse } = controlled();
    const r = new NumberReader(parse, 10_000);
    r.read(['71234567']);
    const now = r.now();
    expect(asked).toHaveLength(1);
    asked[0]?.fail();
    expect(await now).toBeNull();
    expect(r.unreachable).toBe(true);
    const again = r.now();
    expect(asked).toHaveLength(2);
    asked[1]?.answer([read('71234567', '+59171234567')]);
    expect((await again)?.[0]?.recipient).toBe('+59171234567');
    expect(r.unreachable).toBe(false);
    // The answer is kept: asking again costs nothing.
    expect(await r.now()).toBe(r.parsed);
    expect(asked).toHaveLength(2);
    // Nothing to read: nothing asked.
    r.read([]);
    expect(await r.now()).toEqual([]);
    expect(asked).toHaveLength(2);
  });
});
