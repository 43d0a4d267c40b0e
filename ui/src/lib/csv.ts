// CSV export of the message log, made in the browser: UTF-8 with BOM (Excel reads accents),
// CRLF lines, quoted where needed, and cells that could run as spreadsheet formulas defused.

import type { Message } from './api/types';
import { previewText } from './content';

/** A cell a spreadsheet might run (`=cmd…`, `@SUM`, `+1+cmd…`) gets a leading quote.
 *  Plain numbers such as `+59171234567` or `-5` are left alone. */
export function defuse(v: string): string {
  if (/^[=@\t\r]/.test(v)) return `'${v}`;
  if (/^[+-]/.test(v) && !/^[+-][\d\s.,]*$/.test(v)) return `'${v}`;
  return v;
}

export function csvCell(v: string): string {
  const safe = defuse(v);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export interface CsvLabels {
  headers: [string, string, string, string, string, string, string];
  kind: (k: Message['content']['type']) => string;
  status: (s: Message['status']) => string;
  time: (ms: number) => string;
}

/** Time, recipient, kind, text, status, error, id — one row per message. */
export function messagesCsv(messages: Message[], l: CsvLabels): string {
  const rows = messages.map((m) => [
    l.time(m.created_at),
    m.to,
    l.kind(m.content.type),
    previewText(m.content),
    l.status(m.status),
    m.error?.message ?? '',
    m.id,
  ]);
  return toCsv([[...l.headers], ...rows]);
}
