// Broadcast lists ("71234567, Ana") with the service's reading of each number.
import { describe, expect, it } from 'vitest';
import type { ParsedNumber } from './api/types';
import { readList, sendable, splitList, unreadable } from './broadcast';

/** The service's answers, by input, as a test writes them. */
function service(answers: Record<string, string | ParsedNumber['problem']>) {
  return (inputs: string[]): ParsedNumber[] =>
    inputs.map((input) => {
      const a = answers[input];
      return a?.startsWith('+')
        ? { input, recipient: a, display: a, country: 'BO', group: false }
        : { input, group: false, problem: (a as ParsedNumber['problem']) ?? 'not_valid' };
    });
}

const read = (text: string, answers: Record<string, string | ParsedNumber['problem']>) => {
  const split = splitList(text);
  return readList(split, service(answers)(split.rows.map((r) => r.input)));
};

describe('splitList', () => {
  it('reads numbers with optional names, skipping blank lines, numbers left as typed', () => {
    const list = splitList('71234567, Ana\n\n+591 7654 3210,Luis Pérez\n76543210\n');
    expect(list.header).toBeNull();
    expect(list.rows.map((r) => [r.line, r.input, r.vars.name])).toEqual([
      [1, '71234567', 'Ana'],
      [3, '+591 7654 3210', 'Luis Pérez'],
      [4, '76543210', ''],
    ]);
  });

  it('accepts tabs (a spreadsheet paste) and semicolons', () => {
    const list = splitList('71234567\tAna\n76543210;Luis');
    expect(list.rows.map((r) => r.vars.nombre)).toEqual(['Ana', 'Luis']);
  });

  it('names columns after a header line', () => {
    const list = splitList('telefono, nombre, monto\n71234567, Ana, 150 Bs');
    expect(list.header).toEqual(['telefono', 'nombre', 'monto']);
    expect(list.rows[0]?.vars).toMatchObject({
      nombre: 'Ana',
      name: 'Ana',
      monto: '150 Bs',
      '3': '150 Bs',
    });
  });
});

describe('readList', () => {
  it('puts the service’s answer on each line and skips a recipient it reads twice', () => {
    const list = read('71234567, Ana\n\n+591 7654 3210,Luis Pérez\n76543210\n', {
      '71234567': '+59171234567',
      '+591 7654 3210': '+59176543210',
      '76543210': '+59176543210',
    });
    expect(list.recipients.map((r) => [r.line, r.reading.kind === 'ok' && r.reading.recipient])).toEqual([
      [1, '+59171234567'],
      [3, '+59176543210'],
      [4, '+59176543210'],
    ]);
    expect(list.recipients[2]?.duplicate).toBe(true);
    expect(sendable(list)).toHaveLength(2);
  });

  it('flags lines the service could not read, a number too short included, and does not send them', () => {
    const list = read('71234567, Ana\n123, Bad\nhola, Luis', {
      '71234567': '+59171234567',
      '123': 'too_short',
      hola: 'letters',
    });
    expect(list.recipients.map((r) => r.reading)).toEqual([
      expect.objectContaining({ kind: 'ok' }),
      { kind: 'problem', problem: 'too_short' },
      { kind: 'problem', problem: 'letters' },
    ]);
    expect(sendable(list).map((r) => r.line)).toEqual([1]);
    expect(unreadable(list).map((r) => r.line)).toEqual([2, 3]);
  });

  it('waits on lines the service has not answered yet', () => {
    const split = splitList('71234567\n72222222');
    const list = readList(split, []);
    expect(list.recipients.map((r) => r.reading.kind)).toEqual(['waiting', 'waiting']);
    expect(sendable(list)).toEqual([]);
  });
});
