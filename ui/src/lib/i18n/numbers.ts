// The service's reasons a number is not (yet) a recipient, said in the UI's language.

import type { NumberProblem } from '../api/types';
import { t } from './index.svelte';

export function problemText(p: NumberProblem): string {
  switch (p) {
    case 'empty':
      return t('to.err.empty');
    case 'letters':
      return t('to.err.letters');
    case 'too_short':
      return t('to.err.short');
    case 'too_long':
      return t('to.err.long');
    case 'not_valid':
      return t('to.err.notValid');
    case 'bad_group':
      return t('to.err.group');
  }
}
