// Session states and the engine's reasons as the pairing screen shows them.
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from './api/types';
import { canRelink, needsNewCode, secondsLeft, sessionView, splitReason } from './session';

const s = (state: SessionInfo['state'], reason?: string): SessionInfo => ({ state, since: 0, reason });

describe('sessionView', () => {
  it('maps states and the engine’s reason codes', () => {
    expect(sessionView({ ...s('connected'), phone: '+591', name: 'Tienda' })).toEqual({
      kind: 'linked',
      phone: '+591',
      name: 'Tienda',
    });
    expect(sessionView(s('pairing')).kind).toBe('pairing');
    expect(sessionView(s('pairing', 'qr_expired: the pairing code can still be typed')).kind).toBe('pairing');
    expect(sessionView(s('disconnected', 'qr_expired: the QR codes expired')).kind).toBe('expired');
    expect(sessionView(s('disconnected', 'no WhatsApp engine is configured')).kind).toBe('no_engine');
    expect(sessionView(s('disconnected', 'connection_lost: dropped; reconnecting by itself')).kind).toBe(
      'reconnecting',
    );
    expect(sessionView(s('disconnected', 'temporary_ban: blocked for 1 h'))).toEqual({
      kind: 'problem',
      problem: 'banned',
      detail: 'blocked for 1 h',
    });
    expect(sessionView(s('disconnected', 'pair_failed: linking failed: x'))).toMatchObject({
      problem: 'link_failed',
    });
    expect(sessionView(s('disconnected', 'connect_failed: error 503'))).toMatchObject({ problem: 'refused' });
    const offline = sessionView(s('disconnected', 'unreachable: cannot reach WhatsApp; retrying by itself'));
    expect(offline).toMatchObject({ problem: 'unreachable' });
    expect(canRelink(offline)).toBe(false);
    expect(sessionView(s('disconnected', 'engine_error: boom'))).toMatchObject({ problem: 'other' });
    expect(sessionView(s('logged_out', 'logged_out: unlinked from the phone'))).toEqual({
      kind: 'logged_out',
      detail: 'unlinked from the phone',
    });
  });

  it('offers linking again where that helps, with a new code only where one is needed', () => {
    const expired = sessionView(s('disconnected', 'qr_expired: x'));
    const replaced = sessionView(s('disconnected', 'replaced: elsewhere'));
    expect(canRelink(expired) && needsNewCode(expired)).toBe(true);
    expect(canRelink(replaced)).toBe(true);
    expect(needsNewCode(replaced)).toBe(false);
    expect(canRelink(sessionView(s('logged_out')))).toBe(true);
    expect(canRelink(sessionView(s('disconnected', 'temporary_ban: x')))).toBe(false);
    expect(canRelink(sessionView(s('connecting')))).toBe(false);
  });

  it('splits a reason into its code and its words', () => {
    expect(splitReason('qr_expired: the codes expired; ask')).toEqual([
      'qr_expired',
      'the codes expired; ask',
    ]);
    expect(splitReason('linked; connecting')).toEqual(['', 'linked; connecting']);
    expect(splitReason()).toEqual(['', '']);
  });

  it('counts down in whole seconds, never below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 20_000)).toBe(0);
  });
});
