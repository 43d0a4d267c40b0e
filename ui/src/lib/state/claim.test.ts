// The Send screen's claim: shown with its QR, read again when a new message appears (a claimed
// code becomes one), then the message it became moved along by its events; closing forgets it.
import { describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent } from '../api/backend';
import type { Claim, Message } from '../api/types';
import { start } from './app.svelte';
import { closeClaim, createClaim, shown } from './claim.svelte';

const open: Claim = {
  code: 'T-7KQ2M',
  status: 'open',
  text: 'Ticket T-7KQ2M',
  link: 'https://wa.me/59170000001?text=Ticket%20T-7KQ2M',
  qr: '/api/v1/claims/T-7KQ2M/claim.png',
  created_at: 1,
  expires_at: 2,
};
const claimed: Claim = { ...open, status: 'claimed', claimed_by: '+59171234567', message_id: 'm9' };
const message: Message = {
  id: 'm9',
  whatsapp_id: 'w9',
  to: '+59171234567',
  content: { type: 'text', text: 'Su recibo' },
  status: 'queued',
  attempts: 0,
  created_at: 3,
  updated_at: 3,
  revision: 1,
  status_times: { queued: 3 },
};

describe('the shown claim', () => {
  it('follows its code from open to claimed to the message’s ticks', async () => {
    let push: (e: LiveEvent) => void = () => {};
    let now = open;
    const get = vi.fn(async () => now);
    const b = {
      subscribe: (l: (e: LiveEvent) => void) => ((push = l), () => {}),
      capabilities: () => new Promise(() => {}),
      version: () => new Promise(() => {}),
      message: async () => message,
      claims: { create: async () => open, get, qrUrl: async () => 'blob:qr', cancel: async () => now },
    } as unknown as Backend;
    start(b);
    vi.stubGlobal('URL', Object.assign(URL, { revokeObjectURL: vi.fn() }));
    await createClaim({ text: 'Su recibo' });
    expect(shown.claim?.status).toBe('open');
    expect(shown.qr).toBe('blob:qr');

    // Another message's status change is not a claim.
    const update = (id: string, status: Message['status'], revision: number, attempts = 0) =>
      push({ type: 'message', update: { id, whatsapp_id: 'w', status, attempts, at: 4, revision } });
    update('other', 'sent', 3, 1);
    expect(get).not.toHaveBeenCalled();
    now = claimed;
    update('m9', 'queued', 1);
    await vi.waitFor(() => expect(shown.claim?.status).toBe('claimed'));
    await vi.waitFor(() => expect(shown.message?.id).toBe('m9'));
    update('m9', 'delivered', 3, 1);
    expect(shown.message?.status).toBe('delivered');

    closeClaim();
    expect(shown.claim).toBeNull();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:qr');
    vi.unstubAllGlobals();
  });
});
