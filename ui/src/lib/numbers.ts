// What the screens make of the service's reading of numbers (`POST /numbers/parse`): the UI
// shows the answer, it never judges a number itself.

import type { NumberProblem, ParsedNumber } from './api/types';

/** The most inputs the service reads in one call. */
export const MAX_PARSE = 10_000;

export type Parse = (numbers: string[]) => Promise<ParsedNumber[]>;

/** Reads any number of inputs, in as few calls as the service allows (none for none). */
export async function parseAll(parse: Parse, inputs: string[]): Promise<ParsedNumber[]> {
  const out: ParsedNumber[] = [];
  for (let at = 0; at < inputs.length; at += MAX_PARSE) {
    out.push(...(await parse(inputs.slice(at, at + MAX_PARSE))));
  }
  return out;
}

/** One field's state as the cashier sees it. */
export type Reading =
  /** Nothing typed. */
  | { kind: 'blank' }
  /** Typing has not paused yet, or the service has not answered (or could not be asked). */
  | { kind: 'waiting' }
  /** Too short while still being typed: not wrong yet. */
  | { kind: 'incomplete' }
  | { kind: 'ok'; recipient: string; display: string; country?: string; group: boolean }
  | { kind: 'problem'; problem: NumberProblem };

/**
 * The reading of `input` from the service's answer (`null`: none yet). `touched`: the cashier
 * is done with the field (left it, or pressed Send), so a number still too short is a problem.
 */
export function readingOf(input: string, answer: ParsedNumber | null | undefined, touched: boolean): Reading {
  if (input.trim() === '') return { kind: 'blank' };
  if (!answer) return { kind: 'waiting' };
  if (answer.recipient) {
    const r: Reading = {
      kind: 'ok',
      recipient: answer.recipient,
      display: answer.display ?? answer.recipient,
      group: answer.group,
    };
    if (answer.country) r.country = answer.country;
    return r;
  }
  const problem = answer.problem ?? 'not_valid';
  if (problem === 'too_short' && !touched) return { kind: 'incomplete' };
  return { kind: 'problem', problem };
}
