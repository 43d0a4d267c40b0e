// The service is the one judge of numbers, and its default country is the one the page
// follows: a change made over REST (as a POS or another window would) reaches an open page
// through the `settings` event and changes how the "To" field reads a local number, without a
// reload; a change made on the Settings screen goes to the service, and comes back the same way.
import { expect, test } from './harness';

interface Parsed {
  recipient?: string;
  display?: string;
  country?: string;
  problem?: string;
}

const MX_LOCAL = '55 1234 5678';

test.afterEach(async ({ api }) => {
  // The server lives as long as the worker: leave it as the other suites expect it.
  await api.patch('/settings', { default_country: 'BO' });
});

test('a default country changed over REST changes how the open page reads a local number', async ({
  open,
  page,
  api,
}) => {
  await api.patch('/settings', { default_country: 'BO' });
  await open('en');
  const to = page.getByLabel('To', { exact: true });
  const status = page.locator('#to-status');
  await expect(page.getByTestId('default-country')).toHaveText('BO +591');
  await expect(status).toHaveText('Numbers without a country code are from Bolivia (+591).');

  // Ten digits are too many for a Bolivian number.
  await to.fill(MX_LOCAL);
  await expect(status).toHaveText('The number is too long.');

  // The POS switches the shop to Mexico; the page is not touched.
  await api.patch('/settings', { default_country: 'MX' });
  const [mx] = await api.post<Parsed[]>('/numbers/parse', { numbers: [MX_LOCAL] });
  expect(mx).toMatchObject({ recipient: '+525512345678', country: 'MX' });
  await expect(page.getByTestId('default-country')).toHaveText('MX +52');
  // The same digits, read again by the service, are now a Mexican number, written its way.
  await expect(status).toHaveText(`✓ ${mx?.display}`);
  await expect(to).toHaveValue(MX_LOCAL);
});

test('the Settings screen lists the service’s countries and changes the service’s country', async ({
  open,
  page,
  api,
}) => {
  await api.patch('/settings', { default_country: 'BO' });
  await open('es', 'settings');
  const country = page.getByLabel('País predeterminado');
  await expect(country).toHaveValue('BO');
  // Every region the service knows, not a short list kept by the page.
  const countries = await api.get<{ iso: string; dial: number }[]>('/numbers/countries');
  await expect(country.locator('option')).toHaveCount(countries.length);
  await expect(country.locator('option[value="DE"]')).toHaveText('Alemania (+49)');

  // Changed elsewhere while Settings is open: the screen follows.
  await api.patch('/settings', { default_country: 'PE' });
  await expect(country).toHaveValue('PE');

  // Changed here: the service has it, and the recipient field reads by it.
  await country.selectOption('MX');
  await expect
    .poll(async () => (await api.get<{ default_country: string }>('/settings')).default_country)
    .toBe('MX');
  await page.getByRole('link', { name: 'Enviar' }).click();
  await expect(page.getByTestId('default-country')).toHaveText('MX +52');
  await page.getByLabel('Para', { exact: true }).fill(MX_LOCAL);
  await expect(page.locator('#to-status')).toHaveText(/^✓ \+52 /);
});
