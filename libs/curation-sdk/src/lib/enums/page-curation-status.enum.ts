import { definePgEnum } from './pg-enum';

/** Curation status of pages.page_curation_status. */
export enum PageCurationStatus {
  New = 'New',
  Selected = 'Selected',
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
  Skipped = 'Skipped',
}

export const PageCurationStatusEnum = definePgEnum('PageCurationStatus', 'page_curation_status', PageCurationStatus);
