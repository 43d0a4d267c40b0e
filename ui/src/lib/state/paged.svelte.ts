// A list read page by page, newest first: `reload` starts over (an answer to an older reload
// is dropped: a newer query won), `more` adds the next page without repeating what is shown.
// The log's sent and received lists both are one.

import type { Page } from '../api/types';

export abstract class PagedList<T extends { id: string }, Q extends { cursor?: string }> {
  items: T[] = $state([]);
  loading = $state(false);
  error: unknown = $state(null);
  nextCursor: string | undefined = $state(undefined);
  /** Arrived since the list was read, matching it (a "show new" prompt). */
  fresh = $state(0);

  protected query = {} as Q;
  private seq = 0;

  /** One page of the list for `query` (its `cursor` says which). */
  protected abstract fetch(query: Q): Promise<Page<T>>;

  async load(query: Q): Promise<void> {
    this.query = query;
    await this.reload();
  }

  async reload(): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const page = await this.fetch({ ...this.query, cursor: undefined });
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
      const page = await this.fetch({ ...this.query, cursor: this.nextCursor });
      if (seq !== this.seq) return;
      const known = new Set(this.items.map((x) => x.id));
      this.items.push(...page.items.filter((x) => !known.has(x.id)));
      this.nextCursor = page.next_cursor;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
  }
}
