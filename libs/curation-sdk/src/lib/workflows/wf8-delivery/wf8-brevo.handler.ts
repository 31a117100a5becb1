import { EntityManager } from 'typeorm';

import { brevoAttributes, BrevoClient } from '@curation/integrations';

import { ContactEntity } from '../../entities/contact.entity';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { DeliveryGate } from './delivery-gate';
import { Wf8Delivered, Wf8DeliveryOptions } from './delivery-options';
import { persistDelivered } from './delivery-persist';
import { deliverySuppression } from './delivery-suppression';

/**
 * WF8 Brevo: one `POST /v3/contacts` (`updateEnabled: true`, the client's `BREVO_LIST_ID`) per deliverable
 * contact, with the reference's attributes. Keyed on the e-mail by Brevo, so a retry after a timeout or a second
 * worker updates the one contact instead of creating another. Suppressed contacts fail before any call.
 */
export class Wf8BrevoHandler implements WorkflowHandler<ContactEntity, Wf8Delivered> {
  constructor(
    private readonly client: Pick<BrevoClient, 'upsertContact'>,
    private readonly options: Wf8DeliveryOptions,
  ) {}

  process(items: readonly ContactEntity[], ctx: BatchContext<ContactEntity>): Promise<Outcome<Wf8Delivered>[]> {
    const gate = new DeliveryGate(this.options.pauseMs);
    return ctx.eachItem(items, async (contact, signal) => {
      const suppressed = deliverySuppression(contact, this.options, 'brevo');
      if (suppressed) return outcome.failed(suppressed);
      const held = gate.held();
      if (held) return held;
      try {
        const answer = await this.client.upsertContact(
          { email: contact.email, attributes: brevoAttributes(contact) },
          { signal },
        );
        return outcome.done({ externalId: answer.brevoId === null ? null : String(answer.brevoId) });
      } catch (error) {
        return gate.outcomeOf(error);
      }
    });
  }

  persist(manager: EntityManager, done: readonly DoneItem<ContactEntity, Wf8Delivered>[]): Promise<void> {
    return persistDelivered(manager, 'brevo', done);
  }
}
