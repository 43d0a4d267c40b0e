// Broadcasts for real: the Broadcast screen over the service's batches, against the fake
// WhatsApp network (e2e/fake-network.ts). A broadcast from the page reaches every customer with
// its own name, the bar following the service's `batch` events to done, and a PDF with its
// caption goes to all from one request; a slow one (paced by the service, as the POS would
// start it) is paused, resumed, survives a reload of the page and goes on, and another is
// cancelled; a CSV with a bad row shows that row's error. With "Skip invalid rows" and its
// own pace, a broadcast with a bad row reports it and sends the rest; the log, opened from it,
// shows only its messages.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { Server } from './serve';
import { CUSTOMERS, expect, linkedShop, test as network } from './fake-network';

// A worker of its own (its own fake network and server): this suite links the shop itself.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };
const NAMES = ['Ana', 'Luis', 'Eva'];

/** The customers as a shop types them: local number, then the name. */
const list = CUSTOMERS.map((c, i) => `${c.slice(3)}, ${NAMES[i]}`).join('\n');

function bar(page: Page) {
  return page.getByRole('progressbar');
}

async function finished(page: Page): Promise<number> {
  return Number((await bar(page).getAttribute('aria-valuenow')) ?? '0');
}

test.beforeEach(async ({ api, network: fake }) => {
  await linkedShop(api, fake);
});

test('a broadcast from the page reaches every customer once, with progress to done', async ({
  open,
  page,
  network: fake,
}) => {
  const stamp = Date.now();
  const name = `Promo ${stamp}`;
  await open('en', 'broadcast');
  await page.getByLabel('Name of the broadcast').fill(name);
  await page.getByLabel(/Recipients —/).fill(list);
  await expect(page.getByText('3 recipients')).toBeVisible();
  await page.getByLabel('Message', { exact: true }).fill(`Hola {nombre}, 2x1 en pan (${stamp})`);
  await expect(page.getByTestId('bc-preview')).toContainText(`Hola Ana, 2x1 en pan (${stamp})`);
  await page.getByRole('button', { name: 'Send broadcast' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(bar(page)).toHaveAttribute('aria-valuenow', '3', NETWORK);
  await expect(page.locator('.run-head .state')).toHaveText('Done', NETWORK);
  for (const [i, c] of CUSTOMERS.entries()) {
    await expect
      .poll(
        async () => (await fake.received(c)).filter((m) => m.text?.includes(`(${stamp})`)).map((m) => m.text),
        NETWORK,
      )
      .toEqual([`Hola ${NAMES[i]}, 2x1 en pan (${stamp})`]);
  }
  // Its messages, as the service filled them in.
  await page.getByRole('button', { name: 'Show the messages' }).click();
  await expect(page.getByRole('list', { name: 'Show the messages' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('button').filter({ hasText: name })).toContainText('Done');
});

test('a PDF with a caption goes to every customer from one submit, the file stored once', async ({
  open,
  page,
  api,
  network: fake,
}) => {
  const pdfPath = resolve(import.meta.dirname, 'fixtures', 'recibo-001.pdf');
  const pdf = readFileSync(pdfPath);
  const stamp = Date.now();
  const name = `Catálogo ${stamp}`;
  await open('es', 'broadcast');
  await page.getByLabel('Nombre de la difusión').fill(name);
  await page.getByLabel(/Destinatarios —/).fill(list);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Adjuntar' }).click();
  await (await chooser).setFiles(pdfPath);
  await page.getByLabel('Mensaje', { exact: true }).fill(`{nombre}, nuestro catálogo (${stamp})`);
  const submitted = page.waitForRequest((r) => r.url().endsWith('/api/v1/batches') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Enviar difusión' }).click();
  // One request carries the file once for all three.
  expect((await submitted).postDataBuffer()?.length ?? 0).toBeLessThan(2 * pdf.length);
  await expect(bar(page)).toHaveAttribute('aria-valuenow', '3', NETWORK);
  const sha = createHash('sha256').update(pdf).digest('hex');
  for (const [i, c] of CUSTOMERS.entries()) {
    await expect
      .poll(async () => (await fake.received(c)).filter((m) => m.caption?.includes(`(${stamp})`)), NETWORK)
      .toEqual([
        expect.objectContaining({
          kind: 'document',
          caption: `${NAMES[i]}, nuestro catálogo (${stamp})`,
          media_sha256: sha,
          media_error: null,
        }),
      ]);
  }
  const stored = (await api.get<{ items: { name: string; total: number }[] }>('/batches')).items;
  expect(stored.find((b) => b.name === name)?.total).toBe(3);
});

test('pause and resume a paced broadcast; reloaded mid-way, the page shows it going on', async ({
  open,
  page,
  api,
}) => {
  const name = `Lenta ${Date.now()}`;
  // Paced by the service (4 s between items), as a POS would start it.
  await api.post('/batches', {
    name,
    template: { type: 'text', text: 'Hola {nombre}, ya llegó el pan.' },
    recipients: CUSTOMERS.map((c, i) => ({ to: `+${c}`, variables: { nombre: NAMES[i] } })),
    pacing_ms: 4000,
  });
  await open('en', 'broadcast');
  // The page opens on the broadcast still going: it is the service's.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect.poll(() => finished(page), NETWORK).toBeGreaterThanOrEqual(1);
  // The service's estimate at its pace: two items 4 s apart.
  await expect(page.getByTestId('bc-left')).toHaveText('Less than a minute left');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.run-head .state')).toHaveText('Paused');
  const batches = await api.get<{ items: { name: string; id: string; status: string; finished: number }[] }>(
    '/batches',
  );
  const stored = batches.items.find((b) => b.name === name);
  expect(stored?.status).toBe('paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.run-head .state')).toHaveText('Sending…');

  // Reload mid-way: the page finds it where it is, and follows it to the end.
  const before = await finished(page);
  expect(before).toBeLessThan(3);
  await page.reload();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  expect(await finished(page)).toBeGreaterThanOrEqual(before);
  await expect(bar(page)).toHaveAttribute('aria-valuenow', '3', NETWORK);
  await expect(page.locator('.run-head .state')).toHaveText('Done', NETWORK);
});

test('cancel a broadcast on its way: what waited is not sent', async ({ open, page, api }) => {
  const name = `Cancelar ${Date.now()}`;
  await api.post('/batches', {
    name,
    template: { type: 'text', text: 'Hola {nombre}' },
    recipients: CUSTOMERS.map((c, i) => ({ to: `+${c}`, variables: { nombre: NAMES[i] } })),
    pacing_ms: 10_000,
  });
  await open('en', 'broadcast');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel broadcast' }).click();
  await expect(page.locator('.run-head .state')).toHaveText('Cancelled');
  await expect(
    page.getByRole('term').filter({ hasText: 'Not sent' }).locator('..').getByRole('definition'),
  ).not.toHaveText('0');
  const stored = (await api.get<{ items: { name: string; status: string }[] }>('/batches')).items.find(
    (b) => b.name === name,
  );
  expect(stored?.status).toBe('cancelled');
});

test('a CSV with a bad row shows that row’s error, and nothing is stored', async ({ open, page, api }) => {
  const name = `CSV ${Date.now()}`;
  await open('en', 'broadcast');
  await page.getByLabel('Name of the broadcast').fill(name);
  await page.getByLabel('A CSV file').check();
  await page.getByLabel('Choose a CSV file').setInputFiles({
    name: 'clientes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFFNombre;Celular\nAna;${CUSTOMERS[0].slice(3)}\nLuis;12\n`),
  });
  await expect(page.getByLabel('Column with the numbers')).toHaveValue('Celular');
  await page.getByLabel('Message', { exact: true }).fill('Hola {Nombre}');
  await expect(page.getByTestId('bc-preview')).toContainText('Hola Ana');
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  // The service's row 1 is the file's line 3 (after the header).
  const rows = page.getByRole('alert').filter({ hasText: 'These lines need fixing' });
  await expect(rows.getByRole('listitem')).toHaveText(['Line 3: That number is not valid.']);
  const names = (await api.get<{ items: { name: string }[] }>('/batches')).items.map((b) => b.name);
  expect(names).not.toContain(name);
});

/** Screenshots for looking at the design (git ignores tests/artifacts/). */
async function shot(page: Page, name: string) {
  const dir = resolve(import.meta.dirname, '..', '..', 'tests', 'artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The broadcast the two tests below share (serial: the second opens the log on it). */
let skipping: { id: string; name: string } | null = null;

test('skip invalid rows and a pace of its own: the bad row is reported, the rest is sent', async ({
  open,
  page,
  api,
  network: fake,
}) => {
  const stamp = Date.now();
  const name = `Omitir ${stamp}`;
  await open('en', 'broadcast');
  await page.getByLabel('Name of the broadcast').fill(name);
  // Line 3 is not a number the service can send to.
  const lines = list.split('\n');
  await page.getByLabel(/Recipients —/).fill([lines[0], lines[1], '12, Malo', lines[2]].join('\n'));
  await page.getByLabel('Message', { exact: true }).fill(`Hola {nombre} (${stamp})`);

  // Collapsed until asked for; it says the shop's pace that a blank field keeps.
  const options = page.getByTestId('bc-options');
  await expect(page.getByLabel('Skip invalid rows and send the rest')).toBeHidden();
  await options.getByText('More options').click();
  await expect(page.getByTestId('bc-pace-default')).toHaveText(
    'Blank: the shop’s pace from Settings, 0 s ± 0 s.',
  );
  await page.getByLabel('Skip invalid rows and send the rest').check();
  // The service judges the pace: over its limit, its own words say why and nothing is stored.
  await page.getByLabel('Gap (seconds)').fill('9999');
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  await expect(page.getByTestId('bc-error')).toContainText('Mostrador says: pacing_ms is at most 3600000');
  expect((await api.get<{ items: { name: string }[] }>('/batches')).items.map((b) => b.name)).not.toContain(
    name,
  );
  await page.getByLabel('Gap (seconds)').fill('0.5');
  await shot(page, 'ui12-en-broadcast-options');

  const submitted = page.waitForRequest((r) => r.url().endsWith('/api/v1/batches') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  expect((await submitted).postDataJSON()).toMatchObject({ pacing_ms: 500, skip_invalid: true });
  expect((await submitted).postDataJSON()).not.toHaveProperty('jitter_ms');

  await expect(page.getByRole('heading', { name })).toBeVisible();
  // The service's row 2 is the list's line 3.
  await expect(page.getByTestId('bc-skipped').getByRole('listitem')).toHaveText([
    'Line 3: That number is not valid.',
  ]);
  await expect(bar(page)).toHaveAttribute('aria-valuemax', '3');
  await expect(bar(page)).toHaveAttribute('aria-valuenow', '3', NETWORK);
  await expect(page.locator('.run-head .state')).toHaveText('Done', NETWORK);
  await shot(page, 'ui12-en-broadcast-skipped');
  for (const [i, c] of CUSTOMERS.entries()) {
    await expect
      .poll(
        async () => (await fake.received(c)).filter((m) => m.text?.includes(`(${stamp})`)).map((m) => m.text),
        NETWORK,
      )
      .toEqual([`Hola ${NAMES[i]} (${stamp})`]);
  }
  const stored = (
    await api.get<{ items: { id: string; name: string; total: number; pacing_ms?: number }[] }>('/batches')
  ).items.find((b) => b.name === name);
  expect(stored).toMatchObject({ total: 3, pacing_ms: 500 });
  skipping = { id: stored!.id, name };
});

test('the log opened from a broadcast shows only its messages, until the chip is removed', async ({
  open,
  page,
  api,
}) => {
  expect(skipping, 'the broadcast of the test before').not.toBeNull();
  const { id, name } = skipping!;
  const items = (await api.get<{ items: { id: string }[] }>(`/batches/${id}/items`)).items.map((m) => m.id);
  expect(items).toHaveLength(3);
  // A message of no broadcast, which the filtered log must leave out.
  const other = await api.post<{ id: string }>('/messages', {
    to: `+${CUSTOMERS[0]}`,
    text: `Fuera de la difusión (${Date.now()})`,
  });

  // From the list of past broadcasts, in Spanish.
  await open('es', 'broadcast');
  await page.getByTestId('bc-options').getByText('Más opciones').click();
  await shot(page, 'ui12-es-broadcast-options');
  await page.locator(`[data-see-log="${id}"]`).click();
  await expect(page).toHaveURL(/#\/log$/);
  await expect(page.getByTestId('log-batch-chip')).toHaveText(`Difusión: ${name}`);
  const rows = page.getByTestId('log-row');
  await expect
    .poll(() => rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-id')).sort()))
    .toEqual([...items].sort());
  await shot(page, 'ui12-es-log-batch');

  // Removing the chip shows every message again.
  await page.getByRole('button', { name: 'Quitar el filtro por difusión' }).click();
  await expect(page.getByTestId('log-batch-chip')).toBeHidden();
  await expect(page.locator(`[data-testid="log-row"][data-id="${other.id}"]`)).toBeVisible();
  await shot(page, 'ui12-es-log-batch-select');

  // Chosen from the list of recent broadcasts: the same three.
  await page.getByTestId('log-batch').selectOption({ label: name });
  await expect(page.getByTestId('log-batch-chip')).toHaveText(`Difusión: ${name}`);
  await expect
    .poll(() => rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-id')).sort()))
    .toEqual([...items].sort());

  // And from the broadcast's own page, in English.
  await open('en', 'broadcast');
  await page.locator(`[data-batch="${id}"]`).click();
  await page.getByTestId('bc-see-log').click();
  await expect(page.getByTestId('log-batch-chip')).toHaveText(`Broadcast: ${name}`);
  await expect(rows).toHaveCount(3);
});
