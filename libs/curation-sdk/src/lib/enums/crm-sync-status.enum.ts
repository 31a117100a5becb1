import { definePgEnum } from './pg-enum';

/** Brevo, Mautic, n8n and DeBounce selection status on contacts. */
export enum CrmSyncStatus {
  New = 'New',
  Selected = 'Selected',
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
  Skipped = 'Skipped',
}

export const CrmSyncStatusEnum = definePgEnum('CrmSyncStatus', 'crm_sync_status', CrmSyncStatus);
