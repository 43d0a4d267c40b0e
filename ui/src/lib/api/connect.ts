// Picks the transport: HTTP+SSE in a browser; the desktop app's Tauri IPC will plug in here.

import type { Backend } from './backend';
import { HttpBackend } from './http';

export interface Hooks {
  onUnauthorized: () => void;
  onKeyChanged: (key: string) => void;
}

/** True inside the desktop app's webview (the Tauri transport is not written yet). */
export function inDesktopApp(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export function createBackend(key: string, hooks: Hooks): Backend {
  return new HttpBackend({ origin: location.origin, key, ...hooks });
}
