import { definePgEnum } from './pg-enum';

/** Curation status of places_staging.status and local_businesses.status. */
export enum PlaceStatus {
  New = 'New',
  Selected = 'Selected',
  Maybe = 'Maybe',
  NotAFit = 'Not a Fit',
  Archived = 'Archived',
}

export const PlaceStatusEnum = definePgEnum('PlaceStatus', 'place_status_enum', PlaceStatus);
