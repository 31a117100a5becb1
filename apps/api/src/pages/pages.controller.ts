import { Body, Controller, Get, Put, Query } from '@nestjs/common';

import { WF7_PAGE_CURATION } from '@curation/sdk';

import { CurationListService } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponse } from '../curation/status-response';
import { ListPagesQuery, UpdateFilteredPageStatusBody, UpdatePageStatusBody } from './pages.dto';

// The reference's page items, with raw labels (it sent "PageCurationStatus.Selected" strings).
const SOURCE = {
  from: '"pages" t',
  columns: [
    't."id"',
    't."url"',
    't."title"',
    't."domain_id"',
    't."page_curation_status" AS "curation_status"',
    't."page_processing_status" AS "processing_status"',
    't."page_type"',
    't."contact_scrape_status"',
    't."page_processing_error" AS "error"',
    't."updated_at"',
    't."created_at"',
  ],
};

type PageFilterInput = {
  page_curation_status?: string;
  page_processing_status?: string;
  page_type?: string;
  contact_scrape_status?: string;
  url_contains?: string;
};

const filtersOf = (q: PageFilterInput) =>
  definedFilters([
    ['page_curation_status', 'eq', q.page_curation_status],
    ['page_processing_status', 'eq', q.page_processing_status],
    ['page_type', 'eq', q.page_type],
    ['contact_scrape_status', 'eq', q.contact_scrape_status],
    ['url', 'contains', q.url_contains],
  ]);

/** WF7 curation: pages are selected here for contact scraping. */
@Controller('api/v3/pages')
export class PagesController {
  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
  ) {}

  @Get()
  async list(@Query() query: ListPagesQuery): Promise<{
    pages: Record<string, unknown>[];
    total: number;
    offset: number;
    limit: number;
    filters_applied: PageFilterInput;
  }> {
    const { limit, offset, ...applied } = query;
    const { items, total } = await this.lists.list<Record<string, unknown>>({
      ...SOURCE,
      filters: filtersOf(applied),
      sortBy: 'updated_at',
      descending: true,
      limit,
      offset,
    });
    return { pages: items, total, offset, limit, filters_applied: applied };
  }

  @Put('status')
  updateStatus(@Body() body: UpdatePageStatusBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(WF7_PAGE_CURATION, body.page_ids, body.status, 'pages', true);
  }

  @Put('status/filtered')
  updateFiltered(@Body() body: UpdateFilteredPageStatusBody): Promise<StatusUpdateResponse> {
    const { status, ...filters } = body;
    return this.statuses.byFilters(WF7_PAGE_CURATION, filtersOf(filters), status, 'pages');
  }
}
