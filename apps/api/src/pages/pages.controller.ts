import { BadRequestException, Body, ConflictException, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { applyCurationStatus, PageCurationStatus, WF7_PAGE_CURATION } from '@curation/sdk';

import { parseWebUrlRow } from '../bulk-entry/csv-import.kinds';
import { existingUrlRows, insertUrlRows, UrlRow } from '../bulk-entry/url-rows';
import { CurationListService } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { StatusUpdateResponse } from '../curation/status-response';
import { DirectSubmitPagesBody, ListPagesQuery, UpdateFilteredPageStatusBody, UpdatePageStatusBody } from './pages.dto';
import { PageListSchema, PagesSubmittedSchema } from './pages.responses';

/** Existing URLs named in a 409. */
const LISTED_CONFLICTS = 20;

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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOkResponse({ type: PageListSchema })
  async list(@Query() query: ListPagesQuery): Promise<{
    pages: Record<string, unknown>[];
    total: number;
    offset: number;
    limit: number;
    filters_applied: PageFilterInput;
    total_is_estimate: boolean;
    next_cursor: string | null;
  }> {
    const { limit, offset, cursor, ...applied } = query;
    const { items, total, totalIsEstimate, nextCursor } = await this.lists.list<Record<string, unknown>>({
      ...SOURCE,
      filters: filtersOf(applied),
      sortBy: 'updated_at',
      descending: true,
      limit,
      offset,
      cursor,
    });
    return {
      pages: items,
      total,
      offset,
      limit,
      filters_applied: applied,
      total_is_estimate: totalIsEstimate,
      next_cursor: nextCursor,
    };
  }

  @Put('status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatus(@Body() body: UpdatePageStatusBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(WF7_PAGE_CURATION, body.page_ids, body.status, 'pages', true);
  }

  @Put('status/filtered')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredPageStatusBody): Promise<StatusUpdateResponse> {
    const { status, ...filters } = body;
    return this.statuses.byFilters(WF7_PAGE_CURATION, filtersOf(filters), status, 'pages');
  }

  /**
   * Creates pages typed by a person, each under the domain derived from its URL (created when new, curation New).
   * As in the reference, the whole request is refused (409, nothing written) when any URL exists already. With
   * `auto_queue` the pages go through the dual-status rule in the same transaction (Selected, queued, WF7 notified).
   */
  @Post('direct-submit')
  @ApiCreatedResponse({ type: PagesSubmittedSchema })
  async directSubmit(@Body() body: DirectSubmitPagesBody): Promise<{
    submitted_count: number;
    page_ids: string[];
    auto_queued: boolean;
    normalized_urls: string[];
  }> {
    const invalid: string[] = [];
    const unique = new Map<string, UrlRow>();
    body.urls.forEach((input, i) => {
      const parsed = parseWebUrlRow(input);
      if (!parsed.ok) invalid.push(`urls[${i}]: ${parsed.message}`);
      else if (!unique.has(parsed.row.url)) unique.set(parsed.row.url, parsed.row);
    });
    if (invalid.length > 0) throw new BadRequestException({ detail: invalid.join('; ') });
    const rows = [...unique.values()];
    return this.dataSource.transaction(async (manager) => {
      const existing = [...(await existingUrlRows(manager, 'pages', rows))];
      if (existing.length > 0) {
        const named = existing.slice(0, LISTED_CONFLICTS).map(([url, id]) => `${url} (ID: ${id})`);
        const more = existing.length > LISTED_CONFLICTS ? ` and ${existing.length - LISTED_CONFLICTS} more` : '';
        throw new ConflictException({ detail: `Page already exists: ${named.join(', ')}${more}` });
      }
      const inserted = await insertUrlRows(manager, 'pages', rows, {
        leadSource: 'direct_submit',
        priorityLevel: body.priority_level,
      });
      const ids = rows.flatMap((r) => inserted.get(r.url) ?? []);
      if (ids.length !== rows.length)
        throw new ConflictException({ detail: 'Some pages were created concurrently; nothing was written' });
      if (body.auto_queue) await applyCurationStatus(manager, WF7_PAGE_CURATION, ids, PageCurationStatus.Selected);
      return {
        submitted_count: ids.length,
        page_ids: ids,
        auto_queued: body.auto_queue,
        normalized_urls: rows.map((r) => r.url),
      };
    });
  }
}
