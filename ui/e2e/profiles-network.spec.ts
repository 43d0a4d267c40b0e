// A second linked number (profile) run from the UI, against the real engine and the project's
// fake WhatsApp network (a demo build, see e2e/fake-network.ts): add it on the WhatsApp screen,
// its own QR shows and the demo phone links it, choose it in "Send from" and send a message
// that a customer receives, the log names the number on each row (sent and received) and
// filters by it, rename and recolour it, take it offline and back, and remove it (its queued
// message cancelled, the count said). The fake has one shop account: the second number is a
// second linked device of it (and what customers write reaches the first device only).
// Screenshots in both languages go to test-results/profiles-network/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { CUSTOMERS, expect, linkedShop, test as network } from './fake-network';
import type { Server } from './serve';

// A worker of its own (its own fake network and server): this suite adds and removes numbers.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.setTimeout(180_000);
const NETWORK = { timeout: 60_000 };
const shots = resolve(import.meta.dirname, '..', 'test-results', 'profiles-network');

async function shot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

interface Profile {
  id: string;
  name: string;
  session: { state: string };
}

test('a second number: added, linked by the demo phone, sent from, filtered, offline, removed', async ({
  open,
  page,
  api,
  network: fake,
}, testInfo) => {
  await linkedShop(api, fake);
  const customer = CUSTOMERS[1];
  const name = 'Entregas';

  // Added on the WhatsApp screen: its own QR shows at once.
  await open('es', 'link');
  const numbers = page.getByTestId('numbers');
  await expect(numbers.getByTestId('number-row')).toHaveCount(1);
  await numbers.getByTestId('number-name').fill(name);
  await numbers.getByRole('button', { name: 'Agregar', exact: true }).click();
  await expect(
    page.getByRole('status').getByText(`Se agregó ${name}. Vincule su teléfono ahora.`),
  ).toBeVisible();
  const id = (await api.get<Profile[]>('/profiles')).find((p) => p.name === name)!.id;
  expect(id).not.toBe('default');
  const row = numbers.locator(`[data-testid=number-row][data-profile="${id}"]`);
  const state = row.getByTestId('number-state');
  await expect(page.getByTestId('pair-profile')).toHaveText(`WhatsApp de ${name}`);
  await expect(page.getByTestId('pair-qr')).toBeVisible(NETWORK);
  await expect(state).toHaveAttribute('data-state', 'pairing');
  // The same name again is refused in the shop's words.
  await numbers.getByTestId('number-name').fill(name.toUpperCase());
  await numbers.getByRole('button', { name: 'Agregar', exact: true }).click();
  await expect(numbers.getByRole('alert')).toHaveText('Otro número ya tiene ese nombre.');
  await numbers.getByTestId('number-name').fill('');
  await shot(page, testInfo, 'es-number-qr');

  // The demo phone scans this number's QR: linked; the main number stays linked.
  await page.getByRole('button', { name: 'Escanear con el teléfono demo' }).click();
  await expect(state).toHaveAttribute('data-state', 'connected', NETWORK);
  await expect(page.getByRole('heading', { name: 'Vinculado como' })).toBeVisible();
  expect((await api.get<{ state: string }>('/session')).state).toBe('connected');

  // "Send from": chosen in the nav, the status chip follows it, and Send goes from it.
  const from = page.getByTestId('profile-switcher');
  await expect(from.getByRole('radio')).toHaveCount(2);
  await from.locator('label', { hasText: name }).click();
  await expect(from.getByRole('radio', { name: new RegExp(name) })).toBeChecked();
  await expect(page.getByRole('button', { name: new RegExp(`WhatsApp · ${name}`) })).toBeVisible();
  await page.getByTestId('nav-compose').click();
  const text = `Su pedido sale hoy en reparto (${Date.now()})`;
  await page.getByLabel('Para', { exact: true }).fill(customer.slice(3));
  await page.getByLabel('Mensaje', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Enviar', exact: true }).click();
  await expect(page.getByRole('status').getByText(/está en camino/)).toBeVisible();
  await expect
    .poll(async () => (await fake.received(customer)).some((m) => m.text === text), NETWORK)
    .toBe(true);
  const sent = await api.get<{ items: { profile: string; content: { text?: string } }[] }>(
    `/messages?profile=${id}`,
  );
  expect(sent.items.find((m) => m.content.text === text)?.profile).toBe(id);

  // The main number's message, for the log to tell them apart.
  const mainText = `Desde el número principal (${Date.now()})`;
  await api.post('/messages', { to: customer, text: mainText });

  // The log: each row names its number; filtered by number.
  await page.getByTestId('nav-log').click();
  const mine = page.getByTestId('log-row').filter({ hasText: text });
  const theirs = page.getByTestId('log-row').filter({ hasText: mainText });
  await expect(mine.getByTestId('profile-chip')).toHaveText(name, NETWORK);
  await expect(theirs.getByTestId('profile-chip')).toHaveText('Principal');
  await page.getByTestId('log-profile').selectOption(id);
  await expect(theirs).toHaveCount(0);
  await expect(mine).toHaveCount(1);
  await shot(page, testInfo, 'es-log-by-number');
  await page.getByTestId('log-profile').selectOption('');
  await expect(theirs).toHaveCount(1);

  // What a customer writes is named by the number it reached, and the received view filters
  // by number too. Like WhatsApp, the fake gives it to every device of the account: both
  // numbers here are devices of the one fake account, so each keeps its own copy.
  const asked = `¿Llega hoy? (${Date.now()})`;
  await fake.post(`/admin/contacts/${customer}/send`, { text: asked, push_name: 'Luis' });
  await page.getByRole('radio', { name: 'Recibidos' }).click();
  const rx = page.getByTestId('rx-row').filter({ hasText: asked });
  await expect(rx).toHaveCount(2, NETWORK);
  await page.getByTestId('rx-profile').selectOption(id);
  await expect(rx).toHaveCount(1);
  await expect(rx.getByTestId('profile-chip')).toHaveText(name);
  await page.getByTestId('rx-profile').selectOption('');
  await expect(rx).toHaveCount(2);
  await page.getByRole('radio', { name: 'Enviados' }).click();

  // Offline and back, from its row.
  await page.getByTestId('nav-link').click();
  await row.getByRole('button', { name: 'Desconectar' }).click();
  await expect(state).toHaveText('Fuera de línea', NETWORK);
  await expect(page.getByRole('heading', { name: 'Este número está fuera de línea' })).toBeVisible();
  await shot(page, testInfo, 'es-number-offline');
  await row.getByRole('button', { name: 'Conectar' }).click();
  await expect(state).toHaveAttribute('data-state', 'connected', NETWORK);

  // In English: the numbers and the log.
  await open('en', 'link');
  await expect(page.getByRole('heading', { name: 'Numbers' })).toBeVisible();
  await expect(state).toHaveAttribute('data-state', 'connected', NETWORK);
  await expect(
    page.getByTestId('profile-switcher').getByRole('radio', { name: new RegExp(name) }),
  ).toBeChecked();
  await shot(page, testInfo, 'en-numbers');
  // Renamed and recoloured from its row: "Send from" and the log follow.
  const renamed = 'Reparto';
  await row.getByRole('button', { name: 'Rename' }).click();
  await row.getByLabel('Name', { exact: true }).fill(renamed);
  await row.getByLabel('Colour', { exact: true }).fill('#c62828');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByRole('button', { name: renamed })).toBeVisible();
  await expect(row.locator('.dot')).toHaveCSS('background-color', 'rgb(198, 40, 40)');
  await expect(
    page.getByTestId('profile-switcher').getByRole('radio', { name: new RegExp(renamed) }),
  ).toBeChecked();
  await page.getByTestId('nav-log').click();
  await expect(mine.getByTestId('profile-chip')).toHaveText(renamed, NETWORK);
  // The message's details name its number too.
  await mine.getByRole('button', { name: /\+591/ }).click();
  await expect(page.getByRole('dialog').getByTestId('profile-chip')).toHaveText(renamed);
  await shot(page, testInfo, 'en-log-detail');
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-log').click();
  await shot(page, testInfo, 'en-log');
  // A narrow window: the nav keeps only icons, "Send from" only the colours.
  await page.setViewportSize({ width: 860, height: 768 });
  await expect(page.getByTestId('profile-switcher').getByRole('radio')).toHaveCount(2);
  await shot(page, testInfo, 'en-narrow');
  await page.setViewportSize({ width: 1366, height: 768 });

  // Offline again, with a message waiting for it: removing it (asked first) cancels that one.
  // ("Add a number…" in "Send from" leads to the numbers.)
  await page.getByTestId('profile-switcher').getByRole('button', { name: 'Add a number…' }).click();
  await expect(numbers).toBeVisible();
  await row.getByRole('button', { name: 'Take offline' }).click();
  await expect(state).toHaveText('Offline', NETWORK);
  await api.post('/messages', { to: customer, text: 'Queda en cola', profile: id });
  await row.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${renamed}?` });
  await expect(dialog).toContainText('waiting to be sent will be cancelled');
  await shot(page, testInfo, 'en-remove-confirm');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(
    page.getByRole('status').getByText(`${renamed} was removed. 1 message waiting to be sent was cancelled.`),
  ).toBeVisible(NETWORK);
  await expect(row).toHaveCount(0);
  // One number again: no switcher; Send goes from the main number.
  await expect(page.getByTestId('profile-switcher')).toHaveCount(0);
  expect((await api.get<Profile[]>('/profiles')).map((p) => p.id)).toEqual(['default']);
  await shot(page, testInfo, 'en-removed');
  // With one number, Settings still offers to add another.
  await page.getByTestId('nav-settings').click();
  const add = page.getByTestId('settings-add-number');
  await add.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'en-settings');
  await add.click();
  await expect(numbers.getByTestId('number-name')).toBeVisible();
});
