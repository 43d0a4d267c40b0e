// Not a test: screenshots of every screen, in both languages, at 1024×600 and 1366×768, for
// looking at the design (`npm run shots`; files go to shots/, which git ignores).
import { test } from './harness';

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1366, height: 768 },
];
const SCREENS = ['compose', 'contacts', 'groups', 'broadcast', 'log', 'link', 'settings'];

for (const lang of ['es', 'en'] as const) {
  for (const size of SIZES) {
    test(`${lang} ${size.width}x${size.height}`, async ({ open, page, api }) => {
      await page.setViewportSize(size);
      await api.post('/messages', {
        to: '71234567',
        text: 'Gracias por su compra, adjuntamos su comprobante.',
      });
      await open(lang);
      for (const screen of SCREENS) {
        await page.evaluate((s) => (location.hash = `#/${s}`), screen);
        await page.waitForTimeout(400);
        await page.screenshot({ path: `shots/${lang}-${size.width}-${screen}.png` });
      }
    });
  }
}

test('dark', async ({ open, page, api }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await api.post('/messages', { to: '72222222', text: 'Su pedido está listo para recoger.' });
  await open('es');
  for (const screen of ['compose', 'log', 'settings']) {
    await page.evaluate((s) => (location.hash = `#/${s}`), screen);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `shots/dark-${screen}.png` });
  }
});

test('service lost', async ({ open, page, server }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await open('es');
  await server.pause();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'shots/es-1024-service-lost.png' });
  await server.resume();
});

test('key prompt', async ({ page, server }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await page.goto(server.url);
  await page.getByLabel(/Clave de la API|API key/).fill('wrong');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'shots/key-prompt.png' });
});
