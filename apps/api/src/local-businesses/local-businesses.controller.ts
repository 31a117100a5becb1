import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

import { WF3_DOMAIN_EXTRACTION } from '@curation/sdk';

import { columnsOf, CurationListService, ListPage } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { StatusUpdateResponse } from '../curation/status-response';
import {
  ListLocalBusinessesQuery,
  UpdateFilteredLocalBusinessStatusBody,
  UpdateLocalBusinessStatusBody,
} from './local-businesses.dto';
import { LocalBusinessListPage } from './local-businesses.responses';

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

const filtersOf = (status: string | undefined, name: string | undefined) =>
  definedFilters([
    ['status', 'eq', status],
    ['business_name', 'contains', name],
  ]);

/** WF3 curation: businesses are selected here for domain extraction. */
@Controller('api/v3/local-businesses')
export class LocalBusinessesController {
  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
  ) {}

  @Get()
  @ApiOkResponse({ type: LocalBusinessListPage })
  list(@Query() query: ListLocalBusinessesQuery): Promise<ListPage<LocalBusinessItem>> {
    return this.lists.page<LocalBusinessItem>(
      {
        from: '"local_businesses" t',
        columns: columnsOf(ITEM_COLUMNS),
        filters: filtersOf(query.status, query.business_name),
        sortBy: query.sort_by,
        descending: query.sort_dir === 'desc',
        cursor: query.cursor,
      },
      query.page,
      query.size,
    );
  }

  @Put('status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatus(@Body() body: UpdateLocalBusinessStatusBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(WF3_DOMAIN_EXTRACTION, body.local_business_ids, body.status, 'local businesses');
  }

  @Put('status/filtered')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredLocalBusinessStatusBody): Promise<StatusUpdateResponse> {
    return this.statuses.byFilters(
      WF3_DOMAIN_EXTRACTION,
      filtersOf(body.status_filter, body.business_name),
      body.status,
      'local businesses',
    );
  }
}
