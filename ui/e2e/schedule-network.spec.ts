// Send later for real: against the fake WhatsApp network (e2e/fake-network.ts), a message
// composed for a few seconds ahead waits as scheduled, nothing reaches the customer before its
// time, then it goes out by itself and the page follows it to delivered.
import type { Server } from './serve';
import { CUSTOMERS, expect, linkedShop, test as network } from './fake-network';

// A worker of its own (its own fake network and server): this suite links the shop itself and
// leaves fake-network.spec.ts its unlinked start, whichever runs first.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.use({ timezoneId: 'America/La_Paz' });
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };

/** `at` (ms) as La Paz's date and time inputs hold it, to the second. */
function laPaz(at: number): { date: string; time: string } {
  const iso = new Date(at - 4 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

test('a message sent a few seconds later waits, then goes out by itself and is delivered', async ({
  open,
  page,
  api,
  network: fake,
}) => {
  const customer = CUSTOMERS[1];
  await linkedShop(api, fake);

  const text = `Su pedido está listo para recoger (${Date.now()})`;
  await open('en', 'compose');
  await page.getByLabel('To', { exact: true }).fill('7234 5678');
  await expect(page.getByText('✓ +591 72345678')).toBeVisible();
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Send later').check();
  // Far enough ahead to see it wait, near enough to see it go.
  const at = laPaz(Date.now() + 8_000);
  await page.getByLabel('Day', { exact: true }).fill(at.date);
  await page.getByLabel('Time', { exact: true }).fill(at.time);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(
    page.getByRole('status').getByText(`Message for +591 72345678 goes today at ${at.time.slice(0, 5)}.`),
  ).toBeVisible();

  const item = page.getByRole('listitem').filter({ hasText: text });
  await expect(item).toContainText('Scheduled');
  const sendAt = Date.parse(`${at.date}T${at.time}-04:00`);
  const stored = (
    await api.get<{ items: { id: string; status: string; send_at?: number; content: { text?: string } }[] }>(
      '/messages?limit=10',
    )
  ).items.find((m) => m.content.text === text);
  expect(stored).toMatchObject({ status: 'scheduled', send_at: sendAt });
  if (Date.now() < sendAt - 1_000) {
    expect((await fake.received(customer)).find((m) => m.text === text)).toBeUndefined();
  }

  // At its time it goes, once, and the page follows it.
  await expect(item).toContainText('Delivered', NETWORK);
  await expect
    .poll(async () => (await fake.received(customer)).filter((m) => m.text === text).length, NETWORK)
    .toBe(1);
  const sent = await api.get<{ status_times: { scheduled?: number; sending?: number } }>(
    `/messages/${stored?.id}`,
  );
  expect(sent.status_times.sending).toBeGreaterThanOrEqual(sendAt);

  await open('en', 'log');
  const row = page.getByRole('row').filter({ hasText: text });
  await expect(row).toContainText('Delivered');
  await row.getByRole('button', { name: '+591 72345678' }).click();
  // Its history keeps when it was scheduled.
  await expect(page.getByRole('dialog').getByRole('listitem').filter({ hasText: 'Scheduled' })).toBeVisible();
});
