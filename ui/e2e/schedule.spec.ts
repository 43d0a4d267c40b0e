// Send later against a real `mostrador serve --engine none` (nothing goes out, so a scheduled
// message stays scheduled): compose one for later, see it in the log with its time, change its
// time and text, cancel it; a time the service refuses is shown in its words; the expire delay
// in Settings, and read-only when fixed at startup. The browser runs in La Paz (-04:00 all
// year), so the offset the page writes is known whatever this machine's zone.
import { expect, test } from './harness';
import { startServer } from './serve';

test.use({ timezoneId: 'America/La_Paz' });

const LA_PAZ_MS = -4 * 3_600_000;

/** The La Paz calendar day `days` from now, as a date input holds it. */
function laPazDay(days: number): string {
  return new Date(Date.now() + LA_PAZ_MS + days * 86_400_000).toISOString().slice(0, 10);
}

/** `24/12`, or `24/12/2027` in another year: how the page says a La Paz day in Spanish. */
function esDay(date: string): string {
  const [y, m, d] = date.split('-');
  return y === laPazDay(0).slice(0, 4) ? `${d}/${m}` : `${d}/${m}/${y}`;
}

interface Stored {
  id: string;
  status: string;
  send_at?: number;
  content: { text?: string };
}

test('a message for later: scheduled with its time, changed, then cancelled', async ({ open, page, api }) => {
  const text = `Su pedido estará listo (${Date.now()})`;
  const changed = `${text} — cambiado`;
  await open('es');
  await page.getByLabel('Para', { exact: true }).fill('7123 4567');
  await expect(page.getByText('✓ +591 71234567')).toBeVisible();
  await page.getByLabel('Mensaje', { exact: true }).fill(text);
  await page.getByLabel('Enviar más tarde').check();

  // Yesterday: the service refuses it, and its words say why.
  await page.getByLabel('Día', { exact: true }).fill(laPazDay(-1));
  await page.getByLabel('Hora', { exact: true }).fill('10:00');
  await page.getByRole('button', { name: 'Programar', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Esa hora no sirve: send_at is in the past/);

  const day = laPazDay(2);
  await page.getByLabel('Día', { exact: true }).fill(day);
  await page.getByLabel('Hora', { exact: true }).fill('18:00');
  await expect(page.getByTestId('when-words')).toHaveText(`Sale el ${esDay(day)} a las 18:00`);
  await page.getByRole('button', { name: 'Programar', exact: true }).click();
  await expect(
    page.getByRole('status').getByText(`El mensaje para +591 71234567 sale el ${esDay(day)} a las 18:00.`),
  ).toBeVisible();
  // The next message goes now unless asked again.
  await expect(page.getByLabel('Enviar más tarde')).not.toBeChecked();

  // The service has the La Paz time, with its offset.
  const find = async () =>
    (await api.get<{ items: Stored[] }>(`/messages?q=${encodeURIComponent('pedido')}`)).items.find((m) =>
      m.content.text?.startsWith(text),
    );
  const stored = await find();
  expect(stored).toMatchObject({ status: 'scheduled', send_at: Date.parse(`${day}T18:00:00-04:00`) });

  // The log: scheduled, with when it goes; the status filter lists it.
  await page.getByRole('link', { name: 'Registro' }).click();
  await page.getByRole('combobox').selectOption({ label: 'Programado' });
  const row = page.getByRole('row').filter({ hasText: text });
  await expect(row).toContainText('Programado');
  await expect(row).toContainText(`Sale el ${esDay(day)} a las 18:00`);
  await expect(page.getByRole('combobox').locator('option')).toContainText(['Programado', 'Vencido']);

  // A new time and new words, from the detail.
  await row.getByRole('button', { name: '+591 71234567' }).click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByTestId('scheduled')).toContainText(`Sale el ${esDay(day)} a las 18:00`);
  await detail.getByRole('button', { name: 'Cambiar hora o texto' }).click();
  await detail.getByLabel('Hora', { exact: true }).fill('19:30');
  await detail.getByLabel('Mensaje', { exact: true }).fill(changed);
  await detail.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(
    page.getByRole('status').getByText(`Cambiado: sale el ${esDay(day)} a las 19:30.`),
  ).toBeVisible();
  await expect(detail.getByTestId('scheduled')).toContainText(`Sale el ${esDay(day)} a las 19:30`);
  await expect(row).toContainText(`Sale el ${esDay(day)} a las 19:30`);
  await expect(row).toContainText(changed);
  expect(await find()).toMatchObject({
    status: 'scheduled',
    send_at: Date.parse(`${day}T19:30:00-04:00`),
    content: { text: changed },
  });

  // Cancelled before its time: it never goes.
  await detail.getByRole('button', { name: 'Cancelar envío' }).click();
  await expect(page.getByRole('status').getByText('Cancelado.')).toBeVisible();
  await expect(detail.getByTestId('scheduled')).toBeHidden();
  expect((await find())?.status).toBe('cancelled');
  await page.getByRole('combobox').selectOption({ label: 'Cancelado' });
  await expect(page.getByRole('row').filter({ hasText: changed })).toContainText('Cancelado');
});

test('a change made elsewhere (the POS) reaches an open log', async ({ open, page, api }) => {
  const text = `Recordatorio de turno (${Date.now()})`;
  const day = laPazDay(3);
  const m = await api.post<Stored>('/messages', {
    to: '+59171234567',
    text,
    send_at: `${day}T09:00:00-04:00`,
  });
  await open('en', 'log');
  const row = page.getByRole('row').filter({ hasText: text });
  await expect(row).toContainText('Scheduled');
  await expect(row).toContainText(/Goes (tomorrow|on .+) at 09:00/);
  // The event carries no time: the page reads the message again.
  await api.patch(`/messages/${m.id}`, { send_at: `${day}T11:15:00-04:00` });
  await expect(row).toContainText(/Goes (tomorrow|on .+) at 11:15/);
  await api.post(`/messages/${m.id}/cancel`);
  await expect(row).toContainText('Cancelled');
});

test('Settings: how late a message sent later may still go, in hours', async ({ open, page, api }) => {
  await open('en', 'settings');
  const hours = page.getByLabel('Still send up to (hours late)');
  await expect(hours).toHaveValue('12');
  try {
    await hours.fill('2');
    await hours.press('Enter');
    await expect
      .poll(async () => (await api.get<{ expire_after_ms: number }>('/settings')).expire_after_ms)
      .toBe(7_200_000);
    // A value the service refuses: its words.
    await hours.fill('0');
    await hours.press('Enter');
    await expect(page.getByRole('alert')).toHaveText(/^Not saved: expire_after_ms must be between/);
    // Changed elsewhere: the screen follows.
    await api.patch('/settings', { expire_after_ms: 10_800_000 });
    await page.reload();
    await expect(page.getByLabel('Still send up to (hours late)')).toHaveValue('3');
  } finally {
    await api.patch('/settings', { expire_after_ms: 43_200_000 });
  }
});

test('Settings: the expire delay fixed at startup is shown read-only', async ({ page }) => {
  const server = await startServer(['--expire-after-ms', '3600000'], { own: true });
  try {
    await page.goto(`${server.url}/#key=${server.key}`);
    await page.evaluate(() => (location.hash = '#/settings'));
    const hours = page.getByTestId('expire_after_ms-hours');
    await expect(hours).toHaveValue('1');
    await expect(hours).toHaveAttribute('readonly', '');
    // Its own section offers no Save (the others, the pace and the customer wait, do).
    const section = page.getByRole('region', { name: /^(Messages sent later|Mensajes programados)$/ });
    await expect(section.getByRole('button', { name: /^(Save|Guardar)$/ })).toHaveCount(0);
    await expect(page.getByTestId('customer_wait_ms-hours')).not.toHaveAttribute('readonly', '');
  } finally {
    await server.stop();
  }
});

test('a broadcast for later: every message waits scheduled for the chosen time', async ({
  open,
  page,
  api,
}) => {
  const name = `Promo ${Date.now()}`;
  await open('es', 'broadcast');
  await page.getByLabel('Nombre de la difusión').fill(name);
  await page.getByLabel(/Destinatarios —/).fill('71111111, Ana\n72222222, Luis');
  await page.getByLabel('Mensaje', { exact: true }).fill('Hola {nombre}, mañana 2x1.');
  await page.getByLabel('Enviar más tarde').check();
  const day = laPazDay(1);
  await page.getByLabel('Día', { exact: true }).fill(day);
  await page.getByLabel('Hora', { exact: true }).fill('09:00');
  await expect(page.getByTestId('when-words')).toContainText('a las 09:00');
  await page.getByRole('button', { name: 'Enviar difusión' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // The service holds each message for that La Paz morning, with its offset.
  const want = Date.parse(`${day}T09:00:00-04:00`);
  await expect
    .poll(async () => {
      const log = await api.get<{ items: (Stored & { to: string })[] }>(
        `/messages?q=${encodeURIComponent('2x1')}`,
      );
      return log.items
        .filter((m) => m.content.text?.includes('mañana 2x1'))
        .map((m) => [m.to, m.status, m.send_at])
        .sort();
    })
    .toEqual([
      ['+59171111111', 'scheduled', want],
      ['+59172222222', 'scheduled', want],
    ]);
  // The server is shared with the other specs, whose Broadcast screen would open on this one.
  const mine = (await api.get<{ items: { id: string; name: string }[] }>('/batches')).items.find(
    (b) => b.name === name,
  );
  await api.post(`/batches/${mine?.id}/cancel`);
});
