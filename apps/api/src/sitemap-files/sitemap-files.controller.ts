import { Body, Controller, Get, NotFoundException, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { applyCurationStatus, CurationFilter, WF5_SITEMAP_IMPORT } from '@curation/sdk';
import { DataSource } from 'typeorm';
import { CurationListService, ListPage } from '../curation/curation-list.service';
import { statusResponse, StatusUpdateResponse } from '../curation/status-response';
import { ListSitemapFilesQuery, UpdateFilteredSitemapImportCurationBody, UpdateSitemapImportCurationBody } from './sitemap-files.dto';

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

function filtersOf(q: { domain_id?: string; deep_scrape_curation_status?: string; url_contains?: string; sitemap_type?: string; discovery_method?: string }): CurationFilter[] {
  const filters: CurationFilter[] = [];
  if (q.domain_id) filters.push({ column: 'domain_id', op: 'eq', value: q.domain_id });
  if (q.deep_scrape_curation_status) filters.push({ column: 'deep_scrape_curation_status', op: 'eq', value: q.deep_scrape_curation_status });
  if (q.url_contains) filters.push({ column: 'url', op: 'contains', value: q.url_contains });
  if (q.sitemap_type) filters.push({ column: 'sitemap_type', op: 'eq', value: q.sitemap_type });
  if (q.discovery_method) filters.push({ column: 'discovery_method', op: 'eq', value: q.discovery_method });
  return filters;
}

/** WF5 curation: sitemap files are selected here for import. */
@Controller('api/v3/sitemap-files')
export class SitemapFilesController {
  constructor(
    private readonly lists: CurationListService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  list(@Query() query: ListSitemapFilesQuery): Promise<ListPage<Record<string, unknown>>> {
    return this.lists.page({ ...SOURCE, filters: filtersOf(query), sortBy: 'updated_at', descending: true }, query.page, query.size);
  }

  @Put('sitemap_import_curation/status')
  async updateStatus(@Body() body: UpdateSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, WF5_SITEMAP_IMPORT, body.sitemap_file_ids, body.deep_scrape_curation_status);
    return statusResponse(result, 'sitemap files', body.deep_scrape_curation_status);
  }

  @Put('sitemap_import_curation/status/filtered')
  async updateFiltered(@Body() body: UpdateFilteredSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    const filters = filtersOf({ domain_id: body.domain_id, deep_scrape_curation_status: body.deep_scrape_curation_status_filter, url_contains: body.url_contains });
    const result = await applyCurationStatus(this.dataSource, WF5_SITEMAP_IMPORT, { filters }, body.deep_scrape_curation_status);
    if (result.updated_count === 0) throw new NotFoundException({ detail: 'No sitemap files match the filters' });
    return statusResponse(result, 'sitemap files', body.deep_scrape_curation_status);
  }
}
