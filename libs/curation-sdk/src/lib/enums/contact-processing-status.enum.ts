import { definePgEnum } from './pg-enum';

/** contacts.contact_processing_status. */
export enum ContactProcessingStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
}

export const ContactProcessingStatusEnum = definePgEnum(
  'ContactProcessingStatus',
  'contact_processing_status',
  ContactProcessingStatus,
);
