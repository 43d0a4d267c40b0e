// Tauri's IPC, as much as the UI uses: commands and events over the `__TAURI_INTERNALS__` the
// app's webview injects (rather than the @tauri-apps/api package, to keep the bundle small).

import { ApiError, asApiError } from './errors';
import type { RowError } from './types';

export interface TauriEvent<T> {
  event: string;
  id: number;
  payload: T;
}

export interface TauriInternals {
  invoke(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Registers a function the Rust side can call; returns its id. */
  transformCallback<T>(callback: (message: T) => void, once?: boolean): number;
}

declare global {
  interface Window {
    __TAURI_INTERNALS__?: TauriInternals;
    /** Tauri's own listener table; present in a real webview, absent in tests. */
    __TAURI_EVENT_PLUGIN_INTERNALS__?: { unregisterListener?: (event: string, id: number) => void };
  }
}

/** Inside the desktop app's webview. */
export function inDesktopApp(): boolean {
  return typeof window !== 'undefined' && window.__TAURI_INTERNALS__ !== undefined;
}

function internals(): TauriInternals {
  const i = typeof window === 'undefined' ? undefined : window.__TAURI_INTERNALS__;
  if (!i) throw new ApiError('UNSUPPORTED', 'not inside the desktop app');
  return i;
}

/** A command's failure: its `{code, message}` (the REST API's), else Tauri's own words. */
export function commandError(e: unknown): ApiError {
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
    const { code, message, rows } = e as { code: string; message?: unknown; rows?: unknown };
    const refused = Array.isArray(rows) ? (rows as RowError[]) : [];
    return new ApiError(code, typeof message === 'string' ? message : code, 0, refused);
  }
  // e.g. "command foo not allowed by ACL": a string, not the app's error.
  return asApiError(typeof e === 'string' ? new Error(e) : e);
}

/** Runs a Rust command; rejects with an ApiError. */
export async function invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await internals().invoke(cmd, args)) as T;
  } catch (e) {
    throw commandError(e);
  }
}

/** Calls `handler` with each payload of `event` until the returned function is called. */
export function listen<T>(event: string, handler: (payload: T) => void): () => void {
  let stopped = false;
  const i = internals();
  const id = i
    .invoke('plugin:event|listen', {
      event,
      target: { kind: 'Any' },
      handler: i.transformCallback((e: TauriEvent<T>) => {
        if (!stopped) handler(e.payload);
      }),
    })
    .then((eventId) => eventId as number);
  id.catch(() => {
    // Not allowed or not there: the app simply hears nothing.
  });
  return () => {
    if (stopped) return;
    stopped = true;
    id.then((eventId) => {
      window.__TAURI_EVENT_PLUGIN_INTERNALS__?.unregisterListener?.(event, eventId);
      return i.invoke('plugin:event|unlisten', { event, eventId });
    }).catch(() => {
      // Never listening, or the window is going away: nothing is left to remove.
    });
  };
}
