// Broadcasts (batches) as the service has them: split out of ../types.ts by area, re-exported there.

import type { Content, Status } from '../types';

/** A batch's (broadcast's) state, as the service decides it. */
export type BatchStatus = 'running' | 'paused' | 'cancelled' | 'done';

/** A broadcast owned by the service (`GET /batches/{id}`). */
export interface Batch {
  id: string;
  name: string;
  status: BatchStatus;
  /** The message as validated, placeholders not yet filled in. */
  template: Content;
  /** Recipients in the batch. */
  total: number;
  /** Items per message status; statuses with none are left out. */
  counts: Partial<Record<Status, number>>;
  /** Items no longer waiting to be handed to WhatsApp, 0 to `total`. */
  finished: number;
  /** The number (profile id) that sends it; empty or absent: the main number. */
  profile?: string;
  pacing_ms?: number;
  jitter_ms?: number;
  send_at?: number;
  created_at: number;
  started_at?: number;
  finished_at?: number;
  /** The service's estimate of the time the items left take at the current pace, ms. */
  estimated_ms_left?: number;
}

/** A batch's progress changed (the event `batch`). */
export interface BatchUpdate {
  id: string;
  status: BatchStatus;
  total: number;
  finished: number;
  at: number;
}

/** One recipient (or CSV data row, from 0) the service refused, and why. */
export interface RowError {
  index: number;
  code: string;
  message: string;
}

/** `POST /batches`'s answer: the batch, and the rows left out (with `skip_invalid`). */
export interface BatchAccepted {
  batch: Batch;
  rejected: RowError[];
}
