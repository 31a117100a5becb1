import { createHash } from 'node:crypto';

import { EntityManager } from 'typeorm';

import { N8nClient, N8nContactPayload, n8nContactPayload, n8nIdempotencyKey } from '@curation/integrations';

import { ContactEntity } from '../../entities/contact.entity';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { DeliveryGate } from './delivery-gate';
import { Wf8Delivered, Wf8DeliveryOptions } from './delivery-options';
import { persistDelivered } from './delivery-persist';
import { deliverySuppression } from './delivery-suppression';

/**
 * WF8 n8n: the reference's webhook payload, POSTed once per deliverable contact with an `Idempotency-Key`.
 *
 * The payload is a function of the row alone: its `timestamp` is the contact's `created_at` (the reference
 * stamped `utcnow()` per attempt, so a retry sent other bytes), and the key's version is a digest of the payload.
 * A retry, a crash mid-delivery or a second worker therefore sends identical bytes under the same key, and n8n
 * starts one execution; a contact whose name or ids changed is a new payload, so a new key, and is sent again.
 * Re-selecting an unchanged contact repeats the same delivery, which n8n deduplicates.
 */
export class Wf8N8nHandler implements WorkflowHandler<ContactEntity, Wf8Delivered> {
  constructor(
    private readonly client: Pick<N8nClient, 'send'>,
    private readonly options: Wf8DeliveryOptions,
  ) {
    if (options.n8nPayloadTimestamp === 'queued_at')
      throw new Error(
        'wf8-n8n: n8nPayloadTimestamp "queued_at" needs a queue-time column contacts does not have; leave it unset to stamp created_at',
      );
  }

  process(items: readonly ContactEntity[], ctx: BatchContext<ContactEntity>): Promise<Outcome<Wf8Delivered>[]> {
    const gate = new DeliveryGate(this.options.pauseMs);
    return ctx.eachItem(items, async (contact, signal) => {
      const suppressed = deliverySuppression(contact, this.options, 'n8n');
      if (suppressed) return outcome.failed(suppressed);
      const held = gate.held();
      if (held) return held;
      const { payload, idempotencyKey } = n8nDelivery(contact);
      try {
        const answer = await this.client.send(payload, { idempotencyKey, signal });
        return outcome.done({ externalId: n8nContactId(answer.body) });
      } catch (error) {
        return gate.outcomeOf(error);
      }
    });
  }

  persist(manager: EntityManager, done: readonly DoneItem<ContactEntity, Wf8Delivered>[]): Promise<void> {
    return persistDelivered(manager, 'n8n', done);
  }
}

/** The bytes and key of one contact's delivery, the same on every attempt. */
export function n8nDelivery(contact: ContactEntity): { payload: N8nContactPayload; idempotencyKey: string } {
  const payload = n8nContactPayload(contact, new Date(contact.created_at));
  const version = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16);
  return { payload, idempotencyKey: n8nIdempotencyKey(contact.id, version) };
}

/**
 * n8n's default answer is `{"message": "Workflow was started"}` and the reference stored no id; a "Respond to
 * Webhook" node that answers an id (`n8n_contact_id` or `id`) gets it stored.
 */
function n8nContactId(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  for (const value of [record.n8n_contact_id, record.id])
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number')
      return String(value).slice(0, 200);
  return null;
}
