// Not a test: screenshots of send later (`npm run shots`; files go to shots/): Compose with the
// picker open, the log with a scheduled and an expired message, the detail of each. An expired
// message needs the PC off for hours, so its row is the scheduled one as the service would
// answer it after that (the page's log answer rewritten).
import { test } from './harness';

test.use({ timezoneId: 'America/La_Paz' });

for (const lang of ['es', 'en'] as const) {
  test(`send later ${lang}`, async ({ open, page, api }) => {
    await page.setViewportSize({ width: 1024, height: 600 });
    const day = new Date(Date.now() - 4 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const base = { to: '71234567', send_at: `${day}T18:00:00-04:00` };
    const late = await api.post<{ id: string }>('/messages', { ...base, text: 'Feliz Navidad (vencido)' });
    await api.post('/messages', { ...base, text: 'Su pedido está listo para recoger.' });
    await page.route('**/api/v1/messages?*', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { data: { items: { id: string; status: string }[] } };
      for (const m of body.data.items) if (m.id === late.id) m.status = 'expired';
      await route.fulfill({ response: res, json: body });
    });
    await open(lang);
    await page.getByTestId('send-later').check();
    await page.getByTestId('message-text').fill('Su pedido está listo para recoger.');
    await page.screenshot({ path: `shots/${lang}-1024-compose-later.png` });
    await page.evaluate(() => (location.hash = '#/log'));
    await page.getByRole('row').nth(2).waitFor();
    await page.screenshot({ path: `shots/${lang}-1024-log-scheduled.png` });
    await page.getByRole('row').nth(1).getByRole('button').first().click();
    await page.getByTestId('scheduled').getByRole('button').click();
    await page.screenshot({ path: `shots/${lang}-1024-detail-reschedule.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('row').nth(2).getByRole('button').first().click();
    await page.getByTestId('expired').waitFor();
    await page.screenshot({ path: `shots/${lang}-1024-detail-expired.png` });
  });
}
