// A list of messages that stays current: loaded from the log, then moved along by live events.

import type { LogQuery } from '../api/backend';
import type { Message, MessageUpdate } from '../api/types';
import { applyUpdate, isNew, needsReread } from '../status';
import { backend, catchUp, onMessageUpdate, onResync } from './app.svelte';

export class LiveList {
  items: Message[] = $state([]);
  loading = $state(false);
  error: unknown = $state(null);
  nextCursor: string | undefined = $state(undefined);
  /** Messages queued since the list was loaded that match it (a "show new" prompt). */
  fresh = $state(0);

  private query: LogQuery = {};
  private seq = 0;

  constructor(private readonly options: { watchNew?: boolean } = {}) {}

  /** Starts following events; returns the function that stops it (call on unmount). */
  follow(): () => void {
    const a = onMessageUpdate((u) => this.update(u));
    const b = onResync(() => void this.reload());
    return () => {
      a();
      b();
    };
  }

  async load(query: LogQuery): Promise<void> {
    this.query = query;
    await this.reload();
  }

  async reload(): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const page = await backend().messages({ ...this.query, cursor: undefined });
      if (seq !== this.seq) return;
      this.items = page.items;
      this.nextCursor = page.next_cursor;
      this.error = null;
      this.fresh = 0;
    } catch (e) {
      if (seq === this.seq) this.error = e;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  async more(): Promise<void> {
    if (!this.nextCursor || this.loading) return;
    const seq = this.seq;
    this.loading = true;
    try {
      const page = await backend().messages({ ...this.query, cursor: this.nextCursor });
      if (seq !== this.seq) return;
      const known = new Set(this.items.map((m) => m.id));
      this.items.push(...page.items.filter((m) => !known.has(m.id)));
      this.nextCursor = page.next_cursor;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
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
