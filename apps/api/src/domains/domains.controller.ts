import { BadRequestException, Body, ConflictException, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  normalizeDomain,
  SitemapCurationStatus,
  WF4_SITEMAP_DISCOVERY,
} from '@curation/sdk';

import { columnsOf, CurationListService, ListPage } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { StatusUpdateResponse } from '../curation/status-response';
import {
  DirectSubmitDomainsBody,
  ListDomainsQuery,
  UpdateDomainCurationBody,
  UpdateFilteredDomainCurationBody,
} from './domains.dto';
import { DomainListPage, DomainsSubmittedSchema } from './domains.responses';

const ITEM_COLUMNS = columnsOf([
  'id',
  'domain',
  'sitemap_curation_status',
  'sitemap_analysis_status',
  'sitemap_analysis_error',
  'status',
  'local_business_id',
  'created_at',
  'updated_at',
]);

const filtersOf = (curation: string | undefined, domain: string | undefined) =>
  definedFilters([
    ['sitemap_curation_status', 'eq', curation],
    ['domain', 'contains', domain],
  ]);

/** WF4 curation: domains are selected here for sitemap discovery. */
@Controller('api/v3/domains')
export class DomainsController {
  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOkResponse({ type: DomainListPage })
  list(@Query() query: ListDomainsQuery): Promise<ListPage<Record<string, unknown>>> {
    return this.lists.page(
      {
        from: '"domains" t',
        columns: ITEM_COLUMNS,
        filters: filtersOf(query.sitemap_curation_status, query.domain ?? query.domain_filter),
        sortBy: query.sort_by,
        descending: query.sort_desc,
        cursor: query.cursor,
      },
      query.page,
      query.size,
    );
  }

  @Put('sitemap-curation/status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatus(@Body() body: UpdateDomainCurationBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(WF4_SITEMAP_DISCOVERY, body.domain_ids, body.sitemap_curation_status, 'domains');
  }

  @Put('sitemap-curation/status/filtered')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredDomainCurationBody): Promise<StatusUpdateResponse> {
    return this.statuses.byFilters(
      WF4_SITEMAP_DISCOVERY,
      filtersOf(body.sitemap_curation_status_filter, body.domain_filter),
      body.sitemap_curation_status,
      'domains',
    );
  }

  /**
   * Creates domains typed by a person, normalised by the same function WF3 uses. As in the reference, the
   * whole request is refused (409, nothing written) when any domain already exists.
   */
  @Post('direct-submit')
  @ApiCreatedResponse({ type: DomainsSubmittedSchema })
  async directSubmit(
    @Body() body: DirectSubmitDomainsBody,
  ): Promise<{ submitted_count: number; domain_ids: string[]; auto_queued: boolean; normalized_domains: string[] }> {
    const invalid: string[] = [];
    const normalized: string[] = [];
    for (const input of body.domains) {
      const result = normalizeDomain(input, 'domain');
      if (result.ok) normalized.push(result.domain);
      else invalid.push(result.message);
    }
    if (invalid.length > 0) throw new BadRequestException({ detail: invalid.join('; ') });
    const unique = [...new Set(normalized)];
    return this.dataSource.transaction(async (manager) => {
      const existing: { domain: string }[] = await manager.query(
        `SELECT domain FROM domains WHERE domain = ANY($1::text[]) ORDER BY domain`,
        [unique],
      );
      if (existing.length > 0)
        throw new ConflictException({ detail: `Already exists: ${existing.map((e) => e.domain).join(', ')}` });
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO domains (domain, tenant_id) SELECT d, $2 FROM unnest($1::text[]) AS d ON CONFLICT (domain) DO NOTHING RETURNING id`,
        [unique, DEFAULT_TENANT_ID],
      );
      if (rows.length !== unique.length)
        throw new ConflictException({ detail: 'Some domains were created concurrently; nothing was written' });
      const ids = rows.map((r) => r.id);
      if (body.auto_queue)
        await applyCurationStatus(manager, WF4_SITEMAP_DISCOVERY, ids, SitemapCurationStatus.Selected);
      return { submitted_count: ids.length, domain_ids: ids, auto_queued: body.auto_queue, normalized_domains: unique };
    });
  }
}
