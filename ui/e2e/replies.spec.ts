// Customers' replies against a real `mostrador serve` (no customer can write to it here: the
// fake network cannot send yet): the log's direction switch, the received view's empty state in
// both languages, the "All" view with the shop's own message, and no unread badge in the nav.
import { fakeReceived } from './fake-replies';
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

test('replies under a receipt: unread count, opened and seen, Answer fills the recipient', async ({
  open,
  page,
  api,
}) => {
  const m = await api.post<{ id: string }>('/messages', { to: '71234567', text: 'Su comprobante 002' });
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/read')) seen.push(r.url().split('/').at(-2)!);
  });
  await fakeReceived(page, m.id);
  await open('es');
  await expect(page.getByTestId('nav-unread')).toContainText('2');
  const thread = page.getByTestId('replies').filter({ hasText: 'Ana Quispe' });
  await expect(thread.getByTestId('replies-new')).toHaveText('2 nuevas');
  await thread.getByRole('button', { name: /Ana Quispe/ }).click();
  await expect(thread.getByTestId('reply')).toHaveCount(3);
  // The newest unread one: the service marks Ana's earlier ones too.
  await expect.poll(() => seen).toEqual(['r3']);
  await expect(page.getByTestId('nav-unread')).toHaveCount(0);
  await expect(thread.getByTestId('replies-new')).toHaveCount(0);

  await thread.getByTestId('reply-answer').click();
  await expect(page.getByLabel('Para', { exact: true })).toHaveValue(/71234567/);
  await expect(page.getByRole('textbox', { name: 'Mensaje' })).toBeFocused();
});
