// The broadcast being written or sent; kept here so it survives moving between screens.

import type { Attachment } from '../api/backend';
import { BroadcastRun, type Line, type Snapshot } from '../broadcastRun';
import { newIdempotencyKey } from '../compose';
import { backend, catchUp, onMessageUpdate } from './app.svelte';

export const draft = $state({
  list: '',
  template: '',
  file: undefined as Attachment | undefined,
});

export const progress = $state({ snap: null as Snapshot | null, labels: [] as string[] });

let run: BroadcastRun | null = null;
let following: (() => void) | null = null;

export function startBroadcast(lines: Line[], file: Attachment | undefined): void {
  following ??= onMessageUpdate((u) => run?.update(u));
  progress.labels = lines.map((l) => l.label);
  run = new BroadcastRun(lines, file, newIdempotencyKey('difusion'), {
    send: async (m, o) => catchUp(await backend().send(m, o)),
    cancel: (id) => backend().cancel(id),
    onChange: (s) => (progress.snap = s),
  });
  void run.start();
}

export function pauseBroadcast(): void {
  run?.pause();
}

export function resumeBroadcast(): void {
  void run?.start();
}

export async function cancelBroadcast(): Promise<void> {
  await run?.cancel();
}

/** Back to writing a new broadcast (the finished one's results are dropped). */
export function resetBroadcast(): void {
  run = null;
  progress.snap = null;
  progress.labels = [];
}
