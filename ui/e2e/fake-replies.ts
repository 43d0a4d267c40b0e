// Made-up customers' replies for screenshots against a server with no engine: the page's REST
// calls for `/received` are answered here (a text, a document, one already seen), linked to a
// real message of the shop's. Real replies, written by the fake network's phones, are proven in
// customers-network.spec.ts.
import type { Page } from '@playwright/test';

interface Received {
  id: string;
  whatsapp_id: string;
  from: string;
  push_name?: string;
  kind: string;
  text?: string;
  file_name?: string;
  mime_type?: string;
  size?: number;
  at: number;
  received_at: number;
  in_reply_to?: string;
  read: boolean;
}

function replies(to: string, now: number): Received[] {
  const r = (id: string, ago: number, p: Partial<Received>): Received => ({
    id,
    whatsapp_id: `W${id}`,
    from: '+59171234567',
    push_name: 'Ana Quispe',
    kind: 'text',
    at: now - ago,
    received_at: now - ago,
    in_reply_to: to,
    read: false,
    ...p,
  });
  return [
    r('r3', 60_000, { text: '¿A qué hora abren mañana? Quiero pasar a recoger el pedido.' }),
    r('r2', 120_000, {
      kind: 'document',
      text: 'Le mando mi NIT',
      file_name: 'nit-ana.pdf',
      mime_type: 'application/pdf',
      size: 48_000,
    }),
    r('r1', 180_000, { text: '¡Gracias!', read: true }),
  ];
}

/** Answers the page's `/received` calls with three replies from Ana to message `to`; marking
 *  one seen marks her earlier ones too, as the service does. */
export async function fakeReceived(page: Page, to: string) {
  const list = replies(to, Date.now());
  const ok = (data: unknown) => ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ success: true, data }),
  });
  await page.route(/\/api\/v1\/received(\?.*)?$/, (route) => {
    const unread = new URL(route.request().url()).searchParams.get('unread') === 'true';
    return route.fulfill(ok({ items: unread ? list.filter((r) => !r.read) : list }));
  });
  await page.route(/\/api\/v1\/received\/unread$/, (route) =>
    route.fulfill(ok({ unread: list.filter((r) => !r.read).length })),
  );
  // Seen: that customer's earlier ones too, as the service does.
  await page.route(/\/api\/v1\/received\/[^/]+\/read$/, (route) => {
    const id = route.request().url().split('/').at(-2);
    const seen = list.find((r) => r.id === id)!;
    for (const r of list) if (r.from === seen.from && r.at <= seen.at) r.read = true;
    return route.fulfill(ok(seen));
  });
  await page.route(/\/api\/v1\/messages\/[^/]+\/replies/, (route) =>
    route.fulfill(ok({ items: route.request().url().includes(to) ? list : [] })),
  );
}
