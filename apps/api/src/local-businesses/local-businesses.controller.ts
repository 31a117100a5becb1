import { Body, Controller, Get, NotFoundException, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { applyCurationStatus, CurationFilter, WF3_DOMAIN_EXTRACTION } from '@curation/sdk';
import { DataSource } from 'typeorm';
import { columnsOf, CurationListService, ListPage } from '../curation/curation-list.service';
import { statusResponse, StatusUpdateResponse } from '../curation/status-response';
import { ListLocalBusinessesQuery, UpdateFilteredLocalBusinessStatusBody, UpdateLocalBusinessStatusBody } from './local-businesses.dto';

const ITEM_COLUMNS = [
  'id',
  'business_name',
  'full_address',
  'phone',
  'website_url',
  'status',
  'domain_extraction_status',
  'domain_extraction_error',
  'created_at',
  'updated_at',
  'tenant_id',
] as const;

type LocalBusinessItem = Record<(typeof ITEM_COLUMNS)[number], unknown>;

function filtersOf(query: { status?: string; status_filter?: string; business_name?: string }): CurationFilter[] {
  const filters: CurationFilter[] = [];
  const status = query.status ?? query.status_filter;
  if (status) filters.push({ column: 'status', op: 'eq', value: status });
  if (query.business_name) filters.push({ column: 'business_name', op: 'contains', value: query.business_name });
  return filters;
}

/** WF3 curation: businesses are selected here for domain extraction. */
@Controller('api/v3/local-businesses')
export class LocalBusinessesController {
  constructor(
    private readonly lists: CurationListService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  list(@Query() query: ListLocalBusinessesQuery): Promise<ListPage<LocalBusinessItem>> {
    return this.lists.page<LocalBusinessItem>(
      { from: '"local_businesses" t', columns: columnsOf(ITEM_COLUMNS), filters: filtersOf(query), sortBy: query.sort_by, descending: query.sort_dir === 'desc' },
      query.page,
      query.size,
    );
  }

  @Put('status')
  async updateStatus(@Body() body: UpdateLocalBusinessStatusBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF3_DOMAIN_EXTRACTION, body.local_business_ids, body.status);
    return statusResponse(result, 'local businesses', body.status);
  }

  @Put('status/filtered')
  async updateFiltered(@Body() body: UpdateFilteredLocalBusinessStatusBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF3_DOMAIN_EXTRACTION, { filters: filtersOf({ status: body.status_filter, business_name: body.business_name }) }, body.status);
    if (result.updated_count === 0) throw new NotFoundException({ detail: 'No local businesses match the filters' });
    return statusResponse(result, 'local businesses', body.status);
  }
}
