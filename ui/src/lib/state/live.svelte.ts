// A list of messages that stays current: loaded from the log, then moved along by live events.

import type { LogQuery } from '../api/backend';
import type { Message, MessageUpdate, Page } from '../api/types';
import { applyUpdate, isNew, needsReread } from '../status';
import { backend, catchUp, onMessageUpdate, onResync } from './app.svelte';
import { PagedList } from './paged.svelte';

export class LiveList extends PagedList<Message, LogQuery> {
  constructor(private readonly options: { watchNew?: boolean } = {}) {
    super();
  }

  /** Starts following events; returns the function that stops it (call on unmount). */
  follow(): () => void {
    const a = onMessageUpdate((u) => this.update(u));
    const b = onResync(() => void this.reload());
    return () => {
      a();
      b();
    };
  }

  protected fetch(query: LogQuery): Promise<Page<Message>> {
    return backend().messages(query);
  }

  /** A message this screen just sent goes on top at once. */
  prepend(sent: Message): void {
    if (this.items.some((x) => x.id === sent.id)) return;
    const m = catchUp(sent);
    this.items.unshift(m);
    const limit = this.query.limit;
    if (limit && this.items.length > limit && !this.nextCursor) this.items.length = limit;
  }

  private update(u: MessageUpdate): void {
    const i = this.items.findIndex((m) => m.id === u.id);
    const m = this.items[i];
    if (m) {
      const next = applyUpdate(m, u);
      if (next === m) return;
      this.items[i] = next;
      if (needsReread(u)) void this.reread(u.id);
    } else if (this.options.watchNew && isNew(u)) {
      this.fresh += 1;
    }
  }

  /** The message as the service has it now (its new time or words, which no event carries). */
  private async reread(id: string): Promise<void> {
    try {
      this.replace(await backend().message(id));
    } catch {
      // Out of reach: the next event or a resync reads it again.
    }
  }

  /** Puts the service's answer in place, unless a newer copy (a later event) is there. */
  replace(m: Message): void {
    const i = this.items.findIndex((x) => x.id === m.id);
    const current = this.items[i];
    if (current && m.revision >= current.revision) this.items[i] = m;
  }
}
