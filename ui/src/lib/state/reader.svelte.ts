// Reads what is typed (one number, or a pasted list) through the service as typing pauses.
// Only the answer to the latest question is kept: a slow answer to an older one is dropped.

import type { ParsedNumber } from '../api/types';
import { parseAll, type Parse } from '../numbers';

export class NumberReader {
  /** The service's reading of the latest inputs, in their order; null until it answers. */
  parsed: ParsedNumber[] | null = $state(null);
  /** The service could not be asked about the latest inputs (unreachable). */
  unreachable = $state(false);

  private seq = 0;
  private inputs: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Promise<ParsedNumber[] | null> | null = null;

  constructor(
    private readonly parse: Parse,
    private readonly delayMs = 200,
  ) {}

  /** The inputs changed (or the default country did): ask again once typing pauses. */
  read(inputs: string[]): void {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    this.inputs = inputs;
    this.pending = null;
    this.unreachable = false;
    this.parsed = inputs.length === 0 ? [] : null;
    if (inputs.length > 0) this.timer = setTimeout(() => void this.ask(seq), this.delayMs);
  }

  /** The reading of the latest inputs now (Send was pressed): asked at once if typing has not
   *  paused yet, again if the service was out of reach; null when it still cannot be asked. */
  async now(): Promise<ParsedNumber[] | null> {
    if (this.parsed) return this.parsed;
    if (this.pending && !this.unreachable) return this.pending;
    clearTimeout(this.timer);
    return this.ask(this.seq);
  }

  /** Drops whatever is on its way (the screen is going away). */
  stop(): void {
    clearTimeout(this.timer);
    this.seq++;
  }

  private ask(seq: number): Promise<ParsedNumber[] | null> {
    const current = () => seq === this.seq;
    this.unreachable = false;
    const answer = parseAll(this.parse, this.inputs).then(
      (parsed) => {
        if (current()) this.parsed = parsed;
        return parsed;
      },
      () => {
        if (current()) this.unreachable = true;
        return null;
      },
    );
    this.pending = answer;
    return answer;
  }
}
