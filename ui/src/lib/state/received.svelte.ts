// The log's received view: what customers wrote, page by page (newest first), kept current by
// `received` events (seen ones change in place; new ones are offered with a "show" prompt).

import type { Backend, ReceivedQuery } from '../api/backend';
import type { Page, Received } from '../api/types';
import { upsertReceived } from '../replies';
import { PagedList } from './paged.svelte';

export class ReceivedList extends PagedList<Received, ReceivedQuery> {
  constructor(private readonly backend: () => Backend) {
    super();
  }

  /** Follows the backend's events; returns the function that stops it (call on unmount). */
  follow(): () => void {
    return this.backend().subscribe((e) => {
      if (e.type === 'received') this.heard(e.received);
      else if (e.type === 'resync') void this.reload();
    });
  }

  protected fetch(query: ReceivedQuery): Promise<Page<Received>> {
    return this.backend().inbox.list(query);
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
