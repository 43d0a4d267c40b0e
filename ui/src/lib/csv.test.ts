// CSV export: quoting, formula defusing, BOM and CRLF, one row per message.
import { describe, expect, it } from 'vitest';
import type { Message } from './api/types';
import { csvCell, defuse, messagesCsv, toCsv } from './csv';

describe('cells', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
  it('defuses formulas but leaves phone numbers and signed numbers alone', () => {
    expect(defuse('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(defuse('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(defuse('+1+cmd|calc')).toBe(`'+1+cmd|calc`);
    expect(defuse('-2+3')).toBe(`'-2+3`);
    expect(defuse('+59171234567')).toBe('+59171234567');
    expect(defuse('-5.5')).toBe('-5.5');
    expect(defuse('Gracias')).toBe('Gracias');
  });
  it('starts with a BOM and ends rows with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('\uFEFFa,b\r\nc,d\r\n');
  });
});

describe('messagesCsv', () => {
  it('writes a translated header and one row per message', () => {
    const m: Message = {
      id: '01ABC',
      whatsapp_id: 'W',
      to: '+59171234567',
      content: {
        type: 'document',
        media: { sha256: 'x', mime_type: 'application/pdf', size: 3 },
        file_name: 'factura.pdf',
        caption: 'Gracias, Ana',
      },
      status: 'failed',
      error: { code: 'NACK_479', message: 'refused' },
      revision: 4,
      attempts: 5,
      created_at: 0,
      updated_at: 0,
      status_times: {},
    };
    const csv = messagesCsv([m], {
      headers: ['Hora', 'Para', 'Tipo', 'Contenido', 'Estado', 'Error', 'ID'],
      kind: (k) => (k === 'document' ? 'Documento' : k),
      status: (s) => (s === 'failed' ? 'Falló' : s),
      time: () => '2026-11-21 10:00',
    });
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFHora,Para,Tipo,Contenido,Estado,Error,ID',
      '2026-11-21 10:00,+59171234567,Documento,"factura.pdf — Gracias, Ana",Falló,refused,01ABC',
      '',
    ]);
  });
});
