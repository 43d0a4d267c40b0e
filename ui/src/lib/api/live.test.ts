// The service's SSE bodies as LiveEvents.
import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from './live';

describe('parseLiveEvent', () => {
  it('reads a contact book change, one contact or many', () => {
    expect(parseLiveEvent('contacts', '{"type":"contacts","id":"ct_1"}')).toEqual({
      type: 'contacts',
      id: 'ct_1',
    });
    expect(parseLiveEvent('contacts', '{"type":"contacts"}')).toEqual({ type: 'contacts', id: undefined });
  });

  it('reads session, qr, message and settings events, dropping the type tag', () => {
    expect(
      parseLiveEvent(
        'session',
        '{"type":"session","state":"connected","phone":"+591","since":1,"actions":["logout"]}',
      ),
    ).toEqual({
      type: 'session',
      session: { state: 'connected', phone: '+591', since: 1, actions: ['logout'] },
    });
    expect(parseLiveEvent('qr', '{"type":"qr","code":"2@abc","expires_at":5}')).toEqual({
      type: 'qr',
      qr: { code: '2@abc', expires_at: 5 },
    });
    expect(
      parseLiveEvent(
        'message',
        '{"type":"message","id":"m","whatsapp_id":"w","status":"sent","attempts":1,"at":2,"revision":3}',
      ),
    ).toEqual({
      type: 'message',
      update: { id: 'm', whatsapp_id: 'w', status: 'sent', attempts: 1, at: 2, revision: 3 },
    });
    expect(
      parseLiveEvent(
        'settings',
        '{"type":"settings","default_country":"AR","pacing_ms":1000,"jitter_ms":500,"max_attempts":5,"locked":["pacing_ms"]}',
      ),
    ).toEqual({
      type: 'settings',
      settings: {
        default_country: 'AR',
        pacing_ms: 1000,
        jitter_ms: 500,
        max_attempts: 5,
        locked: ['pacing_ms'],
      },
    });
  });

  it('reads a webhook event as the webhook it carries', () => {
    expect(
      parseLiveEvent(
        'webhook',
        '{"type":"webhook","id":"wh_1","url":"https://pos.example/h","events":["*"],"enabled":true,"health":"failing","failing_since":5,"created_at":1,"updated_at":2}',
      ),
    ).toEqual({
      type: 'webhook',
      webhook: {
        id: 'wh_1',
        url: 'https://pos.example/h',
        events: ['*'],
        enabled: true,
        health: 'failing',
        failing_since: 5,
        created_at: 1,
        updated_at: 2,
      },
    });
    expect(parseLiveEvent('webhook', '{"type":"webhook","id":"wh_1"}')).toBeNull();
  });

  it('turns a lag notice into a resync and ignores the unknown', () => {
    expect(parseLiveEvent('resync', '12')).toEqual({ type: 'resync' });
    expect(parseLiveEvent('session', 'not json')).toBeNull();
    expect(parseLiveEvent('other', '{}')).toBeNull();
    expect(parseLiveEvent('message', '{"id":"m"}')).toBeNull();
    expect(parseLiveEvent('settings', '{"type":"settings","pacing_ms":1}')).toBeNull();
  });
});
