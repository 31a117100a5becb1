import { definePgEnum } from './pg-enum';

/** WF7 processing status: pages.page_processing_status (Filtered is set at import). */
export enum PageProcessingStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
  Filtered = 'Filtered',
}

export const PageProcessingStatusEnum = definePgEnum(
  'PageProcessingStatus',
  'page_processing_status',
  PageProcessingStatus,
);
