// The claim the Send screen shows ("the customer scans a QR"): made by the service, its QR,
// and its status kept current — read again when a new message appears (a claimed code becomes
// one) or events were missed — with the message it became, moved along by its events.

import type { ClaimDraft } from '../api/backend';
import type { Claim, Message } from '../api/types';
import { applyUpdate, isNew } from '../status';
import { backend, catchUp, onMessageUpdate, onResync, requestProfile } from './app.svelte';

export const shown = $state({
  claim: null as Claim | null,
  /** An object URL of its QR; empty until drawn (or when it could not be). */
  qr: '',
  /** The message it became, once a customer claimed it. */
  message: null as Message | null,
  /** Shown big, for the customer. */
  customerView: false,
});

let stop: (() => void) | null = null;

/** Asks the service for a claim and shows it (its QR drawn by the service). */
export async function createClaim(draft: ClaimDraft): Promise<Claim> {
  const b = backend();
  // From "Send from" unless the draft names its number.
  const claim = await b.claims.create({ profile: requestProfile(), ...draft });
  await showClaim(claim.code, claim);
  return claim;
}

/** Shows the claim `code` (as `known`, when the caller has it): its QR, then its changes. */
export async function showClaim(code: string, known?: Claim): Promise<void> {
  closeClaim();
  const b = backend();
  shown.claim = known ?? (await b.claims.get(code));
  const a = onMessageUpdate((u) => {
    const m = shown.message;
    if (m && m.id === u.id) shown.message = applyUpdate(m, u);
    else if (shown.claim?.status === 'open' && isNew(u)) void reread();
  });
  const r = onResync(() => void reread());
  stop = () => {
    a();
    r();
  };
  await settle();
  try {
    const url = await b.claims.qrUrl(code);
    if (shown.claim?.code === code && !shown.qr) shown.qr = url;
    else URL.revokeObjectURL(url);
  } catch {
    // The code and its link still show; the QR is drawn again when asked again.
  }
}

/** The claim as the service has it now. */
async function reread(): Promise<void> {
  const c = shown.claim;
  if (!c) return;
  try {
    const now = await backend().claims.get(c.code);
    if (shown.claim?.code !== c.code) return;
    shown.claim = now;
    await settle();
  } catch {
    // Out of reach: the next event or a resync reads it again.
  }
}

/** Once claimed: the message it became, with what its events said meanwhile. */
async function settle(): Promise<void> {
  const id = shown.claim?.message_id;
  if (!id || shown.message?.id === id) return;
  try {
    const m = catchUp(await backend().message(id));
    if (shown.claim?.message_id === id) shown.message = m;
  } catch {
    // Shown as claimed without ticks until the next read.
  }
}

/** Withdraws the shown claim (the sale was voided); the service says if it was too late. */
export async function cancelClaim(): Promise<void> {
  const c = shown.claim;
  if (!c) return;
  const now = await backend().claims.cancel(c.code);
  if (shown.claim?.code === c.code) shown.claim = now;
}

export function closeClaim(): void {
  stop?.();
  stop = null;
  if (shown.qr) URL.revokeObjectURL(shown.qr);
  shown.claim = null;
  shown.qr = '';
  shown.message = null;
  shown.customerView = false;
}
