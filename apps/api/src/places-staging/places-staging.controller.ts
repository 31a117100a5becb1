import { Body, Controller, Get, HttpCode, HttpStatus, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

import { CurationFilter, PlaceStatus, WF2_DEEP_SCAN } from '@curation/sdk';

import { CurationListService, ListPage } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { StatusUpdateResponse } from '../curation/status-response';
import {
  ListPlacesStagingQuery,
  QueueDeepScanBody,
  UpdateFilteredPlacesStatusBody,
  UpdatePlacesStatusBody,
  UpdatePlacesStatusQuery,
} from './places-staging.dto';
import { PlaceListPage } from './places-staging.responses';

// The reference's item names (business_name, address, category, reviews_count) over the model's columns.
const SOURCE = {
  from: '"places_staging" t',
  columns: [
    't."place_id"',
    't."name" AS "business_name"',
    't."formatted_address" AS "address"',
    't."business_type" AS "category"',
    't."search_location"',
    't."latitude"',
    't."longitude"',
    't."rating"',
    't."user_ratings_total" AS "reviews_count"',
    't."price_level"',
    't."status"',
    't."deep_scan_status"',
    't."deep_scan_error"',
    't."updated_at"',
    // The reference's name for when WF2 last processed the place.
    't."processed_time" AS "last_deep_scanned_at"',
    't."search_job_id"',
    't."tenant_id"',
  ],
};

const filtersOf = (status: string | undefined, jobId: string | undefined) =>
  definedFilters([
    ['status', 'eq', status],
    ['search_job_id', 'eq', jobId],
  ]);

/** Places are addressed by Google's place_id; one array parameter however many. */
const byPlaceIds = (placeIds: readonly string[]): CurationFilter[] => [
  { column: 'place_id', op: 'in', values: placeIds },
];

/** WF2 curation: places found by a search are selected here for a deep scan. */
@Controller('api/v3/places/staging')
export class PlacesStagingController {
  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
  ) {}

  /** Every row is returned and counted (the reference dropped rows without a search job but counted them). */
  @Get()
  @ApiOkResponse({ type: PlaceListPage })
  list(@Query() query: ListPlacesStagingQuery): Promise<ListPage<Record<string, unknown>>> {
    return this.lists.page(
      {
        ...SOURCE,
        filters: filtersOf(query.status, query.discovery_job_id),
        sortBy: 'updated_at',
        descending: true,
        cursor: query.cursor,
      },
      query.page,
      query.size,
    );
  }

  /** `trigger_deep_scan` is accepted for the reference's clients; selecting queues the deep scan either way. */
  @Put('status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatus(
    @Body() body: UpdatePlacesStatusBody,
    @Query() _query: UpdatePlacesStatusQuery,
  ): Promise<StatusUpdateResponse> {
    return this.statuses.byFilters(WF2_DEEP_SCAN, byPlaceIds(body.place_ids), body.status, 'places', false);
  }

  @Put('status/filtered')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredPlacesStatusBody): Promise<StatusUpdateResponse> {
    return this.statuses.byFilters(
      WF2_DEEP_SCAN,
      filtersOf(body.status_filter, body.discovery_job_id),
      body.status,
      'places',
    );
  }

  /**
   * Queues places for a deep scan. This is the same rule as selecting them (status `Selected`), so the
   * curation view and the processing state agree. The reference's `IN (NULL, 'Error')` never matched
   * fresh places.
   */
  @Put('queue-deep-scan')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  @HttpCode(HttpStatus.ACCEPTED)
  queueDeepScan(@Body() body: QueueDeepScanBody): Promise<StatusUpdateResponse> {
    return this.statuses.byFilters(WF2_DEEP_SCAN, byPlaceIds(body.place_ids), PlaceStatus.Selected, 'places', false);
  }
}
