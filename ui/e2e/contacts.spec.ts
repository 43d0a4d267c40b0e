// The Contacts screen against the real service (`serve --engine none`), in Spanish and in
// English: a contact added in the dialog (the service writes the number in E.164 and the tags
// in lower case), searched by name, edited (name, tags, "no broadcasts"), found by its tag,
// deleted after a confirmation; a CSV with a bad row previewed with that row's line, refused
// until the bad rows are left out, then imported; and the book exported as a CSV download.
// A long book comes in pages; the open screen follows changes made over REST.
// The book is emptied before and after: the server is shared with the other suites.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyBook } from './book';
import { expect, test, type Lang } from './harness';

interface Contact {
  id: string;
  phone: string;
  name: string;
  tags: string[];
  opted_out: boolean;
}

const WORDS = {
  en: {
    add: 'Add contact',
    number: 'WhatsApp number',
    name: 'Name',
    tags: 'Tags',
    optOut: 'Does not want broadcasts',
    save: 'Save',
    search: 'Search by name or number',
    tag: 'Tag',
    empty: 'No contacts yet — add one or import a CSV.',
    noBroadcasts: 'No broadcasts',
    delete: 'Delete',
    deleteTitle: 'Delete Luis Mamani?',
    import: 'Import CSV',
    line: 'Line 4',
    skip: 'Leave out the rows with errors',
    importGo: 'Import 2 contacts',
    imported: 'Imported: 1 new, 1 merged.',
    export: 'Export CSV',
    exists: 'That number is already in your contacts.',
    cancel: 'Cancel',
  },
  es: {
    add: 'Agregar contacto',
    number: 'Número de WhatsApp',
    name: 'Nombre',
    tags: 'Etiquetas',
    optOut: 'No quiere recibir difusiones',
    save: 'Guardar',
    search: 'Buscar por nombre o número',
    tag: 'Etiqueta',
    empty: 'Todavía no hay contactos: agregue uno o importe un CSV.',
    noBroadcasts: 'Sin difusiones',
    delete: 'Eliminar',
    deleteTitle: '¿Eliminar a Luis Mamani?',
    import: 'Importar CSV',
    line: 'Línea 4',
    skip: 'Dejar fuera las filas con errores',
    importGo: 'Importar 2 contactos',
    imported: 'Importado: 1 nuevo, 1 combinado.',
    export: 'Exportar CSV',
    exists: 'Ese número ya está en sus contactos.',
    cancel: 'Cancelar',
  },
} as const;

test.beforeEach(async ({ api, request, server }) => emptyBook(api, request, server));
test.afterEach(async ({ api, request, server }) => emptyBook(api, request, server));

for (const lang of ['es', 'en'] as Lang[]) {
  const w = WORDS[lang];

  test(`contacts are added, searched, edited, tagged, deleted, imported and exported (${lang})`, async ({
    open,
    page,
    api,
  }, testInfo) => {
    await open(lang, 'contacts');
    await expect(page.getByTestId('contacts-empty')).toContainText(w.empty);
    const dialog = page.getByTestId('contact-dialog');
    const people = page.getByTestId('contact');

    // Added in the dialog: the service writes the number and the tags its way.
    await page.getByRole('button', { name: w.add }).first().click();
    await expect(dialog.getByLabel(w.number)).toBeFocused();
    await dialog.getByLabel(w.number).fill('7123 4567');
    await expect(dialog.getByText('✓ +591 71234567')).toBeVisible();
    await dialog.getByLabel(w.name).fill('Ana Quispe');
    await dialog.getByLabel(w.tags, { exact: true }).fill('Clientes Frecuentes, VIP');
    await dialog.getByRole('button', { name: w.save }).click();
    await expect(dialog).toBeHidden();
    await expect(people).toHaveCount(1);
    await expect(people.first()).toContainText('Ana Quispe');
    await expect(people.first()).toContainText('+591 71234567');
    await expect(people.first()).toContainText('clientes frecuentes');
    await expect(people.first()).toContainText('vip');

    await page.getByRole('button', { name: w.add }).first().click();
    await dialog.getByLabel(w.number).fill('72345678');
    await dialog.getByLabel(w.name).fill('Luis Mamani');
    await dialog.getByRole('button', { name: w.save }).click();
    await expect(people).toHaveCount(2);
    // The same number again: the service's refusal, in words.
    await page.getByRole('button', { name: w.add }).first().click();
    await dialog.getByLabel(w.number).fill('+591 72345678');
    await dialog.getByRole('button', { name: w.save }).click();
    await expect(dialog.getByTestId('contact-error')).toContainText(w.exists);
    await dialog.getByRole('button', { name: w.cancel }).click();
    await expect(dialog).toBeHidden();

    // Search by part of a name, then by digits of a number.
    const search = page.getByRole('searchbox', { name: w.search });
    await search.fill('mam');
    await expect(people).toHaveCount(1);
    await expect(people.first()).toContainText('Luis Mamani');
    await search.fill('1234567');
    await expect(people).toHaveCount(1);
    await expect(people.first()).toContainText('Ana Quispe');
    await search.fill('');
    await expect(people).toHaveCount(2);

    // Edited: name, tags (replaced), no broadcasts.
    await people.filter({ hasText: 'Ana Quispe' }).click();
    await expect(dialog.getByLabel(w.name)).toHaveValue('Ana Quispe');
    await dialog.getByLabel(w.name).fill('Ana Q. Quispe');
    await dialog.getByLabel(w.tags, { exact: true }).fill('clientes frecuentes');
    await dialog.getByLabel(w.optOut).check();
    await dialog.getByRole('button', { name: w.save }).click();
    await expect(dialog).toBeHidden();
    const ana = people.filter({ hasText: 'Ana Q. Quispe' });
    await expect(ana).toContainText(w.noBroadcasts);
    await expect(ana).not.toContainText('vip');
    const stored = (await api.get<{ items: Contact[] }>('/contacts?q=ana')).items[0];
    expect(stored).toMatchObject({ name: 'Ana Q. Quispe', tags: ['clientes frecuentes'], opted_out: true });

    // The tag filter: only who has it.
    await page.getByLabel(w.tag, { exact: true }).selectOption('clientes frecuentes');
    await expect(people).toHaveCount(1);
    await expect(people.first()).toContainText('Ana Q. Quispe');
    await page.getByLabel(w.tag, { exact: true }).selectOption('');
    await expect(people).toHaveCount(2);

    // Deleted, after a confirmation.
    await people.filter({ hasText: 'Luis Mamani' }).click();
    await dialog.getByRole('button', { name: w.delete }).click();
    const confirm = page.getByRole('dialog', { name: w.deleteTitle });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: w.delete }).click();
    await expect(people).toHaveCount(1);
    expect((await api.get<{ items: Contact[] }>('/contacts?q=luis')).items).toEqual([]);

    // A CSV with a bad row: the preview names its line; nothing is imported until the bad
    // rows are left out.
    const dir = testInfo.outputPath('csv');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'clientes.csv');
    writeFileSync(
      file,
      'Nombre;Teléfono;Etiquetas\r\nAna Quispe;+591 71234567;mayoristas\r\nEva Condori;73456789;mayoristas|vip\r\nMal;hola;\r\n',
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: w.import }).first().click();
    await (await chooser).setFiles(file);
    const importer = page.getByTestId('import-dialog');
    await expect(importer.getByTestId('import-summary')).toContainText('3');
    await expect(importer.getByTestId('import-errors')).toContainText(w.line);
    await expect(importer.getByTestId('import-errors')).toContainText('hola');
    const go = importer.getByRole('button', { name: w.importGo });
    await expect(go).toBeDisabled();
    await importer.getByLabel(w.skip).check();
    await go.click();
    await expect(importer).toBeHidden();
    await expect(page.getByText(w.imported)).toBeVisible();
    await expect(people).toHaveCount(2);
    await expect(people.filter({ hasText: 'Eva Condori' })).toContainText('mayoristas');

    // Exported as a download, as the service writes it.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: w.export }).click();
    const saved = await download;
    const text = readFileSync((await saved.path()) ?? '', 'utf8');
    expect(text).toContain('name,phone,tags,notes,opted_out');
    expect(text).toContain('Ana Quispe,+59171234567,clientes frecuentes|mayoristas,,yes');
    expect(text).toContain('Eva Condori,+59173456789,mayoristas|vip,,no');
  });
}

test('a long book comes in pages: “Show more” reads the next one', async ({
  open,
  page,
  request,
  server,
}) => {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const n = String(i).padStart(2, '0');
    return `Cliente ${n},+59170000${n.padStart(3, '0')}`;
  });
  // Imported over REST, as a POS would.
  const res = await request.post(`${server.url}/api/v1/contacts/import`, {
    headers: { 'X-API-Key': server.key, 'Content-Type': 'text/csv' },
    data: `name,phone\n${rows.join('\n')}\n`,
  });
  expect(res.status()).toBe(200);
  await open('en', 'contacts');
  const people = page.getByTestId('contact');
  await expect(people).toHaveCount(50);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(people).toHaveCount(60);
  await expect(people.last()).toContainText('Cliente 59');
  await expect(page.getByRole('button', { name: 'Show more' })).toBeHidden();
});

test('the open Contacts screen follows changes made elsewhere (the POS over REST)', async ({
  open,
  page,
  api,
  request,
  server,
}) => {
  await open('es', 'contacts');
  const people = page.getByTestId('contact');
  await expect(people).toHaveCount(0);
  const made = await api.post<{ id: string }>('/contacts', {
    phone: '71234567',
    name: 'Ana desde la caja',
    tags: ['pos'],
  });
  await expect(people.filter({ hasText: 'Ana desde la caja' })).toHaveCount(1);
  await request.delete(`${server.url}/api/v1/contacts/${made.id}`, { headers: { 'X-API-Key': server.key } });
  await expect(people).toHaveCount(0);
});
