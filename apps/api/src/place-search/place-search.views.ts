import { DataSource } from 'typeorm';

import { CurationFilter, filterSql, ident, PlaceSearchStatus } from '@curation/sdk';

import { definedFilters } from '../curation/curation-status.service';
import { RESULT_SORT_COLUMNS, SearchHistoryQuery, SearchResultsQuery } from './place-search.dto';

/** What WF1 records in `place_searches.params` next to the request's own fields. */
interface SearchParams {
  radius_km?: number;
  max_results?: number;
  found?: number;
  new?: number;
  pages?: number;
}

interface SearchRow {
  id: string;
  business_type: string;
  location: string;
  status: string;
  params: SearchParams | null;
  error_message: string | null;
  created_at: Date;
  updated_at: Date;
}

const finished = (status: string): boolean =>
  status === PlaceSearchStatus.Complete || status === PlaceSearchStatus.Failed;

/** The reference's progress figure: 0 while waiting, 0.5 while running, 1 when finished either way. */
function progressOf(status: string): number {
  if (status === PlaceSearchStatus.Pending) return 0;
  if (status === PlaceSearchStatus.Processing) return 0.5;
  return 1;
}

/**
 * GET …/search/status/{job_id}: the reference's fields plus those the Single Search script prints
 * (`search_query` "in" `search_location`, place counts, `completed_at`). Counts appear once WF1 has
 * recorded them, because the script prints them whenever they are defined.
 */
export async function searchStatus(dataSource: DataSource, jobId: string) {
  const [row]: SearchRow[] = await dataSource.query(
    `SELECT id, business_type, location, status, params, error_message, created_at, updated_at
       FROM place_searches WHERE id = $1`,
    [jobId],
  );
  if (!row) return null;
  const found = row.params?.found;
  return {
    job_id: row.id,
    status: row.status,
    progress: progressOf(row.status),
    error: row.error_message,
    created_at: row.created_at,
    updated_at: row.updated_at,
    completed_at: finished(row.status) ? row.updated_at : null,
    search_query: row.business_type,
    search_location: row.location,
    max_results: row.params?.max_results ?? null,
    // WF1 stages every place it keeps in one statement, so all found places are stored.
    ...(typeof found === 'number' ? { total_places: found, stored_places: found } : {}),
  };
}

/**
 * GET …/search/history: a plain array, newest first, as the Single Search script iterates it; one
 * statement. `params` carries `radius_km` for the script's "Reuse" button.
 */
export function searchHistory(dataSource: DataSource, query: SearchHistoryQuery): Promise<Record<string, unknown>[]> {
  const where = filterSql(
    definedFilters([
      ['status', 'eq', query.status],
      ['tenant_id', 'eq', query.tenant_id],
    ]),
    1,
    't',
  );
  const n = where.params.length;
  return dataSource.query(
    `SELECT t.id, t.business_type, t.location, t.status, t.params, t.user_id, t.tenant_id, t.error_message,
            t.created_at, t.updated_at
       FROM place_searches t WHERE ${where.sql}
      ORDER BY t.created_at DESC, t.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...where.params, query.limit, query.offset],
  );
}

const PLACE_COLUMNS = [
  't.id::text AS id',
  't.place_id',
  't.name',
  't.formatted_address',
  't.vicinity',
  't.business_type',
  't.latitude',
  't.longitude',
  't.rating',
  't.user_ratings_total',
  't.price_level',
  't.status',
  't.deep_scan_status',
  't.notes',
  't.search_location',
  't.search_time',
  't.search_job_id',
  't.updated_at',
].join(', ');

function resultFilters(jobId: string, query: SearchResultsQuery): CurationFilter[] {
  return [
    { column: 'search_job_id', op: 'eq', value: jobId },
    ...definedFilters([
      ['status', 'eq', query.filter_status],
      ['business_type', 'contains', query.filter_business_type],
      ['search_location', 'contains', query.filter_location],
    ]),
  ];
}

/** The filters the request applied, under the names the Results Viewer shows them by. */
function appliedFilters(query: SearchResultsQuery): Record<string, string> {
  const applied: Record<string, string> = {};
  if (query.filter_status) applied.status = query.filter_status;
  if (query.filter_business_type) applied.business_type = query.filter_business_type;
  if (query.filter_location) applied.location = query.filter_location;
  return applied;
}

/**
 * GET …/results/{job_id}: the job and the filtered count in one statement, the page in a second. Places
 * without a value in the sort column (no rating yet) come last in either direction, so "best rated"
 * starts with rated places; ties are broken on id so pages never overlap.
 */
export async function searchResults(dataSource: DataSource, jobId: string, query: SearchResultsQuery) {
  const where = filterSql(resultFilters(jobId, query), 1, 't');
  const [job]: (SearchRow & { total: number })[] = await dataSource.query(
    `SELECT s.id, s.business_type, s.location, s.status, s.params, s.error_message, s.created_at, s.updated_at,
            (SELECT count(*)::int FROM places_staging t WHERE ${where.sql}) AS total
       FROM place_searches s WHERE s.id = $1`,
    where.params,
  );
  if (!job) return null;
  const direction = query.sort_dir === 'asc' ? 'ASC' : 'DESC';
  const n = where.params.length;
  const places: Record<string, unknown>[] =
    job.total === 0
      ? []
      : await dataSource.query(
          `SELECT ${PLACE_COLUMNS} FROM places_staging t WHERE ${where.sql}
            ORDER BY t.${ident(RESULT_SORT_COLUMNS[query.sort_by])} ${direction} NULLS LAST, t.id ${direction}
            LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...where.params, query.limit, query.offset],
        );
  return {
    job_id: job.id,
    status: job.status,
    total: job.total,
    limit: query.limit,
    offset: query.offset,
    sort_by: query.sort_by,
    sort_dir: query.sort_dir,
    filters: appliedFilters(query),
    job_info: {
      job_id: job.id,
      business_type: job.business_type,
      location: job.location,
      status: job.status,
      params: job.params,
      error: job.error_message,
      created_at: job.created_at,
      completed_at: finished(job.status) ? job.updated_at : null,
    },
    places,
  };
}
