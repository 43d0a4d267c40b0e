// Playwright: the UI in headless Chromium against a real `mostrador serve` (see e2e/harness.ts;
// e2e/fake-network.ts adds the fake WhatsApp network and a demo build).
// `npm run e2e` runs e2e/*.spec.ts; `npm run shots` writes screenshots of every screen to shots/.
// Timeouts are generous and there are no retries: CI runs this on two busy cores, and a test
// that passes only on a second try is a failure to fix, not to hide.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 768 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'e2e', testMatch: /.*\.spec\.ts/ },
    { name: 'shots', testMatch: /.*\.shots\.ts/ },
  ],
});
