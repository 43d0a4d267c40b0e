// Named API keys against the real service: in Settings a key limited to a second number is made,
// its secret shown once; from here, that secret sends from that number without naming it and is
// refused (403) for the main number; revoked in the UI (after asking), the same request gets 401.
// Any-number keys, the refusal of an empty name, and the broadcast history naming each
// broadcast's number are checked too. Screenshots in es and en go to test-results/keys/.
// A server of its own (broadcasts cannot be removed, and other suites' log must not list them);
// keys, numbers and messages made here are removed again all the same.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { expect, test as shared } from './harness';
import { type Server, startServer } from './serve';

const test = shared.extend<object, { server: Server }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer([], { own: true });
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const shots = resolve(import.meta.dirname, '..', 'test-results', 'keys');

async function shot(page: Page, testInfo: TestInfo, name: string, what?: ReturnType<Page['locator']>) {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await (what ?? page).screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

interface NamedKey {
  id: string;
  name: string;
}

/** A message as a program would send it, with its own key; the answer's status and body. */
async function sendWith(server: Server, secret: string, profile?: string) {
  const res = await fetch(`${server.url}/api/v1/messages`, {
    method: 'POST',
    headers: { 'X-API-Key': secret, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      to: '+59171234567',
      text: 'Su pedido está listo',
      ...(profile ? { profile } : {}),
    }),
  });
  const body = (await res.json()) as { data?: { id: string; profile?: string }; error?: { code: string } };
  if (body.data) sent.push(body.data.id);
  return { status: res.status, profile: body.data?.profile, code: body.error?.code };
}

/** Messages sent here (none can go: no engine); cancelled afterwards. */
const sent: string[] = [];

/** Leaves the server as found: no named keys, no second number, no waiting messages. */
async function tidy(request: APIRequestContext, server: Server, number?: string) {
  const headers = { 'X-API-Key': server.key };
  for (const id of sent.splice(0))
    await request.post(`${server.url}/api/v1/messages/${id}/cancel`, { headers });
  const keys = (await (await request.get(`${server.url}/api/v1/keys`, { headers })).json()) as {
    data: NamedKey[];
  };
  for (const k of keys.data) await request.delete(`${server.url}/api/v1/keys/${k.id}`, { headers });
  if (number) await request.delete(`${server.url}/api/v1/profiles/${number}`, { headers });
}

let number: string | undefined;
test.afterEach(async ({ request, server }) => {
  await tidy(request, server, number);
  number = undefined;
});

test('a key limited to a number: shown once, sends from it only, and revoked stops at once', async ({
  open,
  page,
  api,
  server,
}, testInfo) => {
  number = (await api.post<{ id: string }>('/profiles', { name: 'Norte', color: '#1565c0' })).id;
  await open('en', 'settings');
  const section = page.getByTestId('named-keys');
  await expect(section.getByRole('heading', { name: 'API keys for other programs' })).toBeVisible();
  await expect(section.getByText('No other keys yet: every program uses the main key.')).toBeVisible();

  // Made for the second number, by its name in the list.
  await section.getByRole('button', { name: 'New key…' }).click();
  await section.getByLabel('Name').fill('POS north branch');
  await section.getByLabel('Number').selectOption({ label: 'Norte' });
  await section.getByRole('button', { name: 'Make key' }).click();
  const secretBox = section.getByTestId('key-secret');
  await expect(secretBox).toContainText('you won’t see it again');
  const secret = (await secretBox.getByTestId('key-secret-value').textContent())!.trim();
  expect(secret).toMatch(/^mk_/);
  const row = section.getByTestId('named-key');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('profile-chip')).toHaveText('Norte');
  await shot(page, testInfo, 'en-secret', section);

  // From here, as the branch's POS: no `profile` sends from Norte; the main number is refused.
  expect(await sendWith(server, secret)).toMatchObject({ status: 202, profile: number });
  expect(await sendWith(server, secret, 'default')).toMatchObject({ status: 403, code: 'FORBIDDEN' });

  // "Done": the secret is gone, and not shown again after a reload.
  await secretBox.getByRole('button', { name: 'Done, I copied it' }).click();
  await expect(secretBox).toHaveCount(0);
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(page.getByText(secret)).toHaveCount(0);
  await shot(page, testInfo, 'en-list', section);

  // Revoked after asking (Cancel first changes nothing): the same request is refused at once.
  await row.getByRole('button', { name: 'Revoke' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke “POS north branch”?' });
  await expect(dialog).toContainText('stops working at once');
  await shot(page, testInfo, 'en-revoke');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').getByText('Key “POS north branch” revoked.')).toBeVisible();
  await expect(row).toHaveCount(0);
  expect(await api.get<NamedKey[]>('/keys')).toEqual([]);
  expect((await sendWith(server, secret)).status).toBe(401);
});

test('in Spanish: an empty name refused in words, a key for any number, revoked', async ({
  open,
  page,
  api,
  server,
}, testInfo) => {
  number = (await api.post<{ id: string }>('/profiles', { name: 'Sur', color: '#c62828' })).id;
  await open('es', 'settings');
  const section = page.getByTestId('named-keys');
  await expect(section.getByRole('heading', { name: 'Claves de la API para otros programas' })).toBeVisible();
  await section.getByRole('button', { name: 'Nueva clave…' }).click();
  await section.getByRole('button', { name: 'Crear clave' }).click();
  await expect(section.getByTestId('key-error')).toHaveText('Dé a la clave un nombre de 1 a 40 caracteres.');
  await shot(page, testInfo, 'es-refused', section);

  await section.getByLabel('Nombre').fill('Tienda en línea');
  await expect(section.getByLabel('Número')).toHaveValue('');
  await section.getByRole('button', { name: 'Crear clave' }).click();
  const secretBox = section.getByTestId('key-secret');
  await expect(secretBox).toContainText('no la volverá a ver');
  const secret = (await secretBox.getByTestId('key-secret-value').textContent())!.trim();
  const row = section.getByTestId('named-key');
  await expect(row).toContainText('Cualquier número');
  await shot(page, testInfo, 'es-secret');
  // Any number: without `profile` the main number, and the second one by its id.
  expect(await sendWith(server, secret)).toMatchObject({ status: 202, profile: 'default' });
  expect(await sendWith(server, secret, number)).toMatchObject({ status: 202, profile: number });

  await row.getByRole('button', { name: 'Revocar' }).click();
  await page
    .getByRole('dialog', { name: '¿Revocar «Tienda en línea»?' })
    .getByRole('button', { name: 'Revocar' })
    .click();
  await expect(page.getByRole('status').getByText('Clave «Tienda en línea» revocada.')).toBeVisible();
  await expect(section.getByText('Aún no hay otras claves')).toBeVisible();
  expect((await sendWith(server, secret)).status).toBe(401);
});

test('with two numbers, the broadcast history names the number of each', async ({
  open,
  page,
  api,
}, testInfo) => {
  number = (await api.post<{ id: string }>('/profiles', { name: 'Norte', color: '#1565c0' })).id;
  const made: string[] = [];
  for (const [name, profile] of [
    ['Promo principal', undefined],
    ['Promo norte', number],
  ] as const) {
    const b = await api.post<{ batch: { id: string } }>('/batches', {
      name,
      template: { type: 'text', text: 'Hola' },
      recipients: [{ to: '+59171234567' }],
      ...(profile ? { profile } : {}),
    });
    made.push(b.batch.id);
    // Not sent (no engine here): cancelled, so both are past broadcasts.
    await api.post(`/batches/${b.batch.id}/cancel`);
  }
  for (const lang of ['en', 'es'] as const) {
    await open(lang, 'broadcast');
    const history = page.locator('section.history');
    const north = history.locator(`[data-batch="${made[1]}"]`);
    await expect(north.getByTestId('profile-chip')).toHaveText('Norte');
    await expect(history.locator(`[data-batch="${made[0]}"]`).getByTestId('profile-chip')).toHaveAttribute(
      'data-profile',
      'default',
    );
    await shot(page, testInfo, `${lang}-broadcast-history`, history);
  }
});
