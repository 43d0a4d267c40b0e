// Customers' replies against a real `mostrador serve` with no engine (nobody can write to it
// here): the log's direction switch, the received view's empty state in both languages, the "All"
// view with the shop's own message, and no unread badge in the nav. Real customers' replies, from
// the fake network's phones, are in customers-network.spec.ts.
import { expect, test } from './harness';

test('the log shows received (none yet), and all with the shop’s message, in both languages', async ({
  open,
  page,
  api,
}) => {
  const text = `Gracias por su compra (${Date.now()})`;
  await api.post('/messages', { to: '71234567', text });
  expect((await api.get<{ items: unknown[] }>('/received')).items).toEqual([]);

  await open('es', 'log');
  await expect(page.getByRole('heading', { name: 'Registro de mensajes' })).toBeVisible();
  await expect(page.getByTestId('nav-unread')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Recibidos' }).click();
  await expect(page.getByText('Ningún cliente le escribió todavía al negocio.')).toBeVisible();
  await page.getByLabel('Solo sin leer').check();
  await expect(page.getByText('Nada recibido coincide con estos filtros.')).toBeVisible();

  await page.getByRole('radio', { name: 'Todos' }).click();
  await expect(page.getByTestId('all-row').filter({ hasText: text })).toHaveAttribute('data-dir', 'sent');

  await page.getByRole('radio', { name: 'Enviados' }).click();
  await expect(page.getByTestId('log-row').filter({ hasText: text })).toBeVisible();

  await open('en', 'log');
  await page.getByRole('radio', { name: 'Received' }).click();
  await expect(page.getByText('No customer has written to the shop yet.')).toBeVisible();
});
