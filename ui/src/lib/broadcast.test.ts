// Broadcast lists ("71234567, Ana") and {name}-style templates.
import { describe, expect, it } from 'vitest';
import { fillTemplate, parseList, sendable, templateVars, unknownVars } from './broadcast';

describe('parseList', () => {
  it('reads numbers with optional names, skipping blank lines', () => {
    const list = parseList('71234567, Ana\n\n+591 7654 3210,Luis Pérez\n76543210\n', 'BO');
    expect(list.header).toBeNull();
    expect(list.recipients.map((r) => [r.line, r.check.kind === 'ok' && r.check.e164, r.vars.name])).toEqual([
      [1, '+59171234567', 'Ana'],
      [3, '+59176543210', 'Luis Pérez'],
      [4, '+59176543210', ''],
    ]);
    expect(list.recipients[2]?.duplicate).toBe(true);
    expect(sendable(list)).toHaveLength(2);
  });

  it('accepts tabs (a spreadsheet paste) and semicolons', () => {
    const list = parseList('71234567\tAna\n76543210;Luis', 'BO');
    expect(list.recipients.map((r) => r.vars.nombre)).toEqual(['Ana', 'Luis']);
  });

  it('names columns after a header line', () => {
    const list = parseList('telefono, nombre, monto\n71234567, Ana, 150 Bs', 'BO');
    expect(list.header).toEqual(['telefono', 'nombre', 'monto']);
    expect(list.recipients[0]?.vars).toMatchObject({
      nombre: 'Ana',
      name: 'Ana',
      monto: '150 Bs',
      '3': '150 Bs',
    });
  });

  it('flags invalid lines by number, and does not send them', () => {
    const list = parseList('71234567, Ana\n123, Bad\nhola, Luis', 'BO');
    expect(list.recipients.map((r) => r.check.kind)).toEqual(['ok', 'invalid', 'invalid']);
    expect(sendable(list).map((r) => r.line)).toEqual([1]);
  });
});

describe('templates', () => {
  it('fills variables case-insensitively and leaves unknown ones', () => {
    expect(fillTemplate('Hola {name}, debe {Monto}. {otro}', { name: 'Ana', monto: '150 Bs' })).toBe(
      'Hola Ana, debe 150 Bs. {otro}',
    );
    expect(fillTemplate('Hola { nombre }!', { nombre: 'Luis' })).toBe('Hola Luis!');
  });

  it('leaves no stray space when a value is empty', () => {
    expect(fillTemplate('Hola {name}, gracias', { name: '' })).toBe('Hola, gracias');
    expect(fillTemplate('Estimado {name} le informamos', { name: ' ' })).toBe('Estimado le informamos');
    expect(fillTemplate('Hola {name}!', { name: '' })).toBe('Hola!');
  });

  it('keeps the rest of the text exactly', () => {
    expect(fillTemplate('Precio : 10 ,  oferta !', {})).toBe('Precio : 10 ,  oferta !');
    expect(fillTemplate('Línea 1\nLínea {n}', { n: '2' })).toBe('Línea 1\nLínea 2');
  });

  it('lists the variables used and those the list lacks', () => {
    expect(templateVars('{name} {Monto} {name}')).toEqual(['name', 'monto']);
    const list = parseList('71234567, Ana', 'BO');
    expect(unknownVars('Hola {nombre}, {monto}', list)).toEqual(['monto']);
    expect(unknownVars('Hola {name}', list)).toEqual([]);
  });
});
