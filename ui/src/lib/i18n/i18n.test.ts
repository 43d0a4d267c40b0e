// Every string exists in both languages with the same placeholders, and every error code the
// service can send (read from its Rust source) has a translation.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../api/types';
import { UI_CODES } from '../api/errors';
import { en } from './en';
import errorTexts from './errors.json';
import { es } from './es';
import { interpolate, pickLanguage } from './translate';

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)[}|]/g)].map((m) => m[1]))].sort();

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings and the same placeholders', () => {
    for (const [k, v] of Object.entries(en)) {
      const other = es[k as keyof typeof en];
      expect(v.trim(), k).not.toBe('');
      expect(other.trim(), k).not.toBe('');
      expect(placeholders(other), k).toEqual(placeholders(v));
    }
  });

  it('name every status and content kind', () => {
    for (const s of STATUSES) expect(en).toHaveProperty(`status.${s}`);
    for (const k of ['text', 'image', 'document', 'video', 'audio', 'location', 'contact', 'poll']) {
      expect(en).toHaveProperty(`kind.${k}`);
    }
  });

  it('translate every error code of the service and of the UI', () => {
    const rust = readFileSync(
      fileURLToPath(new URL('../../../../src-tauri/crates/core/src/error.rs', import.meta.url)),
      'utf8',
    );
    const codes = [...rust.matchAll(/Code::\w+ => "([A-Z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(20);
    for (const code of [...codes, ...UI_CODES]) expect(en, code).toHaveProperty(`error.${code}`);
  });
});

describe('errors.json (shared with the desktop notifications)', () => {
  it('says every code in both languages, with the same placeholders', () => {
    const codes = Object.entries(errorTexts);
    expect(codes.length).toBeGreaterThan(20);
    for (const [code, said] of codes) {
      expect(code, code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(Object.keys(said).sort(), code).toEqual(['en', 'es']);
      expect(said.en.trim(), code).not.toBe('');
      expect(said.es.trim(), code).not.toBe('');
      expect(placeholders(said.es), code).toEqual(placeholders(said.en));
      expect(en[`error.${code}` as keyof typeof en], code).toBe(said.en);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(interpolate('{n} de {total}', { n: 3, total: 10 })).toBe('3 de 10');
    expect(interpolate('Hola {name}', {})).toBe('Hola {name}');
    expect(interpolate('{n} {n|mensaje|mensajes}', { n: 1 })).toBe('1 mensaje');
    expect(interpolate('{n} {n|mensaje|mensajes}', { n: 3 })).toBe('3 mensajes');
    expect(interpolate('{n|one|}', { n: 0 })).toBe('');
  });

  it('picks Spanish for any Spanish locale, English otherwise', () => {
    expect(pickLanguage(['es-BO', 'en'])).toBe('es');
    expect(pickLanguage(['pt-BR', 'es-419'])).toBe('es');
    expect(pickLanguage(['en-US'])).toBe('en');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
