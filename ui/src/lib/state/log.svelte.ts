// The log's filter by broadcast and its direction (sent, received), kept outside the Log
// screen so a broadcast's "See in log" opens the log already filtered to it.

import type { BatchRef } from '../batches';
import { go } from './route.svelte';

export const logFilter = $state({
  /** Only this broadcast's messages; null: every message. */
  batch: null as BatchRef | null,
  /** The shop's messages, what customers wrote, or both. */
  dir: 'sent' as LogDirection,
});

export type LogDirection = 'sent' | 'received' | 'all';

/** Opens the log showing only this broadcast's messages. */
export function openLogFor(b: BatchRef): void {
  logFilter.batch = { id: b.id, name: b.name };
  go('log');
}
