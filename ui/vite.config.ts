// Build and unit-test configuration for the web UI (served by `mostrador serve` at `/`).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies the API to a running `mostrador serve` (set MOSTRADOR_API).
const api = process.env.MOSTRADOR_API ?? 'http://127.0.0.1:3107';

export default defineConfig({
  plugins: [svelte()],
  base: './',
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    outDir: 'dist',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        // The API refuses foreign Origins; the dev server is this PC too.
        configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')),
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
