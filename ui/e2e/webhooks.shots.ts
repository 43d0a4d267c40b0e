// Not a test: screenshots of Settings › Webhooks in both languages (`npm run shots`; files go
// to shots/, which git ignores): one webhook fine (a test sent), one failing (its receiver
// answers 500), one turned off by a 410, the deliveries table open, the add form, and a new
// webhook's secret. A receiver is started here; everything is removed at the end.
import { expect, test } from './harness';
import { startReceiver } from './receiver';

interface Webhook {
  id: string;
  health: string;
}

for (const lang of ['es', 'en'] as const) {
  test(`webhooks ${lang}`, async ({ open, page, api, server, request }) => {
    const receiver = await startReceiver();
    try {
      receiver.answer(500, '/broken');
      receiver.answer(410, '/gone');
      const add = (path: string, events: string[]) =>
        api.post<{ webhook: Webhook }>('/webhooks', { url: `${receiver.origin}${path}`, events });
      const ok = (await add('/pos', ['*'])).webhook;
      const broken = (await add('/broken', ['message.*', 'batch.*'])).webhook;
      await add('/gone', ['message.delivered', 'session.*', 'message.queued']);
      await api.post(`/webhooks/${ok.id}/test`);
      await api.post('/messages', { to: '71234567', text: 'Gracias por su compra.' });
      await expect
        .poll(async () => (await api.get<Webhook[]>('/webhooks')).map((w) => w.health), { timeout: 30_000 })
        .toEqual(['ok', 'failing', 'gone']);

      await page.setViewportSize({ width: 1366, height: 768 });
      await open(lang, 'settings');
      const section = page.getByTestId('webhooks');
      await expect(section.getByTestId('webhook')).toHaveCount(3);
      await expect(section.getByTestId('webhooks-failing')).toBeVisible();
      const items = section.getByTestId('webhook');
      await items.nth(1).getByTestId('webhook-deliveries').locator('summary').click();
      await expect(items.nth(1).getByTestId('webhook-delivery').first()).toBeVisible();
      await items.nth(0).getByTestId('webhook-test').click();
      await expect(items.nth(0).getByTestId('webhook-test-result')).toBeVisible();
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `shots/${lang}-1366-webhooks.png` });
      // The whole section in one picture: a window tall enough to hold it.
      await page.setViewportSize({ width: 1366, height: 1400 });
      await section.screenshot({ path: `shots/${lang}-webhooks-section.png` });
      if (lang === 'es') {
        await page.emulateMedia({ colorScheme: 'dark' });
        await section.screenshot({ path: 'shots/dark-webhooks-section.png' });
        await page.emulateMedia({ colorScheme: 'light' });
      }

      await page.setViewportSize({ width: 1024, height: 600 });
      await section.getByTestId('webhook-add-open').click();
      const form = section.getByTestId('webhook-add');
      await form.getByTestId('webhook-url').fill('https://pos.example.com/mostrador');
      await form.getByRole('checkbox').first().uncheck();
      await form.getByRole('checkbox').nth(2).check();
      await form.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `shots/${lang}-1024-webhooks-add.png` });
      await form.getByRole('button').first().click();
      const secret = section.getByTestId('webhook-secret');
      await expect(secret).toBeVisible();
      await secret.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `shots/${lang}-1024-webhooks-secret.png` });
    } finally {
      for (const w of await api.get<Webhook[]>('/webhooks')) {
        await request.delete(`${server.url}/api/v1/webhooks/${w.id}`, {
          headers: { 'X-API-Key': server.key },
        });
      }
      await receiver.close();
    }
  });
}
