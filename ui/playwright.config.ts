// Playwright: the UI in headless Chromium against a real `mostrador serve` (see e2e/harness.ts).
// `npm run e2e` runs e2e/*.spec.ts; `npm run shots` writes screenshots of every screen to shots/.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'e2e', testMatch: /.*\.spec\.ts/ },
    { name: 'shots', testMatch: /.*\.shots\.ts/ },
  ],
});
