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
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DEFAULT_TENANT_ID, EDGE_API_TO_WF1, ident, notifyIf, queuedOnInsert, WF2_DEEP_SCAN } from '@curation/sdk';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';
import { ApiConfig } from '../config/api.config';
import { CurationStatusService } from '../curation/curation-status.service';
import { StatusUpdateResponse } from '../curation/status-response';
import {
  LegacyPlacesStatusBody,
  SearchHistoryQuery,
  SearchResultsQuery,
  StartPlaceSearchBody,
} from './place-search.dto';
import { SearchHistoryItemSchema, SearchStartedSchema, SearchStatusSchema } from './place-search.responses';
import { searchHistory, searchResults, searchStatus } from './place-search.views';

const BASE = 'api/v3/localminer-discoveryscan';

/** Unknown and malformed job ids alike are a 404, as in the reference. */
const JOB_ID = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ detail: 'Unknown job id' }) });

interface LegacyStatusResponse extends StatusUpdateResponse {
  readonly success: true;
  readonly status: string;
}

// A search is created queued for WF1 through the pipeline edge: insert and wake-up in one statement.
const QUEUED = queuedOnInsert(EDGE_API_TO_WF1);
const INSERT_SEARCH = `WITH inserted AS (
     INSERT INTO place_searches (tenant_id, user_id, business_type, location, params, ${QUEUED.columns.map(ident).join(', ')})
     VALUES ($1, $2, $3, $4, $5, ${QUEUED.values.join(', ')}) RETURNING id, status
   )
   SELECT id, status, ${notifyIf(EDGE_API_TO_WF1, 'TRUE')} AS notified FROM inserted`;

/**
 * WF1: a search is a claimed job (a `place_searches` row the worker takes), not a task in the web
 * process, so it survives restarts and is visible to every replica.
 */
@Controller(BASE)
export class PlaceSearchController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
    private readonly statuses: CurationStatusService,
  ) {}

  @Post('search/places')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SearchStartedSchema })
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
      // max_results is kept with the search (absent when not capped); WF1 stages no more than it.
      JSON.stringify({ radius_km: body.radius_km, max_results: body.max_results ?? undefined }),
    ]);
    return { job_id: row.id, status_url: `/${BASE}/search/status/${row.id}`, status: row.status };
  }

  @Get('search/status/:job_id')
  @ApiOkResponse({ type: SearchStatusSchema })
  async status(@Param('job_id', JOB_ID) jobId: string) {
    const status = await searchStatus(this.dataSource, jobId);
    if (!status) throw new NotFoundException({ detail: 'Unknown job id' });
    return status;
  }

  @Get('results/:job_id')
  async results(@Param('job_id', JOB_ID) jobId: string, @Query() query: SearchResultsQuery) {
    const results = await searchResults(this.dataSource, jobId, query);
    if (!results) throw new NotFoundException({ detail: 'Unknown job id' });
    return results;
  }

  @Get('search/history')
  @ApiOkResponse({ type: [SearchHistoryItemSchema] })
  history(@Query() query: SearchHistoryQuery): Promise<Record<string, unknown>[]> {
    return searchHistory(this.dataSource, query);
  }

  /**
   * The Results Viewer's per-row status select. Same rule as PUT /api/v3/places/staging/status (selecting
   * queues the deep scan); `success` and `status` are the reference's response fields.
   */
  @Post('places/staging/status')
  @HttpCode(HttpStatus.OK)
  updateStatus(@Body() body: LegacyPlacesStatusBody): Promise<LegacyStatusResponse> {
    return this.legacyStatus(body);
  }

  /** The Results Viewer's "Update N Selected" button: the same update for many places. */
  @Post('places/staging/batch')
  @HttpCode(HttpStatus.OK)
  updateBatch(@Body() body: LegacyPlacesStatusBody): Promise<LegacyStatusResponse> {
    return this.legacyStatus(body);
  }

  private async legacyStatus(body: LegacyPlacesStatusBody): Promise<LegacyStatusResponse> {
    const result = await this.statuses.byFilters(
      WF2_DEEP_SCAN,
      [{ column: 'place_id', op: 'in', values: body.place_ids }],
      body.status,
      'places',
      false,
    );
    return { success: true, status: body.status, ...result };
  }
}
