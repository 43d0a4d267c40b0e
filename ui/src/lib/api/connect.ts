// Picks the transport: HTTP+SSE in a browser, IPC inside the desktop app (a webview where
// `window.__TAURI_INTERNALS__` exists), which needs no key.

import type { Backend } from './backend';
import { HttpBackend } from './http';
import { inDesktopApp } from './ipc';
import { TauriBackend } from './tauri';

export { inDesktopApp };

export interface Hooks {
  onUnauthorized: () => void;
  onKeyChanged: (key: string) => void;
}

export function createBackend(key: string, hooks: Hooks): Backend {
  if (inDesktopApp()) return new TauriBackend();
  return new HttpBackend({ origin: location.origin, key, ...hooks });
}
