// Turns one named SSE event from GET /api/v1/events into a LiveEvent (or null if unknown).

import type { LiveEvent, ServiceSettings } from './backend';
import type { BatchUpdate, MessageUpdate, QrCode, Received, SessionInfo, Webhook } from './types';

export function parseLiveEvent(name: string, data: string): LiveEvent | null {
  if (name === 'resync') return { type: 'resync' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  // The service tags each body with its type; the rest is the payload.
  const { type: _type, ...rest } = body;
  switch (name) {
    case 'session':
      return typeof rest.state === 'string'
        ? { type: 'session', session: rest as unknown as SessionInfo }
        : null;
    case 'qr':
      return typeof rest.code === 'string' ? { type: 'qr', qr: rest as unknown as QrCode } : null;
    case 'message':
      return typeof rest.id === 'string' && typeof rest.status === 'string'
        ? { type: 'message', update: rest as unknown as MessageUpdate }
        : null;
    case 'settings':
      return typeof rest.default_country === 'string'
        ? { type: 'settings', settings: rest as unknown as ServiceSettings }
        : null;
    case 'batch':
      return typeof rest.id === 'string' && typeof rest.finished === 'number'
        ? { type: 'batch', update: rest as unknown as BatchUpdate }
        : null;
    case 'webhook':
      return typeof rest.id === 'string' && typeof rest.url === 'string'
        ? { type: 'webhook', webhook: rest as unknown as Webhook }
        : null;
    case 'profiles':
      return typeof rest.id === 'string' ? { type: 'profiles', id: rest.id } : null;
    case 'contacts':
      return { type: 'contacts', id: typeof rest.id === 'string' ? rest.id : undefined };
    case 'received':
      return typeof rest.id === 'string' && typeof rest.from === 'string'
        ? { type: 'received', received: rest as unknown as Received }
        : null;
    default:
      return null;
  }
}
