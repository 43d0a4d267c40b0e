// Session states and reasons as the pairing screen shows them.
import { describe, expect, it } from 'vitest';
import { canRelink, secondsLeft, sessionView } from './session';

const s = (state: Parameters<typeof sessionView>[0]['state'], reason?: string) => ({
  state,
  since: 0,
  reason,
});

describe('sessionView', () => {
  it('maps states and the engine’s reasons', () => {
    expect(sessionView({ ...s('connected'), phone: '+591', name: 'Tienda' })).toEqual({
      kind: 'linked',
      phone: '+591',
      name: 'Tienda',
    });
    expect(sessionView(s('pairing')).kind).toBe('pairing');
    expect(sessionView(s('disconnected', 'qr_expired: the QR codes expired')).kind).toBe('expired');
    expect(sessionView(s('disconnected', 'no WhatsApp engine is configured')).kind).toBe('no_engine');
    expect(sessionView(s('disconnected', 'connection lost (x); reconnecting')).kind).toBe('reconnecting');
    expect(sessionView(s('disconnected', 'temporary_ban: blocked'))).toMatchObject({ problem: 'banned' });
    expect(sessionView(s('disconnected', 'linking failed: x'))).toMatchObject({ problem: 'link_failed' });
    expect(sessionView(s('logged_out', 'logged out')).kind).toBe('logged_out');
  });

  it('offers new codes only where that helps', () => {
    expect(canRelink(sessionView(s('disconnected', 'qr_expired: x')))).toBe(true);
    expect(canRelink(sessionView(s('logged_out')))).toBe(true);
    expect(canRelink(sessionView(s('disconnected', 'temporary_ban: x')))).toBe(false);
    expect(canRelink(sessionView(s('connecting')))).toBe(false);
  });

  it('counts down in whole seconds, never below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 20_000)).toBe(0);
  });
});
