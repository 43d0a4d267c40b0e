// Picks the transport: HTTP+SSE in a browser. Inside the desktop app (a webview where
// `window.__TAURI_INTERNALS__` exists) a TauriBackend over IPC will be returned here instead,
// and needs no key.

import type { Backend } from './backend';
import { HttpBackend } from './http';

export interface Hooks {
  onUnauthorized: () => void;
  onKeyChanged: (key: string) => void;
}

export function createBackend(key: string, hooks: Hooks): Backend {
  return new HttpBackend({ origin: location.origin, key, ...hooks });
}
