// The service's reading of numbers as the screens show it, and long lists read in chunks.
import { describe, expect, it } from 'vitest';
import type { ParsedNumber } from './api/types';
import { MAX_PARSE, parseAll, readingOf } from './numbers';

const ok: ParsedNumber = {
  input: '7123 4567',
  recipient: '+59171234567',
  display: '+591 71234567',
  country: 'BO',
  group: false,
};
const short: ParsedNumber = { input: '7123', group: false, problem: 'too_short', message: 'x' };

describe('readingOf', () => {
  it('shows what the service answered: the recipient, how it is written, its country', () => {
    expect(readingOf('7123 4567', ok, false)).toEqual({
      kind: 'ok',
      recipient: '+59171234567',
      display: '+591 71234567',
      country: 'BO',
      group: false,
    });
    const g = { input: '1203@g.us', recipient: '1203@g.us', display: '1203@g.us', group: true };
    expect(readingOf('1203@g.us', g, true)).toMatchObject({ kind: 'ok', group: true });
  });

  it('says "incomplete" for a number too short while it is typed, a problem once done', () => {
    expect(readingOf('7123', short, false)).toEqual({ kind: 'incomplete' });
    expect(readingOf('7123', short, true)).toEqual({ kind: 'problem', problem: 'too_short' });
    const letters: ParsedNumber = { input: 'hola', group: false, problem: 'letters' };
    expect(readingOf('hola', letters, false)).toEqual({ kind: 'problem', problem: 'letters' });
  });

  it('waits for an answer, and asks nothing of a blank field', () => {
    expect(readingOf('7123', null, true)).toEqual({ kind: 'waiting' });
    expect(readingOf('  ', ok, true)).toEqual({ kind: 'blank' });
  });
});

describe('parseAll', () => {
  it('reads a list in one call, and a longer one in calls of at most 10,000', async () => {
    const calls: number[] = [];
    const parse = async (n: string[]) => {
      calls.push(n.length);
      return n.map((input) => ({ input, group: false }));
    };
    const inputs = Array.from({ length: MAX_PARSE * 2 + 5 }, (_, i) => String(i));
    const out = await parseAll(parse, inputs);
    expect(calls).toEqual([MAX_PARSE, MAX_PARSE, 5]);
    expect(out.map((p) => p.input)).toEqual(inputs);
    await parseAll(parse, ['1', '2']);
    expect(calls.at(-1)).toBe(2);
    expect(await parseAll(parse, [])).toEqual([]);
    expect(calls).toHaveLength(4);
  });
});
