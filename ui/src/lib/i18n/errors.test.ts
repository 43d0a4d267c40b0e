// An error as people read it: the code's sentence, and the service's own words only where
// that sentence is too general to act on.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { errorDetail, errorText } from './errors';

describe('error details', () => {
  it('keep the service’s words for a general code', () => {
    const e = new ApiError('VALIDATION_ERROR', 'pacing_ms is at most 3600000', 400);
    expect(errorText(e)).toBe('Something in the message is not valid.');
    expect(errorDetail(e)).toBe('pacing_ms is at most 3600000');
  });

  it('add nothing where the sentence says it all, or there was no answer', () => {
    expect(errorDetail(new ApiError('INVALID_RECIPIENT', 'too short', 400))).toBeNull();
    expect(errorDetail(new ApiError('VALIDATION_ERROR', ' ', 400))).toBeNull();
    expect(errorDetail(new TypeError('fetch failed'))).toBeNull();
  });
});
