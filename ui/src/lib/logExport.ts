// The log's CSV export: every message the filters match (up to 50,000), with the headers,
// kinds, statuses and times in the UI's language, saved as a file.

import type { LogQuery } from './api/backend';
import type { Message } from './api/types';
import { messagesCsv } from './csv';
import { formatFull } from './format';
import { locale, t } from './i18n/index.svelte';
import { backend } from './state/app.svelte';

/** How many were saved; null when the user cancelled the save. */
export async function exportLog(query: LogQuery): Promise<number | null> {
  const all: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend().messages({ ...query, limit: 500, cursor });
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && all.length < 50_000);
  const csv = messagesCsv(all, {
    headers: [
      t('log.col.time'),
      t('log.col.to'),
      t('log.col.kind'),
      t('log.col.content'),
      t('log.col.status'),
      t('log.col.error'),
      'ID',
    ],
    kind: (k) => t(`kind.${k}`),
    status: (s) => t(`status.${s}`),
    time: (ms) => formatFull(ms, locale()),
  });
  const stamp = new Date().toISOString().slice(0, 10);
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  return (await backend().saveFile(`mostrador-${stamp}.csv`, blob)) ? all.length : null;
}
