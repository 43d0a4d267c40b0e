// A group change refused, in the shop's words: WhatsApp's "not an admin" said for groups, any
// other error as the app says it everywhere.

import { asApiError } from './api/errors';
import { errorDetail, errorText } from './i18n/errors';
import { t } from './i18n/index.svelte';

export function groupErrorText(e: unknown): string {
  if (asApiError(e).code === 'FORBIDDEN') return t('ga.notAdmin');
  return [errorText(e), errorDetail(e)].filter(Boolean).join(' ');
}
