// A pasted list of recipients ("71234567, Ana") and the {name}-style message template.

import { checkPhone, settled, type PhoneCheck } from './phone';

export interface Recipient {
  /** 1-based line in the pasted text, for messages to the user. */
  line: number;
  input: string;
  check: PhoneCheck;
  /** Variables for the template: `name`/`nombre` (2nd column), header names, `1`, `2`, `3`… */
  vars: Record<string, string>;
  /** The same number appeared on an earlier line: it is skipped. */
  duplicate: boolean;
}

export interface ParsedList {
  recipients: Recipient[];
  /** Column names from a header line such as `telefono, nombre, monto`, if there was one. */
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

export function parseList(text: string, defaultIso: string): ParsedList {
  const lines = text.split(/\r\n|\n|\r/);
  const recipients: Recipient[] = [];
  let header: string[] | null = null;
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cells = splitLine(raw);
    if (header === null && recipients.length === 0 && isHeader(cells)) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    const input = cells[0] ?? '';
    const check = settled(checkPhone(input, defaultIso));
    const vars: Record<string, string> = {};
    cells.forEach((c, col) => {
      vars[String(col + 1)] = c;
      const named = (header as string[] | null)?.[col];
      if (named) vars[named] = c;
    });
    const name = cells[1] ?? '';
    vars.name ??= name;
    vars.nombre ??= name;
    const id = check.kind === 'ok' ? check.e164 : check.kind === 'group' ? check.jid : null;
    const duplicate = id !== null && seen.has(id);
    if (id) seen.add(id);
    recipients.push({ line: i + 1, input, check, vars, duplicate });
  });
  return { recipients, header };
}

/** Recipients that will get a message: valid and not repeated. */
export function sendable(list: ParsedList): Recipient[] {
  return list.recipients.filter((r) => (r.check.kind === 'ok' || r.check.kind === 'group') && !r.duplicate);
}

const VAR = /\{\s*([\p{L}\p{N}_]+)\s*\}/gu;

/** The variable names a template uses, lower case, in order of first use. */
export function templateVars(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(VAR)) {
    const n = (m[1] ?? '').toLowerCase();
    if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** Variables the template uses that the list does not provide. */
export function unknownVars(template: string, list: ParsedList): string[] {
  const first = list.recipients[0];
  if (!first) return [];
  return templateVars(template).filter((n) => !(n in first.vars));
}

/**
 * Fills `{name}`-style variables (case-insensitive). An empty value leaves no stray space:
 * "Hola {name}, gracias" without a name is "Hola, gracias". Unknown variables stay as written.
 */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) lower[k.toLowerCase()] = v.trim();
  const EMPTY = '\u0000';
  return template
    .replace(VAR, (whole, name: string) => {
      const v = lower[name.toLowerCase()];
      return v === undefined ? whole : v || EMPTY;
    })
    .replace(/[ \t]*\u0000(?=[,.;:!?)]|$)/gm, '')
    .replace(/\u0000[ \t]*/g, '')
    .trim();
}
