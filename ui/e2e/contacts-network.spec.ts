// The contact book for real, against the fake WhatsApp network (e2e/fake-network.ts): a
// broadcast to a tag reaches the tagged contacts with their own names and not the one who
// opted out, and its progress says why that one was skipped; on the Send screen the To field
// suggests a contact as its name is typed, the keys pick it and the message reaches that
// customer; a send to a number that is not a contact offers to save it, and saving it works.
import { emptyBook } from './book';
import type { Server } from './serve';
import { CUSTOMERS, expect, linkedShop, test as network } from './fake-network';

// A worker of its own (its own fake network and server): this suite links the shop itself.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };
const [ANA, LUIS, EVA] = CUSTOMERS;
const TAG = 'clientes frecuentes';

test.beforeAll(async ({ api, request, server }) => {
  await emptyBook(api, request, server);
  await api.post('/contacts', { phone: `+${ANA}`, name: 'Ana Quispe', tags: ['Clientes Frecuentes'] });
  await api.post('/contacts', { phone: `+${LUIS}`, name: 'Luis Mamani', tags: [TAG], opted_out: true });
});

test.beforeEach(async ({ api, network: fake }) => {
  await linkedShop(api, fake);
});

test('a broadcast to a tag reaches the tagged contacts, skips the one who opted out and says why', async ({
  open,
  page,
  network: fake,
}) => {
  const stamp = Date.now();
  const name = `Frecuentes ${stamp}`;
  await open('es', 'broadcast');
  await page.getByLabel('Nombre de la difusión').fill(name);
  await page.getByLabel('Contactos con una etiqueta').check();
  const tag = page.getByLabel('Etiqueta', { exact: true });
  await expect(tag.getByRole('option', { name: `${TAG}: 2 contactos` })).toBeAttached();
  await tag.selectOption(TAG);
  await page.getByLabel('Mensaje', { exact: true }).fill(`Hola {nombre}, hoy 2x1 (${stamp})`);
  // The first contact with the tag, in name order, shows how it reads.
  await expect(page.getByTestId('bc-preview')).toContainText(`Hola Ana Quispe, hoy 2x1 (${stamp})`);
  await page.getByRole('button', { name: 'Enviar difusión' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.locator('.run-head .state')).toHaveText('Terminada', NETWORK);
  await expect
    .poll(
      async () => (await fake.received(ANA)).filter((m) => m.text?.includes(`(${stamp})`)).map((m) => m.text),
      NETWORK,
    )
    .toEqual([`Hola Ana Quispe, hoy 2x1 (${stamp})`]);
  // Done: whatever was to reach Luis (opted out) or Eva (no tag) would have by now.
  for (const phone of [LUIS, EVA]) {
    expect((await fake.received(phone)).filter((m) => m.text?.includes(`(${stamp})`))).toEqual([]);
  }

  await expect(page.getByTestId('bc-skipped-note')).toContainText('1 sin enviar');
  await page.getByRole('button', { name: 'Ver los mensajes' }).click();
  const items = page.getByRole('list', { name: 'Ver los mensajes' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: '71234567' })).not.toContainText('No se envió');
  await expect(items.filter({ hasText: '72345678' })).toContainText(
    'No se envió: este contacto pidió no recibir difusiones.',
  );
});

test('the To field suggests a contact by name; the keys pick it and the message reaches them', async ({
  open,
  page,
  network: fake,
}) => {
  const text = `Su pedido está listo (${Date.now()})`;
  await open('en', 'compose');
  const to = page.getByRole('combobox', { name: 'To' });
  await to.pressSequentially('ana q');
  const list = page.getByRole('listbox', { name: 'Matching contacts and groups' });
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option').first()).toContainText('Ana Quispe');
  await to.press('ArrowDown');
  await expect(list.getByRole('option', { name: /Ana Quispe/ })).toHaveAttribute('aria-selected', 'true');
  await to.press('Enter');
  await expect(list).toBeHidden();
  await expect(to).toHaveValue(`+${ANA}`);
  await expect(page.locator('#to-status')).toContainText('Ana Quispe · +591 71234567');
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect
    .poll(async () => (await fake.received(ANA)).filter((m) => m.text === text).length, NETWORK)
    .toBe(1);
  // Ana is a contact already: nothing to offer.
  await expect(page.getByTestId('save-offer')).toBeHidden();

  // Groups by name too; Esc closes the list and leaves the draft alone.
  await to.pressSequentially('frecuentes');
  await expect(list.getByRole('option', { name: /Clientes frecuentes/ })).toContainText('Group');
  await to.press('Escape');
  await expect(list).toBeHidden();
  await expect(to).toHaveValue('frecuentes');
  await to.fill('');
});

test('a send to a number that is not a contact offers to save it', async ({
  open,
  page,
  api,
  network: fake,
}) => {
  const text = `Gracias por su compra (${Date.now()})`;
  await open('en', 'compose');
  await page.getByRole('combobox', { name: 'To' }).fill(EVA.slice(3));
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect
    .poll(async () => (await fake.received(EVA)).filter((m) => m.text === text).length, NETWORK)
    .toBe(1);
  const offer = page.getByTestId('save-offer');
  await expect(offer).toContainText('+591 73456789 is not in your contacts.');
  await offer.getByRole('button', { name: 'Save as contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await expect(dialog.getByLabel('WhatsApp number')).toHaveValue(`+${EVA}`);
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Eva Condori');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(offer).toBeHidden();
  const saved = await api.get<{ items: { phone: string; name: string }[] }>(`/contacts?q=${EVA}`);
  expect(saved.items).toEqual([expect.objectContaining({ phone: `+${EVA}`, name: 'Eva Condori' })]);
});
