import { definePgEnum } from './pg-enum';

/** contacts.contact_curation_status. */
export enum ContactCurationStatus {
  New = 'New',
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
  Skipped = 'Skipped',
}

export const ContactCurationStatusEnum = definePgEnum(
  'ContactCurationStatus',
  'contact_curation_status',
  ContactCurationStatus,
);
