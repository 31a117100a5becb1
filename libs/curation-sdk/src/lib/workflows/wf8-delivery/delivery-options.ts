/** How the three WF8 delivery workflows (Brevo, HubSpot, n8n) decide what to send and how long to wait. */
export interface Wf8DeliveryOptions {
  /**
   * `<CRM>_ALLOW_UNVALIDATED` (default false): deliver a contact whose address DeBounce has not validated, or could
   * not verify (`unknown`). Off, such a contact fails with a reason saying so and is never sent.
   */
  readonly allowUnvalidated: boolean;
  /** `DEBOUNCE_QUEUE_CATCH_ALL` (default false): deliver an address on a domain that accepts every address. */
  readonly deliverCatchAll: boolean;
  /** `WF8_PAUSE_MS` (default 15 min): a 401/402 pauses the workflow this long, in every worker. */
  readonly pauseMs: number;
  /**
   * n8n only: the instant stamped in the payload's `timestamp`. Unset (the default), the contact's `created_at`:
   * the one instant on the row that no retry, claim or re-queue changes, so a redelivery sends identical bytes
   * under the same idempotency key. `'queued_at'` is reserved for a queue-time column the schema does not have
   * yet; the n8n handler refuses it rather than stamp something that moves.
   */
  readonly n8nPayloadTimestamp?: 'queued_at';
}

export const DEFAULT_WF8_DELIVERY_OPTIONS: Wf8DeliveryOptions = Object.freeze({
  allowUnvalidated: false,
  deliverCatchAll: false,
  pauseMs: 900_000,
});

/**
 * A 429 that names no wait: Brevo's and HubSpot's windows are 1 to 10 seconds, so the longest of them, without
 * using an attempt.
 */
export const DEFAULT_RATE_LIMIT_DELAY_MS = 10_000;

/** What a done delivery writes back: the CRM's id for the contact, when it gave one. */
export interface Wf8Delivered {
  readonly externalId: string | null;
}
