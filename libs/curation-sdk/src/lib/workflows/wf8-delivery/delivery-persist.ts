import { EntityManager } from 'typeorm';

import { ContactEntity } from '../../entities/contact.entity';
import { CrmSyncStatus, CrmSyncStatusEnum } from '../../enums/crm-sync-status.enum';
import { HubSpotSyncStatus, HubSpotSyncStatusEnum } from '../../enums/hubspot-sync-status.enum';
import { DoneItem } from '../../scheduler/outcome';
import { enumCast } from '../workflow-sql';
import { Wf8Delivered } from './delivery-options';
import { Wf8DeliveryCrm } from './delivery-suppression';

/** Each CRM's id column, the value kept when an answer carries no id, and its selection column. */
const TARGETS: Record<Wf8DeliveryCrm, { idColumn: string; fallback: string; syncColumn: string; complete: string }> = {
  // Brevo's 204 (an existing contact updated) carries no id; the reference stored the e-mail, Brevo's other key.
  brevo: {
    idColumn: 'brevo_contact_id',
    fallback: 'coalesce(c.brevo_contact_id, c.email)',
    syncColumn: 'brevo_sync_status',
    complete: `'${CrmSyncStatus.Complete}'${enumCast(CrmSyncStatusEnum)}`,
  },
  hubspot: {
    idColumn: 'hubspot_contact_id',
    fallback: 'c.hubspot_contact_id',
    syncColumn: 'hubspot_sync_status',
    complete: `'${HubSpotSyncStatus.Complete}'${enumCast(HubSpotSyncStatusEnum)}`,
  },
  n8n: {
    idColumn: 'n8n_contact_id',
    fallback: 'c.n8n_contact_id',
    syncColumn: 'n8n_sync_status',
    complete: `'${CrmSyncStatus.Complete}'${enumCast(CrmSyncStatusEnum)}`,
  },
};

/**
 * The done contacts of one batch in one statement, whatever its size: the CRM's id and the selection column
 * `Complete`, as the reference wrote on success. It runs in the acknowledgement's transaction, so a contact's
 * id and its processing `Complete` commit together.
 */
export async function persistDelivered(
  manager: EntityManager,
  crm: Wf8DeliveryCrm,
  done: readonly DoneItem<ContactEntity, Wf8Delivered>[],
): Promise<void> {
  if (done.length === 0) return;
  const t = TARGETS[crm];
  await manager.query(
    `UPDATE contacts AS c SET "${t.idColumn}" = coalesce(v.external_id, ${t.fallback}), "${t.syncColumn}" = ${t.complete}
       FROM unnest($1::uuid[], $2::text[]) AS v(id, external_id)
      WHERE c.id = v.id`,
    [done.map((d) => d.item.id), done.map((d) => d.result.externalId)],
  );
}
