// Recipient field checks: local, international and POS-style numbers, formatting, groups.
import { describe, expect, it } from 'vitest';
import { checkPhone, formatE164, groupDigits, recipientFor, settled } from './phone';

describe('checkPhone', () => {
  it('reads a local Bolivian mobile in the default country', () => {
    expect(checkPhone('71234567', 'BO')).toEqual({
      kind: 'ok',
      e164: '+59171234567',
      display: '+591 7123 4567',
      iso: 'BO',
    });
    expect(checkPhone(' 7123-4567 ', 'BO')).toMatchObject({ kind: 'ok', e164: '+59171234567' });
  });

  it('reads international forms: +, 00 and bare digits with the calling code', () => {
    for (const input of ['+591 7123 4567', '00591 71234567', '59171234567', '+591 (7) 123-4567']) {
      expect(checkPhone(input, 'BO')).toMatchObject({ kind: 'ok', e164: '+59171234567' });
    }
    expect(checkPhone('+52 55 1234 5678', 'BO')).toMatchObject({
      kind: 'ok',
      e164: '+525512345678',
      iso: 'MX',
    });
    expect(checkPhone('+54 9 11 2345 6789', 'BO')).toMatchObject({
      kind: 'ok',
      e164: '+5491123456789',
      display: '+54 9 11 2345 6789',
    });
  });

  it('drops the trunk prefix where the country uses one', () => {
    expect(checkPhone('0991 234 567', 'PY')).toMatchObject({ kind: 'ok', e164: '+595991234567' });
    expect(checkPhone('099 123 456', 'UY')).toMatchObject({ kind: 'ok', e164: '+59899123456' });
  });

  it('says "incomplete" while typing and "too short" once settled', () => {
    expect(checkPhone('7123', 'BO')).toEqual({ kind: 'incomplete' });
    expect(settled(checkPhone('7123', 'BO'))).toEqual({ kind: 'invalid', reason: 'too_short' });
    expect(settled(checkPhone('71234567', 'BO')).kind).toBe('ok');
  });

  it('rejects letters, too many digits and wrong lengths', () => {
    expect(checkPhone('7123abc', 'BO')).toEqual({ kind: 'invalid', reason: 'letters' });
    expect(checkPhone('712345678', 'BO')).toEqual({ kind: 'invalid', reason: 'too_long' });
    expect(checkPhone('+591 7123 45678 9', 'BO')).toEqual({ kind: 'invalid', reason: 'too_long' });
    expect(checkPhone('+34 612 345', 'BO')).toEqual({ kind: 'incomplete' });
    expect(checkPhone('', 'BO')).toEqual({ kind: 'empty' });
  });

  it('accepts numbers of countries it does not know, leaving the service to judge', () => {
    expect(checkPhone('+49 30 1234567', 'BO')).toEqual({
      kind: 'ok',
      e164: '+49301234567',
      display: '+49301234567',
    });
  });

  it('takes group ids as they are', () => {
    expect(checkPhone('120363025246125486@g.us', 'BO')).toEqual({
      kind: 'group',
      jid: '120363025246125486@g.us',
    });
    expect(checkPhone('abc@g.us', 'BO')).toEqual({ kind: 'invalid', reason: 'group' });
  });
});

describe('formatting', () => {
  it('groups digits, the last group taking the rest', () => {
    expect(groupDigits('71234567', [4, 4])).toBe('7123 4567');
    expect(groupDigits('712', [4, 4])).toBe('712');
    expect(groupDigits('5512345678', [2, 4, 4])).toBe('55 1234 5678');
    expect(groupDigits('55123456789', [2, 4, 4])).toBe('55 1234 56789');
  });

  it('formats E.164 by country, leaving unknown codes alone', () => {
    expect(formatE164('+59171234567')).toBe('+591 7123 4567');
    expect(formatE164('+525512345678')).toBe('+52 55 1234 5678');
    expect(formatE164('+12025550123')).toBe('+1 202 555 0123');
    expect(formatE164('+999123')).toBe('+999123');
    expect(formatE164('120363@g.us')).toBe('120363@g.us');
  });

  it('sends E.164 when understood, else what was typed', () => {
    expect(recipientFor(checkPhone('71234567', 'BO'), '71234567')).toBe('+59171234567');
    expect(recipientFor(checkPhone('7123', 'BO'), ' 7123 ')).toBe('7123');
  });
});
