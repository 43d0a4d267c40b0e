// Customers writing to the shop, against the real engine and the project's fake WhatsApp network
// (a demo build, see e2e/fake-network.ts; the fake's customers really write, encrypted): a reply
// shows under the receipt it answers, counted unread, and in the log; a receipt to someone who
// never wrote waits (the reach-out limit) and goes once they write; "the customer scans a QR":
// the claim's QR, shown full screen and in a second window, then the receipt goes to the number
// that wrote its code. Screenshots in both languages go to test-results/customers-network/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { CUSTOMERS, expect, linkedShop, test as network } from './fake-network';
import type { Server } from './serve';

// A worker of its own (its own fake network and server): this suite turns the reach-out limit on.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };
/** On WhatsApp, but never wrote to the shop. */
const STRANGER = '59174567890';

const shots = resolve(import.meta.dirname, '..', 'test-results', 'customers-network');

async function shot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test.beforeEach(async ({ api, network: fake }) => {
  await linkedShop(api, fake);
});

test('a customer’s reply shows under the receipt, counted unread, and in the log', async ({
  open,
  page,
  api,
  network: fake,
}, testInfo) => {
  const stamp = Date.now();
  const ana = CUSTOMERS[0];
  await api.post('/messages', { to: ana.slice(3), text: `Su comprobante 001 (${stamp})` });
  await expect
    .poll(async () => (await fake.received(ana)).some((m) => m.text?.includes(`(${stamp})`)), NETWORK)
    .toBe(true);
  await open('es');
  await fake.post(`/admin/contacts/${ana}/send`, {
    text: `¿A qué hora abren mañana? (${stamp})`,
    push_name: 'Ana Quispe',
  });
  await expect(page.getByTestId('nav-unread')).toBeVisible(NETWORK);
  const thread = page.getByTestId('replies').filter({ hasText: 'Ana Quispe' }).first();
  await expect(thread.getByTestId('replies-new')).toBeVisible();
  await shot(page, testInfo, 'es-reply-unread');
  await thread.getByRole('button', { name: /Ana Quispe/ }).click();
  await expect(thread.getByTestId('reply').filter({ hasText: `(${stamp})` })).toBeVisible();
  await expect(page.getByTestId('nav-unread')).toHaveCount(0, NETWORK);
  await shot(page, testInfo, 'es-reply-open');
  // Answer: her number in the recipient, and on to the words.
  await thread.getByTestId('reply-answer').first().click();
  await expect(page.getByLabel('Para', { exact: true })).toHaveValue(/7123\s?4567/);
  await expect(page.getByRole('textbox', { name: 'Mensaje' })).toBeFocused();

  await open('en', 'log');
  await page.getByTestId('log-dir-received').click();
  await expect(page.getByTestId('rx-row').filter({ hasText: `(${stamp})` })).toBeVisible();
  await shot(page, testInfo, 'en-log-received');
});

test('a receipt to someone who never wrote waits, and goes once when they write', async ({
  open,
  page,
  network: fake,
}, testInfo) => {
  const text = `Su pedido está listo (${Date.now()})`;
  await fake.post('/admin/contacts', { phone: STRANGER }).catch(() => {});
  await fake.post('/admin/faults/reach-out', { on: true });
  try {
    await open('en');
    await page.getByLabel('To', { exact: true }).fill(STRANGER.slice(3));
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const row = page.getByTestId('recent-row').filter({ hasText: text });
    await expect(row).toContainText('Waiting for the customer', NETWORK);
    await shot(page, testInfo, 'en-waiting');
    await open('es');
    await expect(row).toContainText('Esperando al cliente');
    await shot(page, testInfo, 'es-waiting');

    await fake.post(`/admin/contacts/${STRANGER}/send`, { text: 'Hola, ¿ya está mi pedido?' });
    await expect
      .poll(async () => (await fake.received(STRANGER)).filter((m) => m.text === text).length, NETWORK)
      .toBe(1);
    await expect(row).not.toContainText('Esperando al cliente', NETWORK);
  } finally {
    await fake.post('/admin/faults/reach-out', { on: false });
  }
});

for (const [lang, customer] of [
  ['es', CUSTOMERS[1]],
  ['en', CUSTOMERS[2]],
] as const) {
  test(`${lang}: the customer scans a QR and the receipt goes to the number that wrote its code`, async ({
    open,
    page,
    network: fake,
  }, testInfo) => {
    const words = {
      es: { message: 'Mensaje', show: 'Mostrar el QR', customer: 'Mostrar al cliente', sent: 'Enviado a' },
      en: { message: 'Message', show: 'Show the QR', customer: 'Show to the customer', sent: 'Sent to' },
    }[lang];
    const text = `Gracias por su compra: total Bs 85 (${Date.now()})`;
    await open(lang);
    await page.getByTestId('send-to-qr').click();
    await page.getByRole('textbox', { name: words.message }).fill(text);
    await page.getByRole('button', { name: words.show }).click();
    const panel = page.getByTestId('claim-panel');
    await expect(panel.getByTestId('claim-qr')).toBeVisible(NETWORK);
    const code = ((await panel.getByRole('heading').textContent()) ?? '').replace('Ticket ', '').trim();
    expect(code).toMatch(/^T-[2-9A-Z]{5}$/);
    await shot(page, testInfo, `${lang}-claim-qr`);

    // Full screen for the customer; Esc goes back to the panel, the claim still open.
    await panel.getByRole('button', { name: words.customer }).click();
    await expect(page.getByTestId('customer-qr')).toBeVisible();
    await shot(page, testInfo, `${lang}-claim-customer-view`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('customer-qr')).toHaveCount(0);
    await expect(panel.getByTestId('claim-qr')).toBeVisible();

    // A second window (a customer-facing monitor) follows the same code.
    const [second] = await Promise.all([
      page.waitForEvent('popup'),
      panel.getByTestId('claim-second-screen').click(),
    ]);
    await expect(second.getByTestId('customer-qr')).toBeVisible(NETWORK);

    // The customer's phone sends what the QR prefilled.
    await fake.post(`/admin/contacts/${customer}/send`, { text: `Ticket ${code}` });
    await expect(panel.getByTestId('claim-status')).toContainText(words.sent, NETWORK);
    await expect(second.getByTestId('customer-sent')).toBeVisible(NETWORK);
    await expect
      .poll(async () => (await fake.received(customer)).filter((m) => m.text === text).length, NETWORK)
      .toBe(1);
    await shot(page, testInfo, `${lang}-claim-sent`);
    await second.close();
  });
}
