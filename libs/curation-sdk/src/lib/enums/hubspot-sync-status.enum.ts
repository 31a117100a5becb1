import { definePgEnum } from './pg-enum';

/** contacts.hubspot_sync_status and domains.hubspot_sync_status. */
export enum HubSpotSyncStatus {
  New = 'New',
  Selected = 'Selected',
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
  Skipped = 'Skipped',
}

export const HubSpotSyncStatusEnum = definePgEnum('HubSpotSyncStatus', 'hubspot_sync_status', HubSpotSyncStatus);
