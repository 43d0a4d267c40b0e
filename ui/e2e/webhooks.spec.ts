// Settings › Webhooks against the real service and a receiver started here: a webhook added in
// the UI shows its secret once, "Send test" reaches the receiver signed (Standard Webhooks
// headers) and shows the 2xx; when the receiver starts answering 500, a message sent over REST
// turns the webhook "failing" on the open page through the `webhook` event (no reload), with a
// warning and a dot on Settings; removal asks first. The service's refusal of an address shows
// in its words. Everything started here is stopped, and the webhooks removed.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './harness';
import { type Receiver, startReceiver } from './receiver';
import type { Server } from './serve';

interface Webhook {
  id: string;
  url: string;
  health: string;
}

let receiver: Receiver | null = null;

test.afterEach(async ({ api, request, server }) => {
  await removeAll(api.get<Webhook[]>('/webhooks'), request, server);
  await receiver?.close();
  receiver = null;
});

/** The server lives as long as the worker: leave it without webhooks for the other suites. */
async function removeAll(list: Promise<Webhook[]>, request: APIRequestContext, server: Server) {
  for (const w of await list) {
    await request.delete(`${server.url}/api/v1/webhooks/${w.id}`, { headers: { 'X-API-Key': server.key } });
  }
}

test('a webhook added in Settings is tested, turns failing live, and is deleted', async ({
  open,
  page,
  api,
}) => {
  receiver = await startReceiver();
  const url = `${receiver.origin}/hooks`;
  await open('en', 'settings');
  const section = page.getByTestId('webhooks');
  await expect(section.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
  await expect(section.getByText('No webhooks yet.')).toBeVisible();

  // The service judges the address: plain http:// to another computer is refused, in its words.
  await section.getByRole('button', { name: 'Add webhook' }).click();
  await section.getByLabel('Address (URL)').fill('http://192.168.1.50/hooks');
  await section.getByRole('button', { name: 'Add', exact: true }).click();
  const refusal = section.getByTestId('webhook-error');
  await expect(refusal).toContainText('The webhook was not added.');
  await expect(refusal).toContainText('Mostrador says: url: plain http://');
  expect(await api.get<Webhook[]>('/webhooks')).toEqual([]);
  // The manager may allow the shop's network (saved as the service's setting); off again here.
  const lan = section.getByTestId('webhooks-lan').getByRole('checkbox');
  const lanSetting = async () => (await api.get<{ webhooks_lan: boolean }>('/settings')).webhooks_lan;
  await lan.check();
  await expect.poll(lanSetting).toBe(true);
  await lan.uncheck();
  await expect.poll(lanSetting).toBe(false);

  // A good one: all events (the default), and its secret shown this once.
  await section.getByLabel('Address (URL)').fill(url);
  await section.getByRole('button', { name: 'Add', exact: true }).click();
  const secret = section.getByTestId('webhook-secret');
  await expect(secret).toContainText('it will not be shown again');
  const value = (await secret.getByTestId('webhook-secret-value').textContent())?.trim() ?? '';
  expect(value).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  const item = section.getByTestId('webhook');
  await expect(item).toHaveCount(1);
  await expect(item.locator('.url')).toHaveText(url);
  await expect(item).toContainText('All events');
  await expect(item.getByTestId('webhook-health')).toHaveText('OK');
  await secret.getByRole('button', { name: 'Done, I copied it' }).click();
  await expect(secret).toHaveCount(0);
  // Nowhere else: not in the service's list either.
  const [stored] = await api.get<Webhook[]>('/webhooks');
  expect(JSON.stringify(stored)).not.toContain(value);
  expect(stored).toMatchObject({ url, health: 'ok' });

  // Send test: the receiver gets a signed webhook.test; the page shows the 2xx.
  await item.getByRole('button', { name: 'Send test' }).click();
  await expect(item.getByTestId('webhook-test-result')).toHaveText(/^Test delivered: HTTP 200 in \d+ ms$/);
  const tests = () => receiver!.hits.filter((h) => h.body.type === 'webhook.test');
  await expect.poll(() => tests().length, { timeout: 10_000 }).toBe(1);
  const hit = tests()[0]!;
  expect(hit.path).toBe('/hooks');
  expect(hit.headers['webhook-id']).toMatch(/^evt_test_/);
  expect(hit.headers['webhook-timestamp']).toMatch(/^\d+$/);
  expect(hit.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
  const deliveries = item.getByTestId('webhook-deliveries');
  await deliveries.getByText('Recent deliveries').click();
  const row = deliveries.getByTestId('webhook-delivery').filter({ hasText: 'webhook.test' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(3)).toHaveText('200');

  // The receiver breaks; a message's events are now answered 500: failing, told by the event.
  receiver.answer(500);
  await api.post('/messages', { to: '71234567', text: 'Gracias por su compra.' });
  await expect
    .poll(() => receiver!.hits.filter((h) => h.body.type?.startsWith('message.')).length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await expect(item.getByTestId('webhook-health')).toHaveText(/^Failing since /, { timeout: 30_000 });
  await expect(item).toHaveAttribute('data-health', 'failing');
  await expect(section.getByTestId('webhooks-failing')).toHaveText(
    '1 webhook is failing. Events wait and are sent again; check that the receiver is running.',
  );
  await expect(page.getByTestId('nav-webhooks-failing')).toBeVisible();
  // The failed attempt is in the table, with the receiver's status, said in the page's language.
  const failed = deliveries
    .getByTestId('webhook-delivery')
    .filter({ hasText: /message\./ })
    .first();
  await expect(failed).toContainText('500');
  await expect(failed.locator('td').nth(5)).toHaveText('The receiver answered 500');

  // Delete asks first; Cancel keeps it.
  await item.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
  await expect(dialog).toContainText(url);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(item).toHaveCount(1);
  await item.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);
  await expect(section.getByText('No webhooks yet.')).toBeVisible();
  await expect(section.getByTestId('webhooks-failing')).toHaveCount(0);
  await expect(page.getByTestId('nav-webhooks-failing')).toHaveCount(0);
  expect(await api.get<Webhook[]>('/webhooks')).toEqual([]);
});

test('a webhook added over REST shows on the open page, in Spanish, and turns off from it', async ({
  open,
  page,
  api,
}) => {
  receiver = await startReceiver();
  await open('es', 'settings');
  const section = page.getByTestId('webhooks');
  await expect(section.getByText('Todavía no hay webhooks.')).toBeVisible();
  // The POS adds one: the page hears of it.
  const url = `${receiver.origin}/pos`;
  await api.post('/webhooks', { url, events: ['message.*', 'session.*'] });
  const item = section.getByTestId('webhook');
  await expect(item).toContainText('Mensajes, Sesión');
  await expect(item.getByTestId('webhook-health')).toHaveText('OK');
  // Turned off here: the service says so, and the badge follows.
  await item.getByRole('switch', { name: `Enviar eventos a ${url}` }).uncheck();
  await expect(item.getByTestId('webhook-health')).toHaveText('Apagado');
  await expect.poll(async () => (await api.get<{ enabled: boolean }[]>('/webhooks'))[0]?.enabled).toBe(false);
});
