// The POS's webhooks and their deliveries: split out of ../types.ts by area, re-exported there.

/** How a webhook's endpoint is doing, as the service judges it: `failing` (its last attempts
 *  failed; events wait and are retried) or `gone` (it answered 410 Gone and was turned off). */
export type WebhookHealth = 'ok' | 'failing' | 'gone';

/** An endpoint of the POS told of changes, signed per Standard Webhooks (`GET /webhooks`). */
export interface Webhook {
  id: string;
  url: string;
  /** Event types (`message.delivered`), families (`message.*`) or `*`. */
  events: string[];
  enabled: boolean;
  health: WebhookHealth;
  /** Since when every attempt has failed (ms), while it is failing. */
  failing_since?: number;
  last_success_at?: number;
  created_at: number;
  updated_at: number;
}

/** What a new webhook is, or what to change in one; what is left out stays (or defaults). */
export interface WebhookInput {
  url?: string;
  events?: string[];
  enabled?: boolean;
}

/** `POST /webhooks`'s answer: the signing secret (`whsec_…`) is shown this once. */
export interface WebhookCreated {
  webhook: Webhook;
  secret: string;
}

/** One attempt to deliver an event to a webhook. */
export interface Delivery {
  /** The same on every attempt at one event (`webhook-id`). */
  event_id: string;
  event_type: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
  /** The receiver's HTTP status, when it answered. */
  http_status?: number;
  latency_ms: number;
  /** Why it did not count as delivered, in the service's words (no answer, timeout, a status
   *  other than 2xx). */
  error?: string;
  /** The same as a code, said in the UI's language. */
  problem?: DeliveryProblem;
}

export type DeliveryProblem = 'status' | 'timeout' | 'refused' | 'unreachable' | 'stopped';
