import { definePgEnum } from './pg-enum';

/** WF3 processing status: local_businesses.domain_extraction_status. */
export enum DomainExtractionStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Completed = 'Completed',
  Error = 'Error',
}

export const DomainExtractionStatusEnum = definePgEnum(
  'DomainExtractionStatus',
  'domain_extraction_status_enum',
  DomainExtractionStatus,
);
