import { DeliveryContact } from '../http-client/delivery-contact';

/** The reference's outbound payload (`_post_to_webhook`), field for field. */
export interface N8nContactPayload {
  contact_id: string;
  email: string;
  name: string | null;
  scrapersky_domain_id: string | null;
  scrapersky_page_id: string | null;
  /** ISO-8601 UTC with "Z". */
  timestamp: string;
}

/**
 * The reference's payload. It stamped `datetime.utcnow()` on every attempt, so a retry sent different bytes under
 * the same contact; here the caller passes the instant (the row's queue time, say) so a retry of one delivery is
 * byte-identical and its idempotency key means something.
 */
export function n8nContactPayload(contact: DeliveryContact, timestamp: Date): N8nContactPayload {
  return {
    contact_id: String(contact.id),
    email: contact.email,
    name: contact.name ?? null,
    scrapersky_domain_id: contact.domain_id ? String(contact.domain_id) : null,
    scrapersky_page_id: contact.page_id ? String(contact.page_id) : null,
    timestamp: timestamp.toISOString(),
  };
}

/** Stable per contact and payload version: the same delivery retried carries the same key. */
export function n8nIdempotencyKey(contactId: string, version: string | number): string {
  return `wf8-n8n:${contactId}:${version}`;
}
