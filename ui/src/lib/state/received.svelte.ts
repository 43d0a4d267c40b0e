// The log's received view: what customers wrote, page by page (newest first), kept current by
// `received` events (seen ones change in place; new ones are offered with a "show" prompt).

import type { Backend, ReceivedQuery } from '../api/backend';
import type { Received } from '../api/types';
import { upsertReceived } from '../replies';

export class ReceivedList {
  items: Received[] = $state([]);
  loading = $state(false);
  error: unknown = $state(null);
  nextCursor: string | undefined = $state(undefined);
  /** Arrived since the list was read (a "show new" prompt). */
  fresh = $state(0);

  private query: ReceivedQuery = {};
  private seq = 0;

  constructor(private readonly backend: () => Backend) {}

  /** Follows the backend's events; returns the function that stops it (call on unmount). */
  follow(): () => void {
    return this.backend().subscribe((e) => {
      if (e.type === 'received') this.heard(e.received);
      else if (e.type === 'resync') void this.reload();
    });
  }

  async load(query: ReceivedQuery): Promise<void> {
    this.query = query;
    await this.reload();
  }

  async reload(): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const page = await this.backend().inbox.list({ ...this.query, cursor: undefined });
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
      const page = await this.backend().inbox.list({ ...this.query, cursor: this.nextCursor });
      if (seq !== this.seq) return;
      const known = new Set(this.items.map((r) => r.id));
      this.items.push(...page.items.filter((r) => !known.has(r.id)));
      this.nextCursor = page.next_cursor;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
  }

  /** Puts the service's newer word about one in place (marked seen here). */
  replace(r: Received): void {
    if (this.items.some((x) => x.id === r.id)) this.items = upsertReceived(this.items, r);
  }

  private heard(r: Received): void {
    if (this.items.some((x) => x.id === r.id)) this.replace(r);
    else if (!r.read) this.fresh += 1;
    // Marking one seen marks that customer's earlier ones too: shown as the service says.
    if (r.read) {
      for (const x of this.items) if (x.from === r.from && !x.read && x.at <= r.at) void this.reread(x.id);
    }
  }

  private async reread(id: string): Promise<void> {
    try {
      this.replace(await this.backend().inbox.get(id));
    } catch {
      // The next event or a resync reads it again.
    }
  }
}
