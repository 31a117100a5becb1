import { definePgEnum } from './pg-enum';

/** WF1 job status: place_searches.status (a varchar column in the reference, not a Postgres enum). */
export enum PlaceSearchStatus {
  Pending = 'pending',
  Processing = 'processing',
  Complete = 'complete',
  Failed = 'failed',
}

export const PlaceSearchStatusEnum = definePgEnum('PlaceSearchStatus', null, PlaceSearchStatus);
