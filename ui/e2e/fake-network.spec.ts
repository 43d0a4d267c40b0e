// The UI against the real WhatsApp engine and the project's fake WhatsApp network (a `demo`
// build, see e2e/fake-network.ts): link by scanning the QR on the page, send a PDF receipt and
// see it delivered and read, find it in the log, send to a group, switch language. One
// shop's day in order (serial: each step builds on the one before). A screenshot of every step
// goes to test-results/fake-network/.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { CUSTOMERS, expect, GROUPS, SHOP, test, type Received } from './fake-network';

test.describe.configure({ mode: 'serial' });
// Every step waits on a real (debug-build) engine talking to the fake network: generous on
// a busy two-core CI machine; nothing here waits longer than it has to.
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };

// Playwright empties test-results/ when a run starts; these are the last run's.
const shots = resolve(import.meta.dirname, '..', 'test-results', 'fake-network');

async function shot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

const pdfPath = resolve(import.meta.dirname, 'fixtures', 'recibo-001.pdf');
const pdf = readFileSync(pdfPath);
const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
const caption = 'Comprobante de su compra 001';
const groupText = `Mañana abrimos a las 9. Gracias por preferirnos (${Date.now()})`;

/** The QR strings the page was given, by the PNG it shows for them. */
function watchQrCodes(page: Page): Map<string, string> {
  const codes = new Map<string, string>();
  page.on('response', async (res) => {
    if (!res.url().endsWith('/api/v1/session/qr') || !res.ok()) return;
    const body = (await res.json().catch(() => null)) as {
      data?: { code: string; png_base64: string };
    } | null;
    if (body?.data) codes.set(`data:image/png;base64,${body.data.png_base64}`, body.data.code);
  });
  return codes;
}

test('1. pair by scanning: the fake phone scans the QR on the page, which then shows linked', async ({
  open,
  page,
  api,
  network,
}, testInfo) => {
  const codes = watchQrCodes(page);
  await open('en', 'link');
  const qr = page.getByRole('img', { name: 'QR code to link WhatsApp' });
  await expect(qr).toBeVisible(NETWORK);
  await expect(page.getByRole('button', { name: 'WhatsApp Waiting for scan' })).toBeVisible();
  // A demo build says so on every screen.
  await expect(page.getByRole('navigation').getByText('DEMO', { exact: true })).toBeVisible();
  await shot(page, testInfo, '1a-pairing-qr');

  // The phone "reads" the QR on screen: the image shown is the one the page fetched for a
  // code; that code is what a camera would decode. A code can rotate between reading and
  // scanning, so read the screen again if the phone refuses it.
  let linked = false;
  for (let attempt = 1; !linked; attempt++) {
    const src = await qr.getAttribute('src');
    await expect.poll(() => codes.has(src ?? '')).toBe(true);
    const code = codes.get(src ?? '') ?? '';
    expect(code, 'a WhatsApp QR: ref,noise key,identity key,adv secret,…').toMatch(/^[^,]+(,[^,]+){3,}$/);
    try {
      await network.post('/admin/scan', { qr: code });
      linked = true;
    } catch (e) {
      if (attempt === 3) throw e;
      await expect(qr).not.toHaveAttribute('src', src ?? '', NETWORK);
    }
  }

  await expect(page.getByRole('heading', { name: 'Linked as' })).toBeVisible(NETWORK);
  // The number (and the account's name), here and in the link chip under the menu.
  await expect(page.getByText(/^\+591 70000001 \(.+\)$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'WhatsApp +591 70000001' })).toBeVisible();
  const session = await api.get<{ state: string; phone?: string }>('/session');
  expect(session).toMatchObject({ state: 'connected', phone: `+${SHOP}` });
  await shot(page, testInfo, '1b-linked');
});

let receipt: { id: string; whatsapp_id: string } | undefined;

test('2. compose and send a PDF receipt: delivered, then read, and the customer has the file', async ({
  open,
  page,
  api,
  network,
}, testInfo) => {
  const customer = CUSTOMERS[0];
  // The customer's phone acknowledges what arrives; reading it is a separate, later act.
  await network.post('/admin/auto-receipts', { delivered: true, read: false });

  await open('es', 'compose');
  await page.getByLabel('Para', { exact: true }).fill('7123 4567');
  await expect(page.getByText('✓ +591 71234567')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Adjuntar' }).click();
  await (await chooser).setFiles(pdfPath);
  await expect(page.getByText('recibo-001.pdf')).toBeVisible();
  await page.getByLabel('Texto (opcional)', { exact: true }).fill(caption);
  await shot(page, testInfo, '2a-compose-pdf');
  await page.getByRole('button', { name: 'Enviar', exact: true }).click();
  await expect(
    page.getByRole('status').getByText('El mensaje para +591 71234567 está en camino.'),
  ).toBeVisible();

  const item = page.getByRole('listitem').filter({ hasText: caption });
  await expect(item).toContainText('Entregado', NETWORK);
  await shot(page, testInfo, '2b-delivered');

  // What the customer's phone got: the same file, byte for byte.
  let got: Received | undefined;
  await expect
    .poll(async () => {
      got = (await network.received(customer)).find((m) => m.caption === caption);
      return got;
    }, NETWORK)
    .toBeDefined();
  expect(got).toMatchObject({
    kind: 'document',
    file_name: 'recibo-001.pdf',
    mime_type: 'application/pdf',
    media_sha256: pdfSha256,
    media_len: pdf.length,
    media_error: null,
    group: null,
  });

  const sent = (
    await api.get<{
      items: { id: string; whatsapp_id: string; status: string; content: { caption?: string } }[];
    }>('/messages?limit=10')
  ).items.find((m) => m.content.caption === caption);
  expect(sent).toMatchObject({ status: 'delivered', whatsapp_id: got?.id });
  receipt = sent;

  // The customer opens it: the blue ticks follow.
  await network.post('/admin/receipts', { phone: customer, id: got?.id, kind: 'read' });
  await expect(item).toContainText('Leído', NETWORK);
  await shot(page, testInfo, '2c-read');
});

test('3. find it in the log with the search box', async ({ open, page }, testInfo) => {
  expect(receipt, 'step 2 sent the receipt').toBeDefined();
  await open('es', 'log');
  const search = page.getByRole('searchbox', { name: 'Buscar mensajes' });
  const rows = page.getByRole('table').getByRole('row');

  await search.fill('nada-que-ver');
  await expect(page.getByText('Ningún mensaje coincide con estos filtros.')).toBeVisible();

  // By the file's name, as a cashier looking for a customer's receipt would.
  await search.fill('recibo');
  const row = rows.filter({ hasText: caption });
  await expect(row).toBeVisible();
  await expect(rows).toHaveCount(2); // the header and the receipt
  await expect(row).toContainText('+591 71234567');
  await expect(row).toContainText('Documento');
  await expect(row).toContainText('Leído');
  await shot(page, testInfo, '3a-log-search');

  await row.getByRole('button', { name: '+591 71234567' }).click();
  const detail = page.getByRole('dialog');
  await expect(detail).toContainText('recibo-001.pdf');
  await expect(detail).toContainText(caption);
  await shot(page, testInfo, '3b-log-detail');
});

test('4. send to a group from the Groups screen: its members receive it', async ({
  open,
  page,
  api,
  network,
}, testInfo) => {
  const group = GROUPS.staff;
  await open('en', 'groups');
  const pick = page.getByRole('button', { name: new RegExp(`^${group.name}`) });
  await expect(pick).toBeVisible(NETWORK);
  // Participants: the customers and the shop's own number.
  await expect(pick).toContainText(`${group.members.length + 1} members`);
  await expect(page.getByRole('button', { name: new RegExp(`^${GROUPS.regulars.name}`) })).toContainText(
    `${GROUPS.regulars.members.length + 1} members`,
  );
  await pick.click();
  await expect(page.getByRole('heading', { name: `To ${group.name}` })).toBeVisible();
  await page.getByLabel('Message', { exact: true }).fill(groupText);
  await shot(page, testInfo, '4a-group-compose');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('status').getByText(`Message for ${group.name} is on its way.`)).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: groupText });
  await expect(item).toContainText(group.name);
  // The server has it (members' receipts may move it further).
  await expect(item).toContainText(/Sent|Delivered|Read/, NETWORK);

  const groups = await api.get<{ jid: string; name: string }[]>('/groups');
  const jid = groups.find((g) => g.name === group.name)?.jid;
  expect(jid).toBeTruthy();
  for (const member of group.members) {
    await expect
      .poll(async () => (await network.received(member)).find((m) => m.text === groupText), NETWORK)
      .toMatchObject({ kind: 'text', group: jid });
  }
  // Not to anyone outside it.
  const outsider = CUSTOMERS.find((c) => !(group.members as readonly string[]).includes(c)) ?? '';
  expect((await network.received(outsider)).find((m) => m.text === groupText)).toBeUndefined();
  await shot(page, testInfo, '4b-group-sent');

  // The log names the group, not just "Group".
  await open('en', 'log');
  const logged = page.getByRole('table').getByRole('row').filter({ hasText: groupText });
  await expect(logged).toContainText(group.name);
});

test('5. switch language: Spanish to English and back', async ({ open, page }, testInfo) => {
  await open('es', 'settings');
  const nav = page.getByRole('navigation');
  await expect(page.getByRole('heading', { name: 'Ajustes', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Registro' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Español' })).toBeChecked();
  await shot(page, testInfo, '5a-settings-es');

  await page.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Registro' })).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, testInfo, '5b-settings-en');

  // The live data speaks it too: the receipt's status in the log.
  await nav.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByRole('heading', { name: 'Message log' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: caption })).toContainText('Read');
  await shot(page, testInfo, '5c-log-en');

  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { name: 'Ajustes', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Registro' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await shot(page, testInfo, '5d-settings-es-again');
});
