// Test fixtures: one server per worker, a page opened on it with the key in the fragment and
// the chosen language, and a small REST client for setting up and checking.
import { test as base, expect, type Page } from '@playwright/test';
import { type Server, startServer } from './serve';

export type Lang = 'es' | 'en';

export interface Api {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown): Promise<T>;
}

interface Fixtures {
  api: Api;
  /** Opens the app in a language (the page's own key handling does the rest). */
  open: (lang: Lang, screen?: string) => Promise<Page>;
}

export const test = base.extend<Fixtures, { server: Server }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer((process.env.MOSTRADOR_SERVE_ARGS ?? '').split(' ').filter(Boolean));
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  api: async ({ server, request }, use) => {
    const call = async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> => {
      const res = await request.fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { 'X-API-Key': server.key },
        data: body,
      });
      const json = (await res.json()) as { success: boolean; data: T; error?: { code: string } };
      if (!json.success) throw new Error(`${method} ${path}: ${json.error?.code}`);
      return json.data;
    };
    await use({
      get: (p) => call('GET', p),
      post: (p, b) => call('POST', p, b),
      patch: (p, b) => call('PATCH', p, b),
    });
  },

  open: async ({ page, server }, use) => {
    await use(async (lang, screen) => {
      await page.addInitScript((l) => {
        const prefs = JSON.parse(localStorage.getItem('mostrador.prefs') ?? '{}');
        localStorage.setItem('mostrador.prefs', JSON.stringify({ ...prefs, lang: l }));
      }, lang);
      // A fresh document each time, so the language set above applies.
      await page.goto('about:blank');
      await page.goto(`${server.url}/#key=${server.key}`);
      await expect(page.getByRole('navigation')).toBeVisible();
      if (screen) {
        await page.evaluate((s) => {
          location.hash = `#/${s}`;
        }, screen);
      }
      return page;
    });
  },
});

export { expect };
