// Session states and the service's reason codes as the pairing screen shows them, and the
// buttons it offers (the service's `actions`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type ReasonCode, type SessionAction, type SessionInfo } from './api/types';
import { offers, relinkOffer, secondsLeft, sessionView } from './session';

const s = (
  state: SessionInfo['state'],
  code?: ReasonCode,
  detail = '',
  actions: SessionAction[] = [],
): SessionInfo => ({ state, since: 0, reason: code && { code, detail }, actions });

describe('sessionView', () => {
  it('maps states and the service’s reason codes', () => {
    expect(sessionView({ ...s('connected'), phone: '+591', name: 'Tienda' })).toEqual({
      kind: 'linked',
      phone: '+591',
      name: 'Tienda',
    });
    expect(sessionView(s('pairing')).kind).toBe('pairing');
    expect(sessionView(s('pairing', 'qr_expired', 'the pairing code can still be typed')).kind).toBe(
      'pairing',
    );
    expect(sessionView(s('disconnected', 'qr_expired', 'the QR codes expired')).kind).toBe('expired');
    // By its code, not its words.
    expect(sessionView(s('disconnected', 'no_engine', 'no WhatsApp engine is configured')).kind).toBe(
      'no_engine',
    );
    expect(sessionView(s('disconnected', 'no_engine', 'anything')).kind).toBe('no_engine');
    expect(sessionView(s('disconnected', 'connection_lost', 'dropped; reconnecting by itself')).kind).toBe(
      'reconnecting',
    );
    expect(sessionView(s('disconnected')).kind).toBe('reconnecting');
    expect(sessionView(s('disconnected', 'temporary_ban', 'blocked for 1 h'))).toEqual({
      kind: 'problem',
      problem: 'banned',
      detail: 'blocked for 1 h',
    });
    expect(sessionView(s('disconnected', 'pair_failed', 'linking failed: x'))).toMatchObject({
      problem: 'link_failed',
    });
    expect(sessionView(s('disconnected', 'connect_failed', 'error 503'))).toMatchObject({
      problem: 'refused',
    });
    const offline = sessionView(
      s('disconnected', 'unreachable', 'cannot reach WhatsApp; retrying by itself'),
    );
    expect(offline).toMatchObject({ problem: 'unreachable' });
    expect(sessionView(s('disconnected', 'replaced', 'elsewhere'))).toMatchObject({ problem: 'replaced' });
    expect(sessionView(s('disconnected', 'client_outdated', 'update'))).toMatchObject({
      problem: 'outdated',
    });
    expect(sessionView(s('disconnected', 'engine_error', 'boom'))).toMatchObject({ problem: 'other' });
    expect(sessionView(s('logged_out', 'unlinked_by_phone', 'unlinked from the phone'))).toEqual({
      kind: 'logged_out',
      detail: 'unlinked from the phone',
    });
    expect(sessionView(s('logged_out', 'unlinked_by_app', 'unlinked from this app')).kind).toBe('logged_out');
  });

  it('offers the buttons the service says apply, and no others', () => {
    const expired = s('disconnected', 'qr_expired', 'x', ['relink']);
    const replaced = s('disconnected', 'replaced', 'elsewhere', ['reconnect']);
    expect(relinkOffer(expired)).toBe('relink');
    expect(relinkOffer(replaced)).toBe('reconnect');
    expect(relinkOffer(s('logged_out', 'unlinked_by_phone', 'x', ['relink']))).toBe('relink');
    // A ban ends by itself: the service offers nothing, so nothing is shown.
    expect(relinkOffer(s('disconnected', 'temporary_ban', 'x'))).toBeNull();
    expect(relinkOffer(s('connecting'))).toBeNull();
    expect(relinkOffer(null)).toBeNull();
    const linked = s('connected', undefined, '', ['logout']);
    expect(offers(linked, 'logout')).toBe(true);
    expect(offers(linked, 'pair_code')).toBe(false);
    expect(offers(s('pairing', undefined, '', ['pair_code']), 'pair_code')).toBe(true);
    expect(offers(undefined, 'logout')).toBe(false);
  });

  it('knows every reason code the service declares', () => {
    const rust = readFileSync(
      fileURLToPath(new URL('../../../src-tauri/crates/types/src/session.rs', import.meta.url)),
      'utf8',
    );
    const list = /pub fn as_str\(self\)[\s\S]*?\n {4}\}\n/.exec(rust)?.[0] ?? '';
    const codes = [...list.matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(10);
    expect([...REASON_CODES].sort()).toEqual(codes.sort());
  });

  it('counts down in whole seconds, never below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 20_000)).toBe(0);
  });
});
