import { definePgEnum } from './pg-enum';

/** Brevo, Mautic, n8n and DeBounce processing status on contacts. */
export enum CrmProcessingStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
}

export const CrmProcessingStatusEnum = definePgEnum(
  'CrmProcessingStatus',
  'crm_processing_status',
  CrmProcessingStatus,
);
