// The contact screens' helpers: tags typed in one field, group suggestions by name, the
// highlight moving through a list with the arrow keys (wrapping), what WhatsApp shows.
import { describe, expect, it } from 'vitest';
import {
  contactName,
  contactSuggestion,
  digitsOf,
  matchGroups,
  moveActive,
  shownOnWhatsapp,
  splitTags,
  tagsText,
  withTag,
} from './contacts';

describe('tags in one field', () => {
  it('split on commas (and the CSV’s | and ;), trimmed, blanks left out; the service normalises them', () => {
    expect(splitTags(' Clientes Frecuentes, vip,, ;mayoristas|x ')).toEqual([
      'Clientes Frecuentes',
      'vip',
      'mayoristas',
      'x',
    ]);
    expect(splitTags('  ')).toEqual([]);
    expect(tagsText(['a', 'b c'])).toBe('a, b c');
  });

  it('add a tag once', () => {
    expect(withTag('vip', 'mayoristas')).toBe('vip, mayoristas');
    expect(withTag('VIP, x', 'vip')).toBe('VIP, x');
    expect(withTag('', 'vip')).toBe('vip');
  });
});

describe('suggestions', () => {
  const groups = [
    { jid: '2@g.us', name: 'Personal de la tienda', participants: 2 },
    { jid: '1@g.us', name: 'Clientes frecuentes', participants: 3 },
    { jid: '3@g.us', name: 'Proveedores', participants: 5 },
  ];

  it('find groups by part of their name, in name order, from two letters', () => {
    expect(matchGroups(groups, 'FREC').map((s) => s.value)).toEqual(['1@g.us']);
    expect(matchGroups(groups, 'e').map((s) => s.value)).toEqual([]);
    expect(matchGroups(groups, 'de', 1)).toEqual([
      { kind: 'group', value: '2@g.us', label: 'Personal de la tienda', detail: 2 },
    ]);
  });

  it('pick a contact’s number, named by its name or its number', () => {
    const c = {
      id: 'c',
      phone: '+591',
      name: '',
      tags: [],
      notes: '',
      opted_out: false,
      created_at: 0,
      updated_at: 0,
    };
    expect(contactSuggestion(c)).toEqual({ kind: 'contact', value: '+591', label: '+591', detail: '+591' });
    expect(contactSuggestion({ ...c, name: 'Ana' }).label).toBe('Ana');
    expect(contactName({ name: ' ', phone: '+591' })).toBe('+591');
    expect(digitsOf('+591 7123-4567')).toBe('59171234567');
  });

  it('move the highlight with the arrows, wrapping at both ends', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'ArrowUp')).toBe(0);
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});

describe('what WhatsApp shows of a number', () => {
  const info = { phone: '+59171234567', on_whatsapp: true };
  it('the picture, business name and about the account shows, blanks left out', () => {
    expect(
      shownOnWhatsapp({
        ...info,
        picture_url: 'https://pps.whatsapp.net/v/ana.jpg',
        business_name: 'Farmacia Central',
        about: ' ',
      }),
    ).toEqual({ picture: 'https://pps.whatsapp.net/v/ana.jpg', business: 'Farmacia Central' });
    expect(shownOnWhatsapp({ ...info, about: 'Disponible' })).toEqual({ about: 'Disponible' });
  });
  it('nothing for an account that hides it all, a number without WhatsApp, or no answer', () => {
    expect(shownOnWhatsapp(info)).toBeNull();
    expect(shownOnWhatsapp({ phone: '+59171234567', on_whatsapp: false, about: 'x' })).toBeNull();
    expect(shownOnWhatsapp(null)).toBeNull();
  });
});
