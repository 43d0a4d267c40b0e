// One error type for every backend failure: the service's `{code, message}`, or a UI-side code.

import type { RowError } from './types';

/** Codes the UI adds to the service's own (see src-tauri/crates/core/src/error.rs). */
export const UI_CODES = ['NETWORK', 'UNSUPPORTED', 'BAD_RESPONSE'] as const;

export class ApiError extends Error {
  constructor(
    /** Stable and machine-readable, e.g. `INVALID_RECIPIENT`, or one of UI_CODES. */
    readonly code: string,
    /** The service's English sentence, for logs; people see the translated code. */
    message: string,
    /** HTTP status when there was an answer; 0 otherwise. */
    readonly status = 0,
    /** `INVALID_ROWS`: each refused row of a batch (nothing was stored). */
    readonly rows: RowError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Any thrown value as an ApiError (a fetch TypeError is a network failure). */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof DOMException && e.name === 'AbortError') {
    return new ApiError('NETWORK', 'the request was cancelled');
  }
  if (e instanceof TypeError) return new ApiError('NETWORK', e.message);
  return new ApiError('BAD_RESPONSE', e instanceof Error ? e.message : String(e));
}

export function unsupported(what: string): ApiError {
  return new ApiError('UNSUPPORTED', `${what} is not supported by this service yet`);
}
