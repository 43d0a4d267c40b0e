// Reads the service's answer shape: `{success:true,data}` or `{success:false,error:{code,message}}`.

import { ApiError } from './errors';
import type { RowError } from './types';

interface Envelope<T> {
  success: boolean;
  data?: T;
  error?: { code?: unknown; message?: unknown; rows?: unknown };
}

/** The `data` of a successful answer; throws an ApiError for anything else. */
export function unwrap<T>(status: number, body: unknown): T {
  const env = body as Envelope<T> | null;
  if (env && typeof env === 'object' && env.success === true && 'data' in env) {
    return env.data as T;
  }
  if (env && typeof env === 'object' && env.success === false && env.error) {
    const code = typeof env.error.code === 'string' ? env.error.code : 'BAD_RESPONSE';
    const message = typeof env.error.message === 'string' ? env.error.message : code;
    const rows = Array.isArray(env.error.rows) ? (env.error.rows as RowError[]) : [];
    throw new ApiError(code, message, status, rows);
  }
  throw new ApiError('BAD_RESPONSE', `unexpected answer (HTTP ${status})`, status);
}

/** Reads a fetch Response as an envelope (a non-JSON body is a BAD_RESPONSE). */
export async function readEnvelope<T>(res: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError('BAD_RESPONSE', `the answer is not JSON (HTTP ${res.status})`, res.status);
  }
  return unwrap<T>(res.status, body);
}
