// Administering groups from the Groups screen, against the real engine and the project's fake
// WhatsApp network (a demo build, see e2e/fake-network.ts), each change checked on the fake's
// side: create a group with two customers, rename it and make it announcement-only, make one
// an admin, remove the other (who then stops receiving the group's messages), add numbers (one
// without WhatsApp, said so), show and renew the invite link, and a group where the shop is
// not an admin says so plainly; then leave. Screenshots in both languages go to
// test-results/groups-network/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { CUSTOMERS, expect, GROUPS, linkedShop, SHOP, test as network } from './fake-network';
import type { Server } from './serve';

// A worker of its own (its own fake network and server): this suite changes groups.
const test = network.extend<object, { server: Server }>({
  server: [async ({ server }, use) => use(server), { scope: 'worker', timeout: 120_000 }],
});

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
const NETWORK = { timeout: 60_000 };
const shots = resolve(import.meta.dirname, '..', 'test-results', 'groups-network');

async function shot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

interface FakeGroup {
  jid: string;
  subject: string;
  members: { phone: string; admin: boolean }[];
  announcement: boolean;
  shop_in: boolean;
  invite_code: string;
}

test.beforeEach(async ({ api, network: fake }) => {
  await linkedShop(api, fake);
});

test('a group made and run from the Groups screen really changes on WhatsApp', async ({
  open,
  page,
  api,
  network: fake,
}, testInfo) => {
  const [ana, luis, eva] = CUSTOMERS;
  const name = `Turno tarde ${Date.now() % 100000}`;
  await open('es', 'groups');
  await page.getByTestId('group-new').click();
  const create = page.getByTestId('group-create');
  await create.getByTestId('group-subject').fill(name);
  await create.getByTestId('group-numbers').fill(`${ana.slice(3)}\n${luis.slice(3)}`);
  await create.getByRole('button', { name: 'Crear el grupo' }).click();
  const manage = page.getByTestId('group-manage');
  await expect(manage.getByTestId('group-member')).toHaveCount(3, NETWORK);
  const groups = await api.get<{ jid: string; name: string }[]>('/groups');
  const jid = groups.find((g) => g.name === name)!.jid;
  const fakeGroup = () => fake.get<FakeGroup>(`/admin/groups/${encodeURIComponent(jid)}`);
  await shot(page, testInfo, 'es-group-created');

  // Renamed, announcement-only: the fake's group says so.
  await manage.getByLabel('Nombre del grupo').fill(`${name} (caja)`);
  await manage.getByRole('button', { name: 'Guardar' }).click();
  await expect.poll(async () => (await fakeGroup()).subject, NETWORK).toBe(`${name} (caja)`);
  await manage.getByLabel('Solo los administradores envían mensajes').check();
  await expect.poll(async () => (await fakeGroup()).announcement, NETWORK).toBe(true);

  // Ana made an admin; Luis removed (asked first).
  const row = (phone: string) => manage.locator(`[data-testid=group-member][data-phone="+${phone}"]`);
  await row(ana).getByRole('button', { name: 'Hacer admin' }).click();
  await expect(row(ana)).toContainText('Admin', NETWORK);
  await row(luis).getByRole('button', { name: 'Quitar' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Quitar' }).click();
  await expect(row(luis)).toHaveCount(0, NETWORK);
  // The fake lists the members besides the shop.
  expect((await fakeGroup()).members.map((m) => [m.phone, m.admin])).toEqual([[ana, true]]);

  // A message to the group now reaches Ana, not Luis.
  const text = `Mañana abrimos 9:00 (${Date.now()})`;
  await api.post('/messages', { to: jid, text });
  await expect.poll(async () => (await fake.received(ana)).some((m) => m.text === text), NETWORK).toBe(true);
  expect((await fake.received(luis)).some((m) => m.text === text)).toBe(false);

  // Added: Eva; a number without WhatsApp is said so.
  await manage.getByTestId('group-add').fill(`${eva.slice(3)}, 79999999`);
  await manage.getByRole('button', { name: 'Agregar', exact: true }).click();
  const results = manage.getByTestId('participant-results');
  await expect(results).toContainText('listo', NETWORK);
  await expect(results).toContainText('no tiene WhatsApp');
  await expect(row(eva)).toHaveCount(1);

  // The invite link, then a new one (the old code stops working on the fake's side).
  await manage.getByRole('button', { name: 'Ver el enlace de invitación' }).click();
  const link = manage.getByTestId('group-invite');
  await expect(link).toContainText('https://chat.whatsapp.com/', NETWORK);
  const first = await link.textContent();
  await manage.getByRole('button', { name: 'Crear un enlace nuevo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Crear un enlace nuevo' }).click();
  await expect(link).not.toHaveText(first ?? '', NETWORK);
  expect(await link.textContent()).toContain((await fakeGroup()).invite_code);
  await shot(page, testInfo, 'es-group-manage');

  // Leaving: asked first; the group is gone from the list and the fake has the shop out.
  await manage.getByRole('button', { name: 'Salir del grupo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Salir del grupo' }).click();
  await expect(page.getByRole('button', { name: new RegExp(name) })).toHaveCount(0, NETWORK);
  await expect.poll(async () => (await fakeGroup()).shop_in, NETWORK).toBe(false);
});

test('where the shop is not an admin, the page says so and WhatsApp’s refusal is plain', async ({
  open,
  page,
  api,
  network: fake,
}, testInfo) => {
  const groups = await api.get<{ jid: string; name: string }[]>('/groups?refresh=true');
  const staff = groups.find((g) => g.name === GROUPS.staff.name)!;
  await fake.post(`/admin/groups/${encodeURIComponent(staff.jid)}/admins`, { phone: SHOP, admin: false });
  try {
    await open('en', 'groups');
    await page.getByRole('button', { name: new RegExp(GROUPS.staff.name) }).click();
    await page.getByTestId('group-tab-manage').click();
    const manage = page.getByTestId('group-manage');
    await expect(manage.getByRole('note')).toContainText('Only the group’s admins can change it', NETWORK);
    await expect(manage.getByRole('button', { name: 'Remove' })).toHaveCount(0);
    // The toggle is WhatsApp's to refuse: the page does not offer it to a non-admin.
    await expect(manage.getByLabel('Only admins send messages')).toBeDisabled();
    await shot(page, testInfo, 'en-group-not-admin');
    // Asked anyway (the POS, say): the service answers with WhatsApp's refusal.
    await expect(
      api.post(`/groups/${encodeURIComponent(staff.jid)}/participants/remove`, {
        numbers: [GROUPS.staff.members[0]],
      }),
    ).rejects.toThrow(/FORBIDDEN/);
  } finally {
    await fake.post(`/admin/groups/${encodeURIComponent(staff.jid)}/admins`, { phone: SHOP, admin: true });
  }
});
