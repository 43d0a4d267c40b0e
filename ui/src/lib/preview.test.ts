// The display-only preview and the CSV's column names.
import { describe, expect, it } from 'vitest';
import { csvHead, guessNumberColumn, previewText } from './preview';

describe('preview', () => {
  it('fills placeholders by name (any case), writes braces, leaves unknown ones', () => {
    expect(previewText('Hola {nombre}, {{promo}} {monto}}} {otro}', { Nombre: 'Ana', monto: '50' })).toBe(
      'Hola Ana, {promo} 50} {otro}',
    );
  });

  it('reads a spreadsheet’s CSV head: BOM, `;`, quotes', () => {
    expect(csvHead('\uFEFFNombre;Celular\r\n"Ana";71234567\r\nLuis;12\r\n')).toEqual({
      columns: ['Nombre', 'Celular'],
      first: { Nombre: 'Ana', Celular: '71234567' },
    });
    expect(csvHead('number,name\n')).toEqual({ columns: ['number', 'name'], first: null });
    expect(guessNumberColumn(['Nombre', 'Celular'])).toBe('Celular');
    expect(guessNumberColumn(['a', 'b'])).toBe('a');
  });
});
