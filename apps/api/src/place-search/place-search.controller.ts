import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DEFAULT_TENANT_ID, EDGE_API_TO_WF1, ident, notifyIf, PlaceSearchStatus, queuedOnInsert } from '@curation/sdk';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';
import { ApiConfig } from '../config/api.config';
import { columnsOf, CurationListService } from '../curation/curation-list.service';
import { definedFilters } from '../curation/curation-status.service';
import { SearchHistoryQuery, SearchResultsQuery, StartPlaceSearchBody } from './place-search.dto';

const BASE = 'api/v3/localminer-discoveryscan';

interface SearchRow {
  id: string;
  status: string;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

/** The reference's progress figure: 0 while waiting, 0.5 while running, 1 when finished either way. */
function progressOf(status: string): number {
  if (status === PlaceSearchStatus.Pending) return 0;
  if (status === PlaceSearchStatus.Processing) return 0.5;
  return 1;
}

// A search is created queued for WF1 through the pipeline edge: insert and wake-up in one statement.
const QUEUED = queuedOnInsert(EDGE_API_TO_WF1);
const INSERT_SEARCH = `WITH inserted AS (
     INSERT INTO place_searches (tenant_id, user_id, business_type, location, params, ${QUEUED.columns.map(ident).join(', ')})
     VALUES ($1, $2, $3, $4, $5, ${QUEUED.values.join(', ')}) RETURNING id, status
   )
   SELECT id, status, ${notifyIf(EDGE_API_TO_WF1, 'TRUE')} AS notified FROM inserted`;

const SEARCH_COLUMNS = columnsOf([
  'id',
  'business_type',
  'location',
  'params',
  'status',
  'error_message',
  'user_id',
  'tenant_id',
  'created_at',
  'updated_at',
]);

/**
 * WF1: a search is a claimed job (a `place_searches` row the worker takes), not a task in the web
 * process, so it survives restarts and is visible to every replica.
 */
@Controller(BASE)
export class PlaceSearchController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
    private readonly lists: CurationListService,
  ) {}

  @Post('search/places')
  @HttpCode(HttpStatus.ACCEPTED)
  async start(
    @Body() body: StartPlaceSearchBody,
    @Req() request: { user?: AuthenticatedUser },
  ): Promise<{ job_id: string; status_url: string; status: string }> {
    if (!this.config.GOOGLE_MAPS_API_KEY) {
      throw new ServiceUnavailableException({
        detail: 'Place search is not configured: set GOOGLE_MAPS_API_KEY for the API and the worker',
      });
    }
    const userId = request.user?.id;
    const [row]: { id: string; status: string }[] = await this.dataSource.query(INSERT_SEARCH, [
      DEFAULT_TENANT_ID,
      userId && /^[0-9a-f-]{36}$/i.test(userId) ? userId : null,
      body.business_type,
      body.location,
      JSON.stringify({ radius_km: body.radius_km }),
    ]);
    return { job_id: row.id, status_url: `/${BASE}/search/status/${row.id}`, status: row.status };
  }

  @Get('search/status/:job_id')
  async status(
    @Param('job_id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ detail: 'Unknown job id' }) }))
    jobId: string,
  ) {
    const [row]: SearchRow[] = await this.dataSource.query(
      `SELECT id, status, error_message, created_at, updated_at FROM place_searches WHERE id = $1`,
      [jobId],
    );
    if (!row) throw new NotFoundException({ detail: 'Unknown job id' });
    return {
      job_id: row.id,
      status: row.status,
      progress: progressOf(row.status),
      error: row.error_message,
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  @Get('results/:job_id')
  async results(
    @Param('job_id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ detail: 'Unknown job id' }) }))
    jobId: string,
    @Query() query: SearchResultsQuery,
  ) {
    const [job] = await this.dataSource.query(`SELECT id, status FROM place_searches WHERE id = $1`, [jobId]);
    if (!job) throw new NotFoundException({ detail: 'Unknown job id' });
    const { items, total } = await this.lists.list({
      from: '"places_staging" t',
      columns: columnsOf([
        'place_id',
        'name',
        'formatted_address',
        'business_type',
        'latitude',
        'longitude',
        'rating',
        'user_ratings_total',
        'price_level',
        'status',
        'deep_scan_status',
        'updated_at',
      ]),
      filters: [{ column: 'search_job_id', op: 'eq', value: jobId }],
      sortBy: 'updated_at',
      descending: true,
      limit: query.limit,
      offset: query.offset,
    });
    return { job_id: jobId, status: job.status, total, limit: query.limit, offset: query.offset, places: items };
  }

  @Get('search/history')
  async history(@Query() query: SearchHistoryQuery) {
    const { items, total } = await this.lists.list({
      from: '"place_searches" t',
      columns: SEARCH_COLUMNS,
      filters: definedFilters([
        ['status', 'eq', query.status],
        ['tenant_id', 'eq', query.tenant_id],
      ]),
      sortBy: 'created_at',
      descending: true,
      limit: query.limit,
      offset: query.offset,
    });
    return { searches: items, total, limit: query.limit, offset: query.offset };
  }
}
