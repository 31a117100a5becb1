import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { applyCurationStatus, CurationFilter, PlaceStatus, WF2_DEEP_SCAN } from '@curation/sdk';
import { DataSource } from 'typeorm';
import { CurationListService, ListPage } from '../curation/curation-list.service';
import { statusResponse, StatusUpdateResponse } from '../curation/status-response';
import { ListPlacesStagingQuery, QueueDeepScanBody, UpdateFilteredPlacesStatusBody, UpdatePlacesStatusBody } from './places-staging.dto';

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
    't."search_job_id"',
    't."tenant_id"',
  ],
};

function filtersOf(status: string | undefined, jobId: string | undefined): CurationFilter[] {
  const filters: CurationFilter[] = [];
  if (status) filters.push({ column: 'status', op: 'eq', value: status });
  if (jobId) filters.push({ column: 'search_job_id', op: 'eq', value: jobId });
  return filters;
}

/** WF2 curation: places found by a search are selected here for a deep scan. */
@Controller('api/v3/places/staging')
export class PlacesStagingController {
  constructor(
    private readonly lists: CurationListService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Every row is returned and counted (the reference dropped rows without a search job but counted them). */
  @Get()
  list(@Query() query: ListPlacesStagingQuery): Promise<ListPage<Record<string, unknown>>> {
    return this.lists.page({ ...SOURCE, filters: filtersOf(query.status, query.discovery_job_id), sortBy: 'updated_at', descending: true }, query.page, query.size);
  }

  @Put('status')
  async updateStatus(@Body() body: UpdatePlacesStatusBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF2_DEEP_SCAN, { filters: [{ column: 'place_id', op: 'in', values: body.place_ids }] }, body.status);
    return statusResponse(result, 'places', body.status);
  }

  @Put('status/filtered')
  async updateFiltered(@Body() body: UpdateFilteredPlacesStatusBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF2_DEEP_SCAN, { filters: filtersOf(body.status_filter, body.discovery_job_id) }, body.status);
    if (result.updated_count === 0) throw new NotFoundException({ detail: 'No places match the filters' });
    return statusResponse(result, 'places', body.status);
  }

  /**
   * Queues places for a deep scan. This is the same rule as selecting them (status `Selected`), so the
   * curation view and the processing state agree. The reference's `IN (NULL, 'Error')` never matched
   * fresh places.
   */
  @Put('queue-deep-scan')
  @HttpCode(HttpStatus.ACCEPTED)
  async queueDeepScan(@Body() body: QueueDeepScanBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF2_DEEP_SCAN, { filters: [{ column: 'place_id', op: 'in', values: body.place_ids }] }, PlaceStatus.Selected);
    return statusResponse(result, 'places', PlaceStatus.Selected);
  }
}
