// Empties the contact book through the REST API: the contact suites share a server with the
// others, and leave it as they found it (an opted-out contact would change their broadcasts).
import type { APIRequestContext } from '@playwright/test';
import type { Api } from './harness';
import type { Server } from './serve';

export async function emptyBook(api: Api, request: APIRequestContext, server: Server): Promise<void> {
  for (;;) {
    const page = await api.get<{ items: { id: string }[] }>('/contacts?limit=500');
    if (page.items.length === 0) return;
    for (const c of page.items) {
      await request.delete(`${server.url}/api/v1/contacts/${c.id}`, { headers: { 'X-API-Key': server.key } });
    }
  }
}
