// Not a test: screenshots of the contact book in both languages, at 1366×768 and 1024×600
// (`npm run shots`; files go to shots/, which git ignores): the Contacts list, the edit
// dialog, an import's preview with a bad row, the To field's suggestions open, a broadcast to a
// tag and its progress (the opted-out contact skipped, explained); the list and the dialog in
// dark mode too. The book is emptied and the broadcast cancelled at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { emptyBook } from './book';
import { expect, test, type Lang } from './harness';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 600 },
];

const PEOPLE = [
  { phone: '71234567', name: 'Ana Quispe', tags: ['clientes frecuentes', 'vip'], notes: 'Prefiere la tarde' },
  { phone: '72345678', name: 'Luis Mamani', tags: ['clientes frecuentes'], opted_out: true },
  { phone: '73456789', name: 'Eva Condori', tags: ['mayoristas'] },
  { phone: '74567890', name: 'Rosa Choque Villca de Fernández', tags: ['mayoristas', 'proveedores', 'vip'] },
  { phone: '75678901', name: 'Juan Pérez', tags: [] },
  { phone: '+52 55 1234 5678', name: 'Distribuidora Norte', tags: ['proveedores'] },
  { phone: '76789012', name: '', tags: [] },
];

const CSV =
  'Nombre;Teléfono;Etiquetas\r\nAna Quispe;+591 71234567;mayoristas\r\nPedro;77777777;\r\nMal;hola;\r\nSin número;;vip\r\n';

async function settle(page: Page) {
  await page.waitForTimeout(400);
}

for (const lang of ['es', 'en'] as Lang[]) {
  for (const size of SIZES) {
    test(`contacts ${lang} ${size.width}x${size.height}`, async ({
      open,
      page,
      api,
      request,
      server,
    }, testInfo) => {
      await emptyBook(api, request, server);
      for (const p of PEOPLE) await api.post('/contacts', p);
      try {
        await page.setViewportSize(size);
        const name = (shot: string) => `shots/${lang}-${size.width}-contacts-${shot}.png`;
        await open(lang, 'contacts');
        await expect(page.getByTestId('contact')).toHaveCount(PEOPLE.length);
        await settle(page);
        await page.screenshot({ path: name('list') });

        await page.getByTestId('contact').first().click();
        await expect(page.getByTestId('contact-dialog')).toBeVisible();
        await settle(page);
        await page.screenshot({ path: name('edit') });
        await page.keyboard.press('Escape');

        const dir = testInfo.outputPath('csv');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'clientes.csv'), CSV);
        const chooser = page.waitForEvent('filechooser');
        await page
          .getByRole('button', { name: lang === 'es' ? 'Importar CSV' : 'Import CSV' })
          .first()
          .click();
        await (await chooser).setFiles(join(dir, 'clientes.csv'));
        await expect(page.getByTestId('import-errors')).toBeVisible();
        await settle(page);
        await page.screenshot({ path: name('import') });
        await page.keyboard.press('Escape');

        await page.evaluate(() => (location.hash = '#/compose'));
        await page.getByTestId('compose-to').pressSequentially('qui');
        await expect(page.getByTestId('to-suggestions')).toBeVisible();
        await page.getByTestId('compose-to').press('ArrowDown');
        await settle(page);
        await page.screenshot({ path: name('suggest') });
        await page.getByTestId('compose-to').press('Escape');

        await page.evaluate(() => (location.hash = '#/broadcast'));
        await page.getByLabel(lang === 'es' ? 'Contactos con una etiqueta' : 'Contacts with a tag').check();
        await page
          .getByLabel(lang === 'es' ? 'Etiqueta' : 'Tag', { exact: true })
          .selectOption('clientes frecuentes');
        await page
          .getByLabel(lang === 'es' ? 'Nombre de la difusión' : 'Name of the broadcast')
          .fill(lang === 'es' ? 'Promo de fin de mes' : 'End of month offer');
        await page
          .getByLabel(lang === 'es' ? 'Mensaje' : 'Message', { exact: true })
          .fill('Hola {nombre}, 2x1 en pan.');
        await expect(page.getByTestId('bc-preview')).toContainText('Ana Quispe');
        await settle(page);
        await page.screenshot({ path: name('broadcast-tag') });

        // Handed over (WhatsApp is not linked here: it waits), Luis skipped and explained.
        await page
          .getByRole('button', { name: lang === 'es' ? 'Enviar difusión' : 'Send broadcast' })
          .click();
        await expect(page.getByTestId('bc-skipped-note')).toBeVisible();
        await page
          .getByRole('button', { name: lang === 'es' ? 'Ver los mensajes' : 'Show the messages' })
          .click();
        await expect(page.getByTestId('bc-item-why')).toBeVisible();
        await settle(page);
        await page.screenshot({ path: name('broadcast-skipped') });

        if (lang === 'es' && size.width === 1366) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await page.evaluate(() => (location.hash = '#/contacts'));
          await expect(page.getByTestId('contact')).toHaveCount(PEOPLE.length);
          await settle(page);
          await page.screenshot({ path: 'shots/dark-contacts-list.png' });
          await page.getByTestId('contact').nth(1).click();
          await settle(page);
          await page.screenshot({ path: 'shots/dark-contacts-edit.png' });
          await page.keyboard.press('Escape');
          await page.emulateMedia({ colorScheme: 'light' });
        }
      } finally {
        // The server is shared: no broadcast left going for the other screenshots.
        const going = await api.get<{ items: { id: string; status: string }[] }>('/batches');
        for (const b of going.items.filter((x) => x.status === 'running' || x.status === 'paused')) {
          await api.post(`/batches/${b.id}/cancel`);
        }
        await emptyBook(api, request, server);
      }
    });
  }
}
