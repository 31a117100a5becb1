import { definePgEnum } from './pg-enum';

/** contacts.hubspot_processing_status and domains.hubspot_processing_status. */
export enum HubSpotSyncProcessingStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
}

export const HubSpotSyncProcessingStatusEnum = definePgEnum(
  'HubSpotSyncProcessingStatus',
  'hubspot_sync_processing_status',
  HubSpotSyncProcessingStatus,
);
