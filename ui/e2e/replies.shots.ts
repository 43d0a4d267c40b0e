// Not a test: screenshots of customers' replies in both languages (`npm run shots`; files go
// to shots/): the Send screen's recent list with replies under a receipt (one opened), the
// nav's unread badge, and the log's received and All views. This server has no engine, so its
// `/received` answers are made up by the page's routes, linked to a real message of the shop's
// (e2e/fake-replies.ts); customers-network.spec.ts screenshots real ones.
import { expect, test } from './harness';
import { fakeReceived } from './fake-replies';

for (const lang of ['es', 'en'] as const) {
  test(`replies ${lang}`, async ({ open, page, api }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const m = await api.post<{ id: string }>('/messages', {
      to: '71234567',
      text: 'Gracias por su compra, adjuntamos su comprobante.',
    });
    await api.post('/messages', { to: '72345678', text: 'Su pedido está listo para recoger.' });
    await fakeReceived(page, m.id);
    await open(lang);
    await expect(page.getByTestId('nav-unread')).toBeVisible();
    await expect(page.getByTestId('replies').first()).toBeVisible();
    await page.screenshot({ path: `shots/${lang}-replies-recent.png` });
    await page.evaluate(() => (location.hash = '#/log'));
    await page.getByTestId('log-dir-received').click();
    await expect(page.getByTestId('rx-row').first()).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `shots/${lang}-log-received.png` });
    await page.getByTestId('log-dir-all').click();
    await expect(page.getByTestId('all-row').first()).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `shots/${lang}-log-all.png` });

    await page.evaluate(() => (location.hash = '#/compose'));
    await page.getByTestId('replies').first().getByRole('button').first().click();
    await expect(page.getByTestId('reply').first()).toBeVisible();
    await page.screenshot({ path: `shots/${lang}-replies-open.png` });

    await page.setViewportSize({ width: 1024, height: 600 });
    await page.evaluate(() => (location.hash = '#/compose'));
    await page.waitForTimeout(300);
    await page.screenshot({ path: `shots/${lang}-1024-replies-recent.png` });
  });
}

test('replies dark, narrow', async ({ open, page, api }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 880, height: 600 });
  const m = await api.post<{ id: string }>('/messages', { to: '71234567', text: 'Su comprobante 003' });
  await fakeReceived(page, m.id);
  await open('es');
  await expect(page.getByTestId('nav-unread')).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'shots/dark-880-replies-recent.png' });
  await page.evaluate(() => (location.hash = '#/log'));
  await page.getByTestId('log-dir-received').click();
  await expect(page.getByTestId('rx-row').first()).toBeVisible();
  await page.screenshot({ path: 'shots/dark-880-log-received.png' });
});
