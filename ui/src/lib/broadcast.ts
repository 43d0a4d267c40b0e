// A pasted list of recipients ("71234567, Ana"): its lines and columns, which become each
// recipient's variables. The numbers are read by the service (the whole list in one call, for
// the summary while typing; again, with the template, when the broadcast is submitted).

import type { ParsedNumber } from './api/types';
import { readingOf, type Reading } from './numbers';

/** One line of the list before the service has read its number. */
export interface Row {
  /** 1-based line in the pasted text, for messages to the user. */
  line: number;
  input: string;
  /** Variables for the template: `name`/`nombre` (2nd column), header names, `1`, `2`, `3`… */
  vars: Record<string, string>;
}

export interface SplitList {
  rows: Row[];
  /** Column names from a header line such as `telefono, nombre, monto`, if there was one. */
  header: string[] | null;
}

export interface Recipient extends Row {
  /** The service's reading (a list is done being typed: a number too short is a problem). */
  reading: Reading;
  /** The same recipient appeared on an earlier line: it is skipped. */
  duplicate: boolean;
}

export interface ParsedList {
  recipients: Recipient[];
  header: string[] | null;
}

/** Commas, semicolons or tabs (a column pasted from a spreadsheet). */
function splitLine(line: string): string[] {
  const sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  return line.split(sep).map((c) => c.trim());
}

function isHeader(cells: string[]): boolean {
  const first = cells[0] ?? '';
  return cells.length > 1 && !/\d/.test(first) && /\p{L}/u.test(first);
}

/** The list's lines and columns; the numbers (`rows[].input`) go to the service as they are. */
export function splitList(text: string): SplitList {
  const rows: Row[] = [];
  let header: string[] | null = null;
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cells = splitLine(raw);
    if (header === null && rows.length === 0 && isHeader(cells)) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    const vars: Record<string, string> = {};
    cells.forEach((c, col) => {
      vars[String(col + 1)] = c;
      const named = (header as string[] | null)?.[col];
      if (named) vars[named] = c;
    });
    const name = cells[1] ?? '';
    vars.name ??= name;
    vars.nombre ??= name;
    rows.push({ line: i + 1, input: cells[0] ?? '', vars });
  });
  return { rows, header };
}

/** The rows with the service's answers (`parsed[i]` for `rows[i]`); a recipient the service
 *  reads the same as an earlier line's (`71234567` and `+591 7123 4567`) is a duplicate. */
export function readList(list: SplitList, parsed: ParsedNumber[]): ParsedList {
  const seen = new Set<string>();
  const recipients = list.rows.map((row, i): Recipient => {
    const reading = readingOf(row.input, parsed[i], true);
    const id = reading.kind === 'ok' ? reading.recipient : null;
    const duplicate = id !== null && seen.has(id);
    if (id) seen.add(id);
    return { ...row, reading, duplicate };
  });
  return { recipients, header: list.header };
}

/** Recipients that will get a message: read by the service and not repeated. */
export function sendable(list: ParsedList): Recipient[] {
  return list.recipients.filter((r) => r.reading.kind === 'ok' && !r.duplicate);
}

/** Lines the service could not read as a recipient. */
export function unreadable(list: ParsedList): Recipient[] {
  return list.recipients.filter((r) => r.reading.kind !== 'ok');
}
