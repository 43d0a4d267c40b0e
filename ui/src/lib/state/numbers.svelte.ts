// How the service writes numbers the screens already hold in E.164 (the log, the recent list,
// a message's detail, the linked phone): asked in one call for all those a screen shows, kept
// for the session. The number shows as it is stored until the service answers.

import { SvelteMap } from 'svelte/reactivity';
import { MAX_PARSE, type Parse } from '../numbers';
import { backend } from './app.svelte';

export class NumberBook {
  /** E.164 → as the service writes it (the same when it had no better way). */
  private readonly known = new SvelteMap<string, string>();
  /** Asked for, or waiting to be (plain sets: filled while a screen renders). */
  private readonly wanted = new Set<string>();
  private readonly asked = new Set<string>();
  private scheduled = false;

  constructor(private readonly parse: Parse) {}

  /** `+59171234567` as people write it, e.g. `+591 71234567`; as given until known. */
  display(e164: string): string {
    const shown = this.known.get(e164);
    if (shown !== undefined) return shown;
    if (!this.asked.has(e164)) {
      this.wanted.add(e164);
      this.asked.add(e164);
      this.soon();
    }
    return e164;
  }

  /** Every number asked for while a screen renders goes in the same call. */
  private soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = [...this.wanted].slice(0, MAX_PARSE);
    for (const n of batch) this.wanted.delete(n);
    if (this.wanted.size > 0) this.soon();
    try {
      const answers = await this.parse(batch);
      batch.forEach((n, i) => this.known.set(n, answers[i]?.display ?? n));
    } catch {
      // Unreachable: the numbers stay as stored, and are asked again when next shown.
      for (const n of batch) this.asked.delete(n);
    }
  }
}

const book = new NumberBook((numbers) => backend().parseNumbers(numbers));

/** A stored phone number as the service writes it (groups are named by their callers). */
export function phoneDisplay(e164: string): string {
  return book.display(e164);
}

/** Who a message went to, as people say it: a group's name, or the shop's contact's name with
 *  the number, or the number. */
export function recipientOf(
  m: { to: string; contact_name?: string },
  groupNames: Record<string, string>,
  groupWord: string,
): string {
  if (m.to.endsWith('@g.us')) return groupNames[m.to] ?? groupWord;
  return m.contact_name ? `${m.contact_name} · ${phoneDisplay(m.to)}` : phoneDisplay(m.to);
}
