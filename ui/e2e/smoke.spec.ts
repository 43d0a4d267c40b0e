// First UI checks against a real `mostrador serve --engine none` (messages stay queued):
// the key handshake, compose validation in both languages (the service reads the numbers), a
// sent message in the log.
import { expect, test } from './harness';

test('takes the key from the fragment and clears it from the address bar', async ({ open, page }) => {
  await open('es');
  expect(page.url()).not.toContain('key=');
  await expect(page.getByRole('heading', { name: 'Enviar un mensaje' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'WhatsApp Solo cola' })).toBeVisible();
});

test('asks for the key when there is none, and refuses a wrong one', async ({ page, server }) => {
  await page.goto(server.url);
  const field = page.getByLabel(/Clave de la API|API key/);
  await field.fill('not-the-key');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await field.fill(server.key);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation')).toBeVisible();
});

const texts = {
  es: {
    to: 'Para',
    message: 'Mensaje',
    short: 'El número es demasiado corto.',
    notValid: 'Ese no es un número de teléfono. ¿Es de otro país? Empiece con su código, como +52.',
    empty: 'Escriba un mensaje o adjunte un archivo.',
  },
  en: {
    to: 'To',
    message: 'Message',
    short: 'The number is too short.',
    notValid: 'That is not a phone number. From another country? Start with its code, like +52.',
    empty: 'Write a message or attach a file.',
  },
} as const;

for (const lang of ['es', 'en'] as const) {
  test(`compose explains what is wrong (${lang})`, async ({ open, page }) => {
    const s = texts[lang];
    await open(lang);
    await page.getByLabel(s.to, { exact: true }).fill('7123');
    await page.getByLabel(s.message, { exact: true }).fill('Hola');
    await page.keyboard.press('Enter');
    await expect(page.getByText(s.short)).toBeVisible();

    // Eight digits, Bolivia's length, but no Bolivian number starts so: the service says so.
    await page.getByLabel(s.to, { exact: true }).fill('12345678');
    await expect(page.getByText(s.notValid)).toBeVisible();

    await page.getByLabel(s.to, { exact: true }).fill('71234567');
    await page.getByLabel(s.message, { exact: true }).fill('');
    await page.keyboard.press('Enter');
    await expect(page.getByText(s.empty)).toBeVisible();
  });
}

test('a sent message is queued and shows in the log with its status', async ({ open, page, api }) => {
  await open('es');
  const text = `Prueba e2e ${Date.now()}`;
  await page.getByLabel('Para', { exact: true }).fill('7123 4567');
  // As the service writes it (its phone library), not as typed.
  await expect(page.getByText('✓ +591 71234567')).toBeVisible();
  await page.getByLabel('Mensaje', { exact: true }).fill(text);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('status').getByText('El mensaje para +591 71234567 está en camino.'),
  ).toBeVisible();
  // The form is ready for the next customer.
  await expect(page.getByLabel('Para', { exact: true })).toHaveValue('');

  const page1 = await api.get<{ items: { to: string; status: string; content: { text?: string } }[] }>(
    `/messages?q=${encodeURIComponent('e2e')}`,
  );
  expect(page1.items.find((m) => m.content.text === text)).toMatchObject({
    to: '+59171234567',
    status: 'queued',
  });

  await page.getByRole('link', { name: 'Registro' }).click();
  const row = page.getByRole('row').filter({ hasText: text });
  // The log holds E.164; the service writes it for people.
  await expect(row).toContainText('+591 71234567');
  await expect(row).toContainText('En cola');

  await page.getByRole('searchbox', { name: 'Buscar mensajes' }).fill('nada-que-ver');
  await expect(page.getByText('Ningún mensaje coincide con estos filtros.')).toBeVisible();
});

test('a lost service shows a calm banner, and the page recovers by itself', async ({
  open,
  page,
  server,
}) => {
  await open('en');
  await server.pause();
  const banner = page.getByRole('status').filter({ hasText: 'Mostrador is not answering on this PC.' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('button', { name: 'WhatsApp Service unreachable' })).toBeVisible();
  await server.resume();
  await expect(page.getByText('Connected again.')).toBeVisible({ timeout: 15_000 });
  await expect(banner).toBeHidden();
  await expect(page.getByRole('button', { name: 'WhatsApp Queue only' })).toBeVisible();
});

test('a broadcast is checked by the service row by row, then waits for WhatsApp and can be cancelled', async ({
  open,
  page,
  api,
}) => {
  const name = `Pan ${Date.now()}`;
  await open('es', 'broadcast');
  await page.getByLabel('Nombre de la difusión').fill(name);
  const list = page.getByLabel(/Destinatarios —/);
  await list.fill('71111111, Ana\n72222222, Luis\n71111111, Ana otra vez\n123, malo\n73333333');
  await expect(page.getByText('revise la línea 4')).toBeVisible();
  await page.getByLabel('Mensaje', { exact: true }).fill('Hola {nombre}, 2x1 en pan.');
  await expect(page.getByTestId('bc-preview')).toContainText('Hola Ana, 2x1 en pan.');

  // One submit: the service refuses the repeated and the bad line, by line; nothing is stored.
  await page.getByRole('button', { name: 'Enviar difusión' }).click();
  const rows = page.getByRole('alert').filter({ hasText: 'Corrija estas líneas' });
  await expect(rows.getByRole('listitem')).toHaveText([
    'Línea 3: Este número ya está en la lista.',
    'Línea 4: Ese número no es válido.',
  ]);
  expect((await api.get<{ items: { name: string }[] }>('/batches')).items.map((b) => b.name)).not.toContain(
    name,
  );

  await list.fill('71111111, Ana\n72222222, Luis\n73333333');
  await page.getByRole('button', { name: 'Enviar difusión' }).click();
  // No engine: the service keeps it, waiting for WhatsApp.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('Esperando que WhatsApp se conecte…')).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '3');

  await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancelar difusión' }).click();
  await expect(page.getByText('Cancelada', { exact: true }).first()).toBeVisible();
  const past = page.getByRole('button').filter({ hasText: name });
  await expect(past).toContainText('Cancelada');

  const log = await api.get<{ items: { to: string; status: string; content: { text?: string } }[] }>(
    `/messages?q=${encodeURIComponent('pan')}`,
  );
  const mine = log.items.filter((m) => m.content.text?.includes('2x1 en pan'));
  expect(mine.map((m) => [m.to, m.status]).sort()).toEqual([
    ['+59171111111', 'cancelled'],
    ['+59172222222', 'cancelled'],
    ['+59173333333', 'cancelled'],
  ]);
  expect(mine.find((m) => m.to === '+59171111111')?.content.text).toBe('Hola Ana, 2x1 en pan.');
});
