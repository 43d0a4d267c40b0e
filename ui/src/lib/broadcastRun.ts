// Sends a broadcast one line at a time, a few in flight, with pause, resume and cancel.
// Each line has its own Idempotency-Key, so a line retried after a network error is sent once.

import type { Attachment, Backend } from './api/backend';
import { type ApiError, asApiError } from './api/errors';
import type { Message, MessageUpdate, Status } from './api/types';
import { applyUpdate } from './status';

export interface Line {
  to: string;
  text: string;
  /** Shown in the progress list. */
  label: string;
}

export type LineState =
  | { step: 'waiting' }
  | { step: 'submitting' }
  | { step: 'queued'; message: Message }
  | { step: 'rejected'; code: string }
  | { step: 'skipped' };

export type RunState = 'ready' | 'running' | 'paused' | 'done' | 'cancelled';

export interface Snapshot {
  state: RunState;
  lines: LineState[];
  /** Lines handed to the service (accepted or rejected). */
  submitted: number;
  total: number;
  /** Waiting for earlier messages to leave the queue before adding more. */
  throttled: boolean;
}

export interface RunDeps {
  send: Backend['send'];
  cancel: Backend['cancel'];
  /** Messages of this broadcast that may wait in the service's queue at once. */
  window?: number;
  /** Waits before retrying a line after a network error, by attempt. */
  retryDelays?: number[];
  sleep?: (ms: number) => Promise<void>;
  onChange: (s: Snapshot) => void;
}

export interface Tally {
  /** Not yet handed over, or waiting in the service's queue. */
  waiting: number;
  sent: number;
  delivered: number;
  /** Read or played. */
  read: number;
  /** Failed, or refused by the service. */
  failed: number;
  /** Cancelled, or never sent because the broadcast was. */
  cancelled: number;
}

/** How many lines are where, for the progress tiles. */
export function tally(s: Snapshot): Tally {
  const c: Tally = { waiting: 0, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0 };
  for (const l of s.lines) {
    if (l.step === 'waiting' || l.step === 'submitting') c.waiting++;
    else if (l.step === 'rejected') c.failed++;
    else if (l.step === 'skipped') c.cancelled++;
    else {
      const st = l.message.status;
      if (st === 'queued' || st === 'sending') c.waiting++;
      else if (st === 'sent') c.sent++;
      else if (st === 'delivered') c.delivered++;
      else if (st === 'read' || st === 'played') c.read++;
      else if (st === 'failed') c.failed++;
      else c.cancelled++;
    }
  }
  return c;
}

/** Errors worth retrying with the same key: the request may not have arrived. By code as well
 *  as by HTTP status, since the desktop app's IPC errors have no status. */
const TRANSIENT = ['NETWORK', 'RATE_LIMITED', 'BUSY', 'INTERNAL', 'NOT_CONNECTED', 'TIMEOUT', 'ENGINE_ERROR'];
function transient(e: ApiError): boolean {
  return TRANSIENT.includes(e.code) || e.status >= 500;
}

const IN_FLIGHT: Status[] = ['queued', 'sending'];

export class BroadcastRun {
  private state: RunState = 'ready';
  private lines: LineState[];
  private next = 0;
  private wake: (() => void) | null = null;
  private throttled = false;
  private readonly window: number;
  private readonly delays: number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly items: Line[],
    /** Goes with every line: its bytes each time, or its path for the desktop app to read. */
    private readonly file: Attachment | undefined,
    /** Unique per broadcast; line keys are `<runId>-<line>`. */
    private readonly runId: string,
    private readonly deps: RunDeps,
  ) {
    this.lines = items.map(() => ({ step: 'waiting' }));
    this.window = deps.window ?? 3;
    this.delays = deps.retryDelays ?? [1000, 2000, 5000, 10000];
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  snapshot(): Snapshot {
    const submitted = this.lines.filter((l) => l.step === 'queued' || l.step === 'rejected').length;
    return {
      state: this.state,
      lines: [...this.lines],
      submitted,
      total: this.items.length,
      throttled: this.throttled,
    };
  }

  private changed() {
    this.deps.onChange(this.snapshot());
  }

  private poke() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private inFlight(): number {
    return this.lines.filter(
      (l) => l.step === 'submitting' || (l.step === 'queued' && IN_FLIGHT.includes(l.message.status)),
    ).length;
  }

  /** Starts, or resumes after a pause. Resolves when the run is done, cancelled or paused. */
  async start(): Promise<void> {
    if (this.state !== 'ready' && this.state !== 'paused') return;
    this.state = 'running';
    this.changed();
    while (this.state === 'running' && this.next < this.items.length) {
      if (this.inFlight() >= this.window) {
        this.throttled = true;
        this.changed();
        await new Promise<void>((r) => (this.wake = r));
        this.throttled = false;
        continue;
      }
      const settled = await this.submit(this.next);
      if ((this.state as RunState) === 'cancelled') {
        // Cancelled while this line was on its way: take it back too.
        await this.takeBack(this.next);
        this.changed();
        return;
      }
      if (settled) this.next += 1;
    }
    if (this.state === 'running') {
      this.state = 'done';
      this.changed();
    }
  }

  /** Hands line `i` to the service; false if it must be tried again (paused mid-retry). */
  private async submit(i: number): Promise<boolean> {
    const item = this.items[i];
    if (!item) return true;
    this.lines[i] = { step: 'submitting' };
    this.changed();
    for (let attempt = 0; ; attempt++) {
      try {
        const message = await this.deps.send(
          { to: item.to, text: item.text, file: this.file },
          { idempotencyKey: `${this.runId}-${i + 1}` },
        );
        this.lines[i] = { step: 'queued', message };
        this.changed();
        return true;
      } catch (e) {
        const err = asApiError(e);
        if (!transient(err)) {
          this.lines[i] = { step: 'rejected', code: err.code };
          this.changed();
          return true;
        }
        if (this.state !== 'running') {
          this.lines[i] = { step: this.state === 'cancelled' ? 'skipped' : 'waiting' };
          this.changed();
          return false;
        }
        await this.sleep(this.delays[Math.min(attempt, this.delays.length - 1)] ?? 1000);
      }
    }
  }

  /** A status pushed by the service for one of this run's messages. */
  update(u: MessageUpdate): void {
    const i = this.lines.findIndex((l) => l.step === 'queued' && l.message.id === u.id);
    const line = this.lines[i];
    if (!line || line.step !== 'queued') return;
    const message = applyUpdate(line.message, u);
    if (message === line.message) return;
    this.lines[i] = { step: 'queued', message };
    this.changed();
    this.poke();
  }

  /** Stops adding lines; what is already queued still goes out. */
  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.changed();
    this.poke();
  }

  /** Stops, and takes back the messages still waiting in the service's queue. */
  async cancel(): Promise<void> {
    if (this.state === 'cancelled') return;
    this.state = 'cancelled';
    this.lines = this.lines.map((l) => (l.step === 'waiting' ? { step: 'skipped' } : l));
    this.changed();
    this.poke();
    for (const i of this.lines.keys()) await this.takeBack(i);
    this.changed();
  }

  private async takeBack(i: number): Promise<void> {
    const l = this.lines[i];
    if (l?.step !== 'queued' || l.message.status !== 'queued') return;
    try {
      this.lines[i] = { step: 'queued', message: await this.deps.cancel(l.message.id) };
    } catch {
      // Already handed to WhatsApp: it goes out, and its status keeps updating.
    }
  }
}
