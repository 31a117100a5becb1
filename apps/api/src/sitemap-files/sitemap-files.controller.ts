import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { WF5_SITEMAP_IMPORT } from '@curation/sdk';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';
import { CurationListService, ListPage } from '../curation/curation-list.service';
import { CurationStatusService, definedFilters } from '../curation/curation-status.service';
import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { StatusUpdateResponse } from '../curation/status-response';
import { userUuid } from './request-user';
import { SITEMAP_FILE_PENDING } from './sitemap-file-status';
import { SitemapFileChanges, SitemapFileStore } from './sitemap-file-store';
import { SITEMAP_FILE_VIEW, SitemapFileView } from './sitemap-file-view';
import { CreateSitemapFileBody, UpdateSitemapFileBody } from './sitemap-file-write.dto';
import {
  ListSitemapFilesQuery,
  SITEMAP_FILE_SORT_COLUMNS,
  UpdateFilteredSitemapImportCurationBody,
  UpdateSitemapImportCurationBody,
} from './sitemap-files.dto';
import { SitemapFileListPage } from './sitemap-files.responses';
import { checkSitemapUrl } from './sitemap-url';

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

const idPipe = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ detail: 'sitemap_file_id must be a UUID' }),
});

/** The reference accepted the URL as `sitemap_url` (its alias) or `url`; two different ones are a mistake. */
function urlOf(body: { sitemap_url?: string; url?: string }): string | undefined {
  const { sitemap_url: alias, url } = body;
  if (alias !== undefined && url !== undefined && alias !== url)
    throw new BadRequestException({ detail: 'sitemap_url and url name different URLs: send one of them' });
  const given = alias ?? url;
  if (given === undefined) return undefined;
  const checked = checkSitemapUrl(given, alias !== undefined ? 'sitemap_url' : 'url', false);
  if (!checked.ok) throw new BadRequestException({ detail: checked.message });
  return checked.url;
}

/** WF5 curation: sitemap files are selected here for import, and created, read, edited and deleted one by one. */
@Controller('api/v3/sitemap-files')
export class SitemapFilesController {
  private readonly store: SitemapFileStore;

  constructor(
    private readonly lists: CurationListService,
    private readonly statuses: CurationStatusService,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.store = new SitemapFileStore(dataSource);
  }

  @Get()
  @ApiOkResponse({ type: SitemapFileListPage })
  list(@Query() query: ListSitemapFilesQuery): Promise<ListPage<SitemapFileView>> {
    return this.lists.page(
      {
        ...SITEMAP_FILE_VIEW,
        // domain_id is a NOT NULL foreign key: the join to domains only adds domain_name.
        keysFrom: '"sitemap_files" t',
        filters: filtersOf(query),
        sortBy: SITEMAP_FILE_SORT_COLUMNS[query.sort_by],
        descending: query.sort_desc,
        cursor: query.cursor,
      },
      query.page,
      query.size,
    );
  }

  @Put('sitemap_import_curation/status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatus(@Body() body: UpdateSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    return this.statuses.byIds(
      WF5_SITEMAP_IMPORT,
      body.sitemap_file_ids,
      body.deep_scrape_curation_status,
      'sitemap files',
    );
  }

  /** Where the reference's Sitemap Curation tab (performBatchUpdate) sends its batch update. */
  @Put('status')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateStatusFromTab(@Body() body: UpdateSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    return this.updateStatus(body);
  }

  @Put('sitemap_import_curation/status/filtered')
  @ApiOkResponse({ type: StatusUpdateResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredSitemapImportCurationBody): Promise<StatusUpdateResponse> {
    const filters = filtersOf({
      domain_id: body.domain_id,
      deep_scrape_curation_status: body.deep_scrape_curation_status_filter,
      url_contains: body.url_contains,
      sitemap_type: body.sitemap_type,
      discovery_method: body.discovery_method,
    });
    return this.statuses.byFilters(WF5_SITEMAP_IMPORT, filters, body.deep_scrape_curation_status, 'sitemap files');
  }

  @Post()
  create(@Body() body: CreateSitemapFileBody, @Req() request: { user?: AuthenticatedUser }): Promise<SitemapFileView> {
    const url = urlOf(body);
    if (url === undefined) throw new BadRequestException({ detail: 'sitemap_url is required' });
    return this.store.create({
      domain_id: body.domain_id,
      url,
      status: body.status ?? SITEMAP_FILE_PENDING,
      error_message: body.error_message ?? null,
      url_count: body.url_count === undefined ? 0 : body.url_count,
      sitemap_type: body.sitemap_type ?? 'standard',
      discovery_method: body.discovery_method === undefined ? 'manual' : body.discovery_method,
      created_by: userUuid(request),
    });
  }

  @Get(':sitemap_file_id')
  read(@Param('sitemap_file_id', idPipe) id: string): Promise<SitemapFileView> {
    return this.store.readOrThrow(id);
  }

  /** Partial, like the reference's PUT. */
  @Put(':sitemap_file_id')
  update(
    @Param('sitemap_file_id', idPipe) id: string,
    @Body() body: UpdateSitemapFileBody,
    @Req() request: { user?: AuthenticatedUser },
  ): Promise<SitemapFileView> {
    const { deep_scrape_curation_status: curation, file_path: _path, processing_time: _time, ...rest } = body;
    const changes: SitemapFileChanges = {
      domain_id: rest.domain_id,
      url: urlOf(rest),
      status: rest.status,
      error_message: rest.error_message,
      url_count: rest.url_count,
      sitemap_type: rest.sitemap_type,
      discovery_method: rest.discovery_method,
    };
    if (curation === undefined && Object.values(changes).every((v) => v === undefined))
      throw new BadRequestException({ detail: 'No update data provided.' });
    return this.store.update(id, changes, curation, userUuid(request));
  }

  /** The same partial update under the method that says so. */
  @Patch(':sitemap_file_id')
  patch(
    @Param('sitemap_file_id', idPipe) id: string,
    @Body() body: UpdateSitemapFileBody,
    @Req() request: { user?: AuthenticatedUser },
  ): Promise<SitemapFileView> {
    return this.update(id, body, request);
  }

  @Delete(':sitemap_file_id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('sitemap_file_id', idPipe) id: string): Promise<void> {
    return this.store.delete(id);
  }
}
