import { definePgEnum } from './pg-enum';

/** WF2 processing status: places_staging.deep_scan_status. */
export enum GcpApiDeepScanStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Completed = 'Completed',
  Error = 'Error',
}

export const GcpApiDeepScanStatusEnum = definePgEnum(
  'GcpApiDeepScanStatus',
  'gcp_api_deep_scan_status',
  GcpApiDeepScanStatus,
);
