// What customers wrote (received) and claim codes: split out of ../types.ts by area, re-exported there.

export type ReceivedKind = 'text' | 'image' | 'video' | 'audio' | 'document' | 'other';

/** What a customer wrote to the shop (`/received`), kept once by the service. */
export interface Received {
  id: string;
  whatsapp_id: string;
  /** The customer's number, E.164. */
  from: string;
  /** The group it was written in, if any. */
  group?: string;
  /** The name the customer gave WhatsApp. */
  push_name?: string;
  kind: ReceivedKind;
  /** The text, or a file's caption. */
  text?: string;
  /** For `other`: what it was (a sticker, a location…), in the service's words. */
  what?: string;
  file_name?: string;
  mime_type?: string;
  size?: number;
  /** ms since the epoch: when the customer sent it. */
  at: number;
  received_at: number;
  /** The shop's message it answers: the last one sent to that customer before it. */
  in_reply_to?: string;
  /** Someone at the shop has seen it. */
  read: boolean;
  /** The shop's number (profile id) it was written to. */
  profile?: string;
}

export type ClaimStatus = 'open' | 'claimed' | 'expired' | 'cancelled';

/** A message waiting for whoever writes its code to the shop's number (`/claims`). */
export interface Claim {
  /** As printed on the ticket (`V-1042`), or made up by the service (`T-7KQ2M`). */
  code: string;
  status: ClaimStatus;
  /** What the customer's phone sends (the link prefills it). */
  text: string;
  /** `https://wa.me/<shop number>?text=…`: what the QR carries. */
  link: string;
  /** The QR as a PNG, under the API. */
  qr: string;
  created_at: number;
  expires_at: number;
  claimed_at?: number;
  /** The number that claimed it, E.164. */
  claimed_by?: string;
  /** The message that went to that number. */
  message_id?: string;
}
