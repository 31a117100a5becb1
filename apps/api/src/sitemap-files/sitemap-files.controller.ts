import { Body, Controller, Get, Put, Query } from '@nestjs/common';

import { WF5_SITEMAP_IMPORT } from '@curation/sdk';

import { CurationListService, ListPage } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponse } from '../curation/status-response';
import {
  ListSitemapFilesQuery,
  UpdateFilteredSitemapImportCurationBody,
  UpdateSitemapImportCurationBody,
} from './sitemap-files.dto';

// The frontend reads `sitemap_url`, `domain_name` and `deep_scrape_process_status` (the import status).
const SOURCE = {
  from: '"sitemap_files" t JOIN "domains" d ON d."id" = t."domain_id"',
  columns: [
    't."id"',
    't."domain_id"',
    'd."domain" AS "domain_name"',
    't."url" AS "sitemap_url"',
    't."sitemap_type"',
    't."discovery_method"',
    't."url_count"',
    't."deep_scrape_curation_status"',
    't."sitemap_import_status" AS "deep_scrape_process_status"',
    't."sitemap_import_error"',
    't."status"',
    't."created_at"',
    't."updated_at"',
  ],
};

const filtersOf = (q: {
  domain_id?: string;
  deep_scrape_curation_status?: string;
  url_contains?: string;
  sitemap_type?: string;
  discovery_method?: string;
}) =>
  definedFilters([
    ['domain_id', 'eq', q.domain_id],
    ['deep_scrape_curation_status', 'eq', q.deep_scrape_curation_status],
    ['url', 'contains', q.url_contains],
    ['sitemap_type', 'eq', q.sitemap_type],
    ['discovery_method', 'eq', q.discovery_method],
  ]);

/** WF5 curation: sitemap files are selected here for import. */
@Controller('api/v3/sitemap-files')
export class SitemapFilesController {
  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
  ) {}

  @Get()
  list(@Query() query: ListSitemapFilesQuery): Promise<ListPage<Record<string, unknown>>> {
    return this.lists.page(
      { ...SOURCE, filters: filtersOf(query), sortBy: 'updated_at', descending: true },
      query.page,
      query.size,
    );
  }

  @Put('sitemap_import_curation/status')
  updateStatus(@Body() body: UpdateSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(
      WF5_SITEMAP_IMPORT,
      body.sitemap_file_ids,
      body.deep_scrape_curation_status,
      'sitemap files',
    );
  }

  @Put('sitemap_import_curation/status/filtered')
  updateFiltered(@Body() body: UpdateFilteredSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    const filters = filtersOf({
      domain_id: body.domain_id,
      deep_scrape_curation_status: body.deep_scrape_curation_status_filter,
      url_contains: body.url_contains,
    });
    return this.statuses.byFilters(WF5_SITEMAP_IMPORT, filters, body.deep_scrape_curation_status, 'sitemap files');
  }
}
