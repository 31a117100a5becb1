import { CurationStatusResult } from '@curation/sdk';

export interface StatusUpdateResponse {
  readonly message: string;
  readonly updated_count: number;
  readonly queued_count: number;
}

/** The reference's response to every status update; the frontend reads the two counts. */
export function statusResponse(result: CurationStatusResult, noun: string, label: string): StatusUpdateResponse {
  return {
    message: `Updated ${result.updated_count} ${noun} to ${label}`,
    updated_count: result.updated_count,
    queued_count: result.queued_count,
  };
}
