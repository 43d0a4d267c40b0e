// Not a test: screenshots of the states only a WhatsApp engine reaches (live QR, linked,
// groups, ticks), against a running demo (`npm run demo`, serve started with --demo-phone).
// Needs MOSTRADOR_URL, MOSTRADOR_KEY and FAKE_ADMIN (the fake network's admin URL).
import { expect, test, type Lang } from './harness';

const admin = process.env.FAKE_ADMIN;
test.skip(!admin || !process.env.MOSTRADOR_URL, 'needs a demo server and the fake network');

async function fake(path: string, body: unknown) {
  const res = await fetch(`${admin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const sizes = [
  { width: 1024, height: 600 },
  { width: 1366, height: 768 },
];

async function shoot(page: import('@playwright/test').Page, name: string) {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `shots/demo-${name}-${size.width}.png` });
  }
}

test('pairing, linked, groups, ticks', async ({ open, page, api }) => {
  test.setTimeout(120_000);
  for (const lang of ['es', 'en'] as Lang[]) {
    await open(lang, 'link');
    const session = await api.get<{ state: string }>('/session');
    if (session.state === 'pairing') {
      await expect(page.getByRole('img', { name: /QR/ })).toBeVisible();
      await shoot(page, `${lang}-pairing`);
      await page.getByRole('button', { name: /phone number|número de teléfono/ }).click();
      await shoot(page, `${lang}-paircode`);
    }
  }
  const session = await api.get<{ state: string }>('/session');
  if (session.state === 'pairing') {
    // Link by code, the way a manager without a camera would; the demo phone types it.
    await page.getByLabel(/WhatsApp number/).fill('70000001');
    await page.getByRole('button', { name: 'Get code' }).click();
    await expect(page.getByText('Type this code on the phone')).toBeVisible();
    await shoot(page, 'en-paircode-shown');
    await page.getByRole('button', { name: 'Type it on the demo phone' }).click();
  }
  await expect(page.getByRole('button', { name: /WhatsApp \+591/ })).toBeVisible({ timeout: 30_000 });
  await fake('/admin/auto-receipts', { delivered: true, read: true });
  for (const [to, text] of [
    ['71234567', 'Gracias por su compra, adjuntamos su comprobante.'],
    ['72222222', 'Su pedido está listo para recoger.'],
    ['73333333', 'Le enviamos su factura. ¡Gracias por su preferencia!'],
    ['75555555', 'Su garantía vence el lunes.'],
  ]) {
    await api.post('/messages', { to, text });
  }
  for (const lang of ['es', 'en'] as Lang[]) {
    await open(lang, 'link');
    await shoot(page, `${lang}-linked`);
    await page.evaluate(() => (location.hash = '#/compose'));
    await page.getByLabel(/^(Para|To)$/).fill('75555555');
    await expect(page.getByText(/no tener WhatsApp|not seem to have WhatsApp/)).toBeVisible();
    await shoot(page, `${lang}-compose`);
    if (lang === 'es') {
      const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } });
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Adjuntar|Attach/ }).click();
      await (await chooser).setFiles({ name: 'pantalla.png', mimeType: 'image/png', buffer: picture });
      await page.getByLabel(/^(Para|To)$/).fill('71234567');
      await page.getByLabel('Texto (opcional)').fill('Su comprobante');
      await shoot(page, `${lang}-compose-attached`);
      await page.keyboard.press('Enter');
      await expect(page.getByText(/está en camino/)).toBeVisible();
    }
    await page.evaluate(() => (location.hash = '#/groups'));
    await page.getByRole('button', { name: /Clientes frecuentes/ }).click();
    await shoot(page, `${lang}-groups`);
    await page.evaluate(() => (location.hash = '#/log'));
    await shoot(page, `${lang}-log`);
    await page.getByRole('row').filter({ hasText: '7555' }).first().click();
    await shoot(page, `${lang}-detail`);
    await page.keyboard.press('Escape');
    if (lang === 'es') {
      await page.getByRole('row').filter({ hasText: 'Imagen' }).click();
      await expect(page.getByRole('dialog').getByRole('img')).toBeVisible();
      await shoot(page, `${lang}-detail-image`);
      await page.keyboard.press('Escape');
    }
    await page.evaluate(() => (location.hash = '#/broadcast'));
    await page.getByLabel(/Nombre de la difusión|Name of the broadcast/).fill('Promo de diciembre');
    await page.getByLabel(/Destinatarios —|Recipients —/).fill('71234567, Ana\n72222222, Luis\n73333333');
    await page.getByLabel(/^(Mensaje|Message)$/).fill('Hola {nombre}, esta semana 2x1 en pan.');
    await shoot(page, `${lang}-broadcast`);
  }
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '3');
  await shoot(page, `en-broadcast-run`);
});
