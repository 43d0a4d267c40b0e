// The service's answer shape, and every failure as an ApiError with a code.
import { describe, expect, it } from 'vitest';
import { readEnvelope, unwrap } from './envelope';
import { ApiError, asApiError } from './errors';

describe('unwrap', () => {
  it('returns data of a success', () => {
    expect(unwrap(200, { success: true, data: { id: 1 } })).toEqual({ id: 1 });
    expect(unwrap(200, { success: true, data: null })).toBeNull();
  });

  it('throws the service’s code and message', () => {
    const body = { success: false, error: { code: 'INVALID_RECIPIENT', message: '"7123" is too short' } };
    expect(() => unwrap(400, body)).toThrowError(ApiError);
    try {
      unwrap(400, body);
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_RECIPIENT', message: '"7123" is too short', status: 400 });
    }
  });

  it('treats anything else as a bad response', () => {
    for (const body of [null, 'text', { success: true }, { success: false }, { data: 1 }]) {
      expect(() => unwrap(200, body)).toThrowError(expect.objectContaining({ code: 'BAD_RESPONSE' }));
    }
  });

  it('reads a fetch Response; a non-JSON body is a bad response', async () => {
    const ok = new Response(JSON.stringify({ success: true, data: 5 }), { status: 202 });
    await expect(readEnvelope(ok)).resolves.toBe(5);
    const html = new Response('<html>', { status: 502 });
    await expect(readEnvelope(html)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });
});

describe('asApiError', () => {
  it('turns fetch failures into NETWORK and keeps ApiErrors', () => {
    expect(asApiError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
    const e = new ApiError('NOT_CONNECTED', 'x', 503);
    expect(asApiError(e)).toBe(e);
    expect(asApiError('weird').code).toBe('BAD_RESPONSE');
  });
});
