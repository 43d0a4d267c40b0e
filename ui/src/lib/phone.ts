// Instant checks and formatting of the recipient field (the service validates again on send).

import { type Country, country, countryByDial } from './countries';

export type PhoneCheck =
  | { kind: 'empty' }
  /** Still being typed: not wrong yet. */
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: 'letters' | 'too_short' | 'too_long' | 'length' | 'group' }
  | { kind: 'ok'; e164: string; display: string; iso?: string }
  | { kind: 'group'; jid: string };

const GROUP = /^\d+(-\d+)?@g\.us$/;

/** Groups the digits of a national number, e.g. `71234567` with [4, 4] → `7123 4567`. */
export function groupDigits(nsn: string, groups: number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [i, size] of groups.entries()) {
    if (at >= nsn.length) break;
    // The last group takes whatever is left.
    const end = i === groups.length - 1 ? nsn.length : at + size;
    parts.push(nsn.slice(at, end));
    at = end;
  }
  if (at < nsn.length) parts.push(nsn.slice(at));
  return parts.join(' ');
}

function formatNational(c: Country, nsn: string): string {
  // Argentina's mobile 9 and Mexico's legacy 1 sit before the area code.
  if ((c.iso === 'AR' && nsn.length === 11 && nsn.startsWith('9')) || (c.iso === 'MX' && nsn.length === 11)) {
    return `${nsn[0]} ${groupDigits(nsn.slice(1), c.groups)}`;
  }
  if (c.iso === 'BR' && nsn.length === 10) return groupDigits(nsn, [2, 4, 4]);
  return groupDigits(nsn, c.groups);
}

/** `+59171234567` → `+591 7123 4567`; unknown calling codes stay as they are. */
export function formatE164(e164: string): string {
  if (!e164.startsWith('+')) return e164;
  const digits = e164.slice(1);
  const c = countryByDial(digits);
  if (!c) return e164;
  return `+${c.dial} ${formatNational(c, digits.slice(c.dial.length))}`;
}

function checkNational(c: Country, nsn: string): PhoneCheck {
  const min = Math.min(...c.lengths);
  const max = Math.max(...c.lengths);
  if (nsn.length < min) return { kind: 'incomplete' };
  if (nsn.length > max) return { kind: 'invalid', reason: 'too_long' };
  if (!c.lengths.includes(nsn.length)) return { kind: 'invalid', reason: 'length' };
  const e164 = `+${c.dial}${nsn}`;
  return { kind: 'ok', e164, display: `+${c.dial} ${formatNational(c, nsn)}`, iso: c.iso };
}

/**
 * Reads a recipient as people type it: `+591 7123-4567`, `0059171234567`, `71234567` (in
 * the default country), `59171234567` (a POS's bare international digits) or a group id.
 */
export function checkPhone(input: string, defaultIso: string): PhoneCheck {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  if (text.includes('@')) {
    return GROUP.test(text) ? { kind: 'group', jid: text } : { kind: 'invalid', reason: 'group' };
  }
  if (/\p{L}/u.test(text)) return { kind: 'invalid', reason: 'letters' };
  let digits = text.replace(/\D/g, '');
  if (digits.length > 15 + 2) return { kind: 'invalid', reason: 'too_long' };

  const international = text.startsWith('+') || digits.startsWith('00');
  if (international) {
    if (!text.startsWith('+')) digits = digits.slice(2);
    const c = countryByDial(digits);
    if (c) return checkNational(c, digits.slice(c.dial.length));
    if (digits.length < 8) return { kind: 'incomplete' };
    if (digits.length > 15) return { kind: 'invalid', reason: 'too_long' };
    return { kind: 'ok', e164: `+${digits}`, display: `+${digits}` };
  }

  const home = country(defaultIso);
  if (!home) {
    if (digits.length < 8) return { kind: 'incomplete' };
    return digits.length > 15
      ? { kind: 'invalid', reason: 'too_long' }
      : { kind: 'ok', e164: `+${digits}`, display: `+${digits}` };
  }
  let nsn = digits;
  if (home.trunk && nsn.startsWith(home.trunk)) nsn = nsn.slice(home.trunk.length);
  // Longer than a local number and starting with the calling code: international digits.
  const max = Math.max(...home.lengths);
  if (nsn.length > max && nsn.startsWith(home.dial)) return checkNational(home, nsn.slice(home.dial.length));
  if (nsn.length > max) {
    const other = countryByDial(digits);
    if (other && other !== home) return checkNational(other, digits.slice(other.dial.length));
  }
  return checkNational(home, nsn);
}

/** What to send to the service: E.164 when the number is understood, else the input as typed. */
export function recipientFor(check: PhoneCheck, input: string): string {
  if (check.kind === 'ok') return check.e164;
  if (check.kind === 'group') return check.jid;
  return input.trim();
}

/** Once the cashier is done typing (blur, send), an incomplete number is too short. */
export function settled(check: PhoneCheck): PhoneCheck {
  return check.kind === 'incomplete' ? { kind: 'invalid', reason: 'too_short' } : check;
}
