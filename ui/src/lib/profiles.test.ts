// How the linked numbers read: a taken-offline number says so, a refusal about a number is
// said in the shop's words by what was being done, and a new number gets a colour not in use.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import { nextColor, profileErrorText, stateKey, stateTone, viewOf, COLORS } from './profiles';
import { prefs } from './state/prefs.svelte';

describe('linked numbers', () => {
  it('reads a number taken offline from the app as offline, not as a problem', () => {
    const v = viewOf({
      state: 'disconnected',
      since: 1,
      actions: ['reconnect'],
      reason: { code: 'stopped_by_app', detail: 'taken offline' },
    });
    expect(v).toEqual({ kind: 'offline' });
    expect(stateKey(v)).toBe('chip.stopped');
    expect(stateTone(v)).toBe('off');
    expect(stateKey(viewOf({ state: 'connected', since: 1, actions: [] }))).toBe('chip.linked');
    expect(stateKey(null)).toBe('chip.connecting');
  });

  it('says refusals by what was being done', () => {
    prefs.lang = 'en';
    const taken = new ApiError('INVALID_STATE', 'the name is taken', 409);
    expect(profileErrorText(taken, 'add')).toBe('Another number already has that name.');
    expect(profileErrorText(taken, 'change')).toBe('Another number already has that name.');
    expect(profileErrorText(new ApiError('INVALID_STATE', 'main', 409), 'remove')).toBe(
      'The main number cannot be removed.',
    );
    expect(profileErrorText(new ApiError('NOT_FOUND', 'no profile p9', 404), 'other')).toBe(
      'There is no such number (was it removed?).',
    );
    prefs.lang = 'es';
    expect(profileErrorText(taken, 'add')).toBe('Otro número ya tiene ese nombre.');
    // A bad colour: the general sentence with the service's own words.
    expect(profileErrorText(new ApiError('VALIDATION_ERROR', 'color must be #rrggbb', 400), 'add')).toContain(
      'color must be #rrggbb',
    );
  });

  it('offers a colour no number has yet', () => {
    expect(nextColor([])).toBe(COLORS[0]);
    expect(nextColor([{ color: COLORS[0]!.toUpperCase() }, { color: '' }])).toBe(COLORS[1]);
  });
});
