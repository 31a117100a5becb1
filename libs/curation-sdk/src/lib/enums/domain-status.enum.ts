import { definePgEnum } from './pg-enum';

/** domains.status (varchar in the reference; values the reference wrote). */
export enum DomainStatus {
  Active = 'active',
  Pending = 'pending',
  Processing = 'processing',
  Completed = 'completed',
  Error = 'error',
  Scanned = 'scanned',
  Failed = 'failed',
}

export const DomainStatusEnum = definePgEnum('DomainStatus', null, DomainStatus);
