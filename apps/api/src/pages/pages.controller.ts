import { Body, Controller, Get, NotFoundException, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { applyCurationStatus, CurationFilter, WF7_PAGE_CURATION } from '@curation/sdk';
import { DataSource } from 'typeorm';
import { CurationListService } from '../curation/curation-list.service';
import { statusResponse, StatusUpdateResponse } from '../curation/status-response';
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

type PageFilterInput = { page_curation_status?: string; page_processing_status?: string; page_type?: string; contact_scrape_status?: string; url_contains?: string };

function filtersOf(q: PageFilterInput): CurationFilter[] {
  const filters: CurationFilter[] = [];
  for (const column of ['page_curation_status', 'page_processing_status', 'page_type', 'contact_scrape_status'] as const) {
    const value = q[column];
    if (value) filters.push({ column, op: 'eq', value });
  }
  if (q.url_contains) filters.push({ column: 'url', op: 'contains', value: q.url_contains });
  return filters;
}

/** WF7 curation: pages are selected here for contact scraping. */
@Controller('api/v3/pages')
export class PagesController {
  constructor(
    private readonly lists: CurationListService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Query() query: ListPagesQuery): Promise<{ pages: Record<string, unknown>[]; total: number; offset: number; limit: number; filters_applied: PageFilterInput }> {
    const { limit, offset, ...applied } = query;
    const { items, total } = await this.lists.list<Record<string, unknown>>({ ...SOURCE, filters: filtersOf(applied), sortBy: 'updated_at', descending: true, limit, offset });
    return { pages: items, total, offset, limit, filters_applied: applied };
  }

  @Put('status')
  async updateStatus(@Body() body: UpdatePageStatusBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF7_PAGE_CURATION, body.page_ids, body.status);
    if (result.updated_count === 0) throw new NotFoundException({ detail: 'None of the pages exist' });
    return statusResponse(result, 'pages', body.status);
  }

  @Put('status/filtered')
  async updateFiltered(@Body() body: UpdateFilteredPageStatusBody): Promise<StatusUpdateResponse> {
    const { status, ...filters } = body;
    const result = await applyCurationStatus(this.dataSource, WF7_PAGE_CURATION, { filters: filtersOf(filters) }, status);
    if (result.updated_count === 0) throw new NotFoundException({ detail: 'No pages match the filters' });
    return statusResponse(result, 'pages', status);
  }
}
