import { EntityManager } from 'typeorm';

import {
  CrmClientError,
  HUBSPOT_MAX_BATCH,
  HubSpotBatchUpsertResult,
  HubSpotClient,
  hubspotProperties,
} from '@curation/integrations';

import { ContactEntity } from '../../entities/contact.entity';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { DeliveryGate } from './delivery-gate';
import { Wf8Delivered, Wf8DeliveryOptions } from './delivery-options';
import { persistDelivered } from './delivery-persist';
import { deliverySuppression } from './delivery-suppression';

type Verdicts = Map<ContactEntity, Outcome<Wf8Delivered>>;

const keyOf = (email: string): string => email.trim().toLowerCase();

/**
 * WF8 HubSpot: the deliverable contacts of a claimed batch go in one contacts batch upsert per 100 (HubSpot's
 * limit), keyed on the e-mail, so a crash, a timeout or a second worker updates the same records instead of
 * creating them twice as the reference's search-then-create did. Each contact then takes what HubSpot said
 * about it: upserted (its id stored), named as failed (fails), or left out of the answer (retried).
 *
 * A whole batch refused (400) because of some of its addresses names them: those fail and the rest are sent
 * again, so one bad address does not fail its batch-mates. A refusal naming none of them (a property the portal
 * lacks) is about every contact and fails them all with HubSpot's reason.
 */
export class Wf8HubSpotHandler implements WorkflowHandler<ContactEntity, Wf8Delivered> {
  constructor(
    private readonly client: Pick<HubSpotClient, 'batchUpsertContacts'>,
    private readonly options: Wf8DeliveryOptions,
  ) {}

  process(items: readonly ContactEntity[], ctx: BatchContext<ContactEntity>): Promise<Outcome<Wf8Delivered>[]> {
    const gate = new DeliveryGate(this.options.pauseMs);
    const suppressed = new Map<ContactEntity, string>();
    for (const contact of items) {
      const reason = deliverySuppression(contact, this.options, 'hubspot');
      if (reason) suppressed.set(contact, reason);
    }
    const deliverable = items.filter((c) => !suppressed.has(c));
    const chunkOf = new Map<ContactEntity, Chunk>();
    for (let i = 0; i < deliverable.length; i += HUBSPOT_MAX_BATCH) {
      const chunk = new Chunk(deliverable.slice(i, i + HUBSPOT_MAX_BATCH), this.client, gate);
      for (const contact of chunk.contacts) chunkOf.set(contact, chunk);
    }
    // Through eachItem, so each contact keeps the loop's deadline, shutdown and cut rules; the first contact of a
    // chunk to start sends the chunk's one request, on its own signal, and the others share its answer.
    return ctx.eachItem(items, async (contact, signal) => {
      const reason = suppressed.get(contact);
      if (reason) return outcome.failed(reason);
      const chunk = chunkOf.get(contact);
      if (!chunk) return outcome.retry('internal: contact not in any HubSpot batch');
      if (!chunk.started) {
        const held = gate.held();
        if (held) return held;
      }
      const verdicts = await chunk.send(signal);
      return verdicts.get(contact) ?? outcome.retry('HubSpot: no verdict for this contact');
    });
  }

  persist(manager: EntityManager, done: readonly DoneItem<ContactEntity, Wf8Delivered>[]): Promise<void> {
    return persistDelivered(manager, 'hubspot', done);
  }
}

/** Up to 100 contacts and their one shared request. */
class Chunk {
  private sending: Promise<Verdicts> | null = null;

  constructor(
    readonly contacts: readonly ContactEntity[],
    private readonly client: Pick<HubSpotClient, 'batchUpsertContacts'>,
    private readonly gate: DeliveryGate,
  ) {}

  get started(): boolean {
    return this.sending !== null;
  }

  send(signal: AbortSignal): Promise<Verdicts> {
    this.sending ??= this.upsert(this.contacts, signal);
    return this.sending;
  }

  private async upsert(contacts: readonly ContactEntity[], signal: AbortSignal): Promise<Verdicts> {
    const verdicts: Verdicts = new Map();
    let pending = contacts;
    // Each round either ends every pending contact or fails at least one named address, so it ends.
    while (pending.length > 0) {
      let answer: HubSpotBatchUpsertResult;
      try {
        const syncDate = new Date();
        answer = await this.client.batchUpsertContacts(
          pending.map((c) => ({ email: c.email, properties: hubspotProperties(c, { syncDate }) })),
          { signal },
        );
      } catch (error) {
        const named = error instanceof CrmClientError && error.code === 'rejected' ? namedIn(error, pending) : [];
        if (named.length === 0 || named.length === pending.length) {
          const verdict = this.gate.outcomeOf(error);
          for (const contact of pending) verdicts.set(contact, verdict);
          return verdicts;
        }
        for (const contact of named) verdicts.set(contact, outcome.failed((error as Error).message));
        pending = pending.filter((c) => !named.includes(c));
        continue;
      }
      for (const contact of pending) verdicts.set(contact, verdictFor(contact, answer));
      pending = [];
    }
    return verdicts;
  }
}

function verdictFor(contact: ContactEntity, answer: HubSpotBatchUpsertResult): Outcome<Wf8Delivered> {
  const key = keyOf(contact.email);
  const upserted = answer.upserted.get(key);
  if (upserted) return outcome.done({ externalId: upserted.id });
  const failed = answer.failed.get(key);
  if (failed)
    return outcome.failed(`HubSpot refused ${contact.email}: ${failed.category ?? 'error'}: ${failed.message}`);
  return outcome.retry(`HubSpot batch upsert did not confirm ${contact.email}`);
}

/** Characters that may continue an address: a match must not be part of a longer one. */
const ADDRESS_CHAR = /[a-z0-9._%+\-@]/;

/** The contacts whose address a batch-wide refusal quotes, as a whole address. */
function namedIn(error: CrmClientError, contacts: readonly ContactEntity[]): ContactEntity[] {
  const message = error.message.toLowerCase();
  return contacts.filter((c) => {
    const key = keyOf(c.email);
    for (let at = message.indexOf(key); at >= 0; at = message.indexOf(key, at + 1)) {
      const before = message[at - 1] ?? ' ';
      const after = message[at + key.length] ?? ' ';
      if (!ADDRESS_CHAR.test(before) && !(ADDRESS_CHAR.test(after) && after !== '.')) return true;
    }
    return false;
  });
}
