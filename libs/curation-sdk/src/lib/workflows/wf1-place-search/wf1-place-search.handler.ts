import { EntityManager } from 'typeorm';

import { GooglePlacesClient, PlaceSearchHit } from '@curation/integrations';

import { PlaceSearchEntity } from '../../entities/place-search.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { PlaceStatus, PlaceStatusEnum } from '../../enums/place-status.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { googleFailure } from '../google/google-outcome';
import { enumCast } from '../workflow-sql';

export interface PlaceSearchResult {
  readonly hits: readonly PlaceSearchHit[];
  readonly pages: number;
}

/** Google Text Search answers in pages of (at most) 20 places. */
const PLACES_PER_PAGE = 20;

/** The search's cap (`params.max_results`, set by the API): a positive integer, or null for none. */
function maxResultsOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** Pages needed for `maxResults` places, so a capped search does not pay for pages it would drop. */
function pagesFor(maxResults: number): number {
  return Math.ceil(maxResults / PLACES_PER_PAGE);
}

/**
 * WF1: runs a claimed search against Google Text Search ("<business_type> in <location>", the reference's
 * query form), following page tokens up to `maxPages`, then upserts every place of the batch into
 * `places_staging` in one statement. New places start `New`; places already known keep their curation
 * and deep-scan statuses. A search with `params.max_results` stages at most that many places, in
 * Google's order. The search's `params` record what was staged (`found`), how many were new, and pages.
 */
export class Wf1PlaceSearchHandler implements WorkflowHandler<PlaceSearchEntity, PlaceSearchResult> {
  constructor(
    private readonly google: GooglePlacesClient,
    private readonly maxPages: number,
  ) {}

  process(
    items: readonly PlaceSearchEntity[],
    ctx: BatchContext<PlaceSearchEntity>,
  ): Promise<Outcome<PlaceSearchResult>[]> {
    return ctx.eachItem(items, async (search, signal) => {
      const params = search.params ?? {};
      const radiusKm = Number(params.radius_km ?? 10);
      const maxResults = maxResultsOf(params.max_results);
      try {
        const result = await this.google.searchAll(
          {
            query: `${search.business_type} in ${search.location}`,
            radiusMeters: Number.isFinite(radiusKm) ? Math.round(radiusKm * 1000) : 10_000,
            maxPages: maxResults === null ? this.maxPages : Math.min(this.maxPages, pagesFor(maxResults)),
          },
          { signal },
        );
        const hits = maxResults === null ? result.hits : result.hits.slice(0, maxResults);
        return outcome.done({ hits, pages: result.pages });
      } catch (error) {
        return googleFailure(error);
      }
    });
  }

  async persist(
    manager: EntityManager,
    done: readonly DoneItem<PlaceSearchEntity, PlaceSearchResult>[],
  ): Promise<void> {
    const places = done
      .flatMap(({ item, result }) =>
        result.hits.map((hit) => ({
          place_id: hit.place_id,
          name: hit.name,
          formatted_address: hit.formatted_address,
          business_type: hit.business_type,
          latitude: hit.latitude,
          longitude: hit.longitude,
          rating: hit.rating,
          user_ratings_total: hit.user_ratings_total,
          price_level: hit.price_level,
          vicinity: hit.vicinity,
          raw: hit.raw,
          search_job_id: item.id,
          search_query: `${item.business_type} in ${item.location}`,
          search_location: item.location,
          tenant_id: item.tenant_id ?? DEFAULT_TENANT_ID,
        })),
      )
      .map((place, n) => ({ ...place, n }));
    const searches = done.map(({ item, result }) => ({
      search_id: item.id,
      found: result.hits.length,
      pages: result.pages,
    }));
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
           place_id text, name text, formatted_address text, business_type text, latitude float8, longitude float8,
           rating float8, user_ratings_total int, price_level int, vicinity text, raw jsonb, search_job_id uuid,
           search_query text, search_location text, tenant_id uuid, n bigint)
       ), places AS (
         SELECT DISTINCT ON (place_id) * FROM input ORDER BY place_id, n
       ), upserted AS (
         INSERT INTO places_staging (place_id, name, formatted_address, business_type, latitude, longitude, rating, user_ratings_total,
                                     price_level, vicinity, raw_data, search_job_id, search_query, search_location, tenant_id, status, search_time, updated_at)
         SELECT place_id, left(name, 255), formatted_address, business_type, latitude, longitude, rating, user_ratings_total,
                price_level, vicinity, raw, search_job_id, search_query, search_location, tenant_id, $3${enumCast(PlaceStatusEnum)}, now(), now()
           FROM places ORDER BY place_id
         ON CONFLICT (place_id) DO UPDATE SET
           name = EXCLUDED.name, formatted_address = EXCLUDED.formatted_address, business_type = EXCLUDED.business_type,
           latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, rating = EXCLUDED.rating,
           user_ratings_total = EXCLUDED.user_ratings_total, price_level = EXCLUDED.price_level, vicinity = EXCLUDED.vicinity,
           raw_data = EXCLUDED.raw_data, search_time = EXCLUDED.search_time, updated_at = now()
         RETURNING place_id, (xmax = 0) AS inserted
       ), counts AS (
         SELECT p.search_job_id, count(*) FILTER (WHERE u.inserted)::int AS new_places
           FROM upserted u JOIN places p USING (place_id) GROUP BY p.search_job_id
       )
       UPDATE place_searches s
          SET params = (coalesce(s.params::jsonb, '{}'::jsonb) || jsonb_build_object('found', f.found, 'new', coalesce(c.new_places, 0), 'pages', f.pages))::json
         FROM jsonb_to_recordset($2::jsonb) AS f(search_id uuid, found int, pages int)
         LEFT JOIN counts c ON c.search_job_id = f.search_id
        WHERE s.id = f.search_id`,
      [JSON.stringify(places), JSON.stringify(searches), PlaceStatus.New],
    );
  }
}
