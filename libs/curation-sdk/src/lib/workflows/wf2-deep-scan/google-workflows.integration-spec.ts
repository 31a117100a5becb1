import { Logger } from '@nestjs/common';

import { GooglePlacesClient } from '@curation/integrations';
import { fakePlaceId, FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';

import { createTestDatabase, recordQueries, testClients, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { PlaceSearchStatus } from '../../enums/place-search-status.enum';
import { PlaceStatus } from '../../enums/place-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { WorkflowDefinition, WorkflowTuning } from '../workflow-definition';
import { WF1_PLACE_SEARCH, WF2_DEEP_SCAN } from '../workflow-definitions';
import { registeredWorkflow } from '../workflow-registry';

const KEY = 'AIzaSy-test-key-that-must-never-leak';
const QUERY = 'plumber in Austin, TX';

describe('WF1 place search and WF2 deep scan against the fake Google Places server (real PostgreSQL)', () => {
  let db: TestDatabase;
  let fake: FakePlacesServer;
  let logged: string[];

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: KEY });
  });

  afterAll(() => fake.close());

  beforeEach(async () => {
    db = await createTestDatabase();
    fake.clearScripts();
    logged = [];
    for (const level of ['log', 'warn', 'error', 'debug'] as const) {
      jest
        .spyOn(Logger.prototype, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
      if (process.env.TEST_LOG_LEVEL === 'debug') jest.restoreAllMocks();
    }
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await db.drop();
  });

  const loopFor = (
    def: WorkflowDefinition,
    flavour: 'legacy' | 'new' = 'legacy',
    batchSize = 10,
    over: Partial<WorkflowTuning> = {},
    timeoutMs = 2000,
  ) => {
    const google = new GooglePlacesClient({
      flavour,
      apiKey: KEY,
      baseUrl: fake.url,
      pageTokenDelayMs: 0,
      requestsPerSecond: 0,
      timeoutMs,
    });
    return registeredWorkflow(def.id).createLoop(
      db.dataSource,
      testClients({ googlePlaces: google }),
      { placeSearchMaxPages: 3 },
      { owner: 'google-test', tuning: { ...def.defaults, batchSize, ...over } },
    );
  };

  const newSearch = async (): Promise<string> =>
    (
      await db.dataSource.query(
        `INSERT INTO place_searches (business_type, location, params) VALUES ('plumber', 'Austin, TX', '{"radius_km": 5}') RETURNING id`,
      )
    )[0].id;

  it.each(['legacy', 'new'] as const)(
    '%s: a search fills places_staging over three pages; a re-search keeps curation and deep-scan statuses',
    async (flavour) => {
      const first = await newSearch();
      const wf1 = loopFor(WF1_PLACE_SEARCH, flavour);
      expect(await wf1.tick()).toMatchObject({ claimed: 1, done: 1 });
      const [search] = await db.dataSource.query(`SELECT status, params FROM place_searches WHERE id = $1`, [first]);
      expect(search).toEqual({
        status: PlaceSearchStatus.Complete,
        params: { radius_km: 5, found: 45, new: 45, pages: 3 },
      });
      const [{ n, fresh }] = await db.dataSource.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'New' AND search_job_id = $1)::int AS fresh FROM places_staging`,
        [first],
      );
      expect({ n, fresh }).toEqual({ n: 45, fresh: 45 });

      const curated = fakePlaceId(QUERY, 0);
      await db.dataSource.query(
        `UPDATE places_staging SET status = 'Maybe', deep_scan_status = 'Completed' WHERE place_id = $1`,
        [curated],
      );
      const second = await newSearch();
      await wf1.tick();
      await wf1.stop(1000);
      expect(
        (await db.dataSource.query(`SELECT params FROM place_searches WHERE id = $1`, [second]))[0].params,
      ).toMatchObject({ found: 45, new: 0 });
      expect(
        await db.dataSource.query(
          `SELECT status::text, deep_scan_status::text AS d FROM places_staging WHERE place_id = $1`,
          [curated],
        ),
      ).toEqual([{ status: 'Maybe', d: 'Completed' }]);
      expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM places_staging`))[0].n).toBe(45);
    },
  );

  it('deep-scans selected places into local_businesses, and a re-scan keeps the business curation and extraction state', async () => {
    await newSearch();
    const wf1 = loopFor(WF1_PLACE_SEARCH);
    await wf1.tick();
    await wf1.stop(1000);
    const ids: number[] = (await db.dataSource.query(`SELECT id FROM places_staging ORDER BY id LIMIT 3`)).map(
      (r: { id: number }) => r.id,
    );
    expect(await applyCurationStatus(db.dataSource, WF2_DEEP_SCAN, ids, PlaceStatus.Selected)).toMatchObject({
      queued_count: 3,
    });
    const wf2 = loopFor(WF2_DEEP_SCAN);
    expect(await wf2.tick()).toMatchObject({ claimed: 3, done: 3 });
    const businesses = await db.dataSource.query(
      `SELECT b.place_id, b.business_name, b.website_url, b.city, b.monday_hours, b.status::text, b.lead_source, p.deep_scan_status::text AS scan
         FROM local_businesses b JOIN places_staging p USING (place_id) ORDER BY b.place_id`,
    );
    expect(businesses).toHaveLength(3);
    for (const b of businesses) {
      expect(b).toMatchObject({ status: 'New', scan: 'Completed', lead_source: 'Google Maps' });
      expect(b.business_name).toEqual(expect.any(String));
      expect(b.city).toEqual(expect.any(String));
    }
    // a person curates the business, WF3 extracted its domain; then the place is scanned again
    await db.dataSource.query(
      `UPDATE local_businesses SET status = 'Not a Fit', domain_extraction_status = 'Completed', business_name = 'stale name'`,
    );
    await applyCurationStatus(db.dataSource, WF2_DEEP_SCAN, ids, PlaceStatus.Selected);
    await wf2.tick();
    await wf2.stop(1000);
    const after = await db.dataSource.query(
      `SELECT status::text, domain_extraction_status::text AS x, business_name FROM local_businesses`,
    );
    expect(after.map((r: { status: string; x: string }) => [r.status, r.x])).toEqual([
      ['Not a Fit', 'Completed'],
      ['Not a Fit', 'Completed'],
      ['Not a Fit', 'Completed'],
    ]);
    expect(after.every((r: { business_name: string }) => r.business_name !== 'stale name')).toBe(true);
  });

  it.each(['legacy', 'new'] as const)(
    '%s: a Google call that outlives the item deadline is abandoned and retried with a readable reason; its batch-mates complete',
    async (flavour) => {
      await newSearch();
      const wf1 = loopFor(WF1_PLACE_SEARCH, flavour);
      await wf1.tick();
      await wf1.stop(1000);
      const places: { id: number; place_id: string }[] = await db.dataSource.query(
        `SELECT id, place_id FROM places_staging ORDER BY id LIMIT 3`,
      );
      // 5 s answer, 10 s client timeout, 500 ms item deadline: only the deadline can end this call early
      fake.script({ endpoint: 'details', placeId: places[1].place_id, fault: { type: 'delay', ms: 5_000 } });
      await applyCurationStatus(
        db.dataSource,
        WF2_DEEP_SCAN,
        places.map((p) => p.id),
        PlaceStatus.Selected,
      );
      const wf2 = loopFor(WF2_DEEP_SCAN, flavour, 10, { itemTimeoutMs: 500 }, 10_000);
      const started = Date.now();
      expect(await wf2.tick()).toMatchObject({ claimed: 3, done: 2, retried: 1 });
      expect(Date.now() - started).toBeLessThan(4_000);
      await wf2.stop(1000);
      const rows: { s: string; e: string | null }[] = await db.dataSource.query(
        `SELECT deep_scan_status::text AS s, deep_scan_error AS e FROM places_staging WHERE id = ANY($1::int[]) ORDER BY id`,
        [places.map((p) => p.id)],
      );
      expect(rows).toEqual([
        { s: 'Completed', e: null },
        { s: 'Queued', e: 'did not finish within 500 ms' },
        { s: 'Completed', e: null },
      ]);
    },
  );

  it("maps each Google status to its outcome, keeps Google's message, and never writes or logs the key", async () => {
    await newSearch();
    const wf1 = loopFor(WF1_PLACE_SEARCH);
    await wf1.tick();
    await wf1.stop(1000);
    const places: { id: number; place_id: string }[] = await db.dataSource.query(
      `SELECT id, place_id FROM places_staging ORDER BY id LIMIT 5`,
    );
    fake.script(
      {
        endpoint: 'details',
        placeId: places[0].place_id,
        fault: {
          type: 'status',
          status: 'REQUEST_DENIED',
          message: 'This API project is not authorized to use this API.',
        },
      },
      { endpoint: 'details', placeId: places[1].place_id, fault: { type: 'status', status: 'NOT_FOUND' } },
      { endpoint: 'details', placeId: places[2].place_id, fault: { type: 'status', status: 'OVER_QUERY_LIMIT' } },
      { endpoint: 'details', placeId: places[3].place_id, fault: { type: 'http', status: 503 } },
      { endpoint: 'details', placeId: places[4].place_id, fault: { type: 'malformed' } },
    );
    await applyCurationStatus(
      db.dataSource,
      WF2_DEEP_SCAN,
      places.map((p) => p.id),
      PlaceStatus.Selected,
    );
    const wf2 = loopFor(WF2_DEEP_SCAN);
    expect(await wf2.tick()).toMatchObject({ claimed: 5, done: 0, failed: 2, retried: 3 });
    await wf2.stop(1000);
    const rows: { s: string; e: string }[] = await db.dataSource.query(
      `SELECT deep_scan_status::text AS s, deep_scan_error AS e FROM places_staging WHERE id = ANY($1::int[]) ORDER BY id`,
      [places.map((p) => p.id)],
    );
    expect(rows.map((r) => r.s)).toEqual(['Error', 'Error', 'Queued', 'Queued', 'Queued']);
    expect(rows[0].e).toContain('This API project is not authorized to use this API.');
    expect(rows[1].e).toContain('NOT_FOUND');
    const everything =
      JSON.stringify(await db.dataSource.query(`SELECT * FROM places_staging`)) +
      JSON.stringify(await db.dataSource.query(`SELECT * FROM place_searches`)) +
      logged.join('\n');
    expect(everything).not.toContain(KEY);
    expect(fake.requests.some((r) => r.query.key === KEY)).toBe(true); // it was used, just never kept
  });

  it('WF1: ZERO_RESULTS completes with nothing, INVALID_REQUEST fails with the reason, UNKNOWN_ERROR retries; statements do not grow with the places found', async () => {
    const empty = await newSearch();
    fake.script({ endpoint: 'search', fault: { type: 'status', status: 'ZERO_RESULTS' }, times: 1 });
    const wf1 = loopFor(WF1_PLACE_SEARCH, 'legacy', 1);
    const none = await recordQueries(() => wf1.tick());
    expect((await db.dataSource.query(`SELECT status, params FROM place_searches WHERE id = $1`, [empty]))[0]).toEqual({
      status: 'complete',
      params: { radius_km: 5, found: 0, new: 0, pages: 1 },
    });
    const full = await newSearch();
    const many = await recordQueries(() => wf1.tick());
    expect(
      (await db.dataSource.query(`SELECT params FROM place_searches WHERE id = $1`, [full]))[0].params,
    ).toMatchObject({ found: 45 });
    expect(many.queries.length).toBe(none.queries.length);
    expect(findNPlusOne(many.queries)).toEqual([]);

    const invalid = await newSearch();
    fake.script({
      endpoint: 'search',
      fault: { type: 'status', status: 'INVALID_REQUEST', message: 'Invalid request. Missing the query parameter.' },
      times: 1,
    });
    await wf1.tick();
    const unknown = await newSearch();
    fake.script({ endpoint: 'search', fault: { type: 'status', status: 'UNKNOWN_ERROR' }, times: 1 });
    await wf1.tick();
    await wf1.stop(1000);
    const [failed] = await db.dataSource.query(`SELECT status, error_message FROM place_searches WHERE id = $1`, [
      invalid,
    ]);
    expect(failed.status).toBe('failed');
    expect(failed.error_message).toContain('Missing the query parameter');
    expect(
      (await db.dataSource.query(`SELECT status, error_message FROM place_searches WHERE id = $1`, [unknown]))[0],
    ).toEqual({ status: 'pending', error_message: expect.stringContaining('UNKNOWN_ERROR') });
    expect(logged.join('\n')).not.toContain(KEY);
  });

  it('costs the same statements per WF2 cycle for 1 and 10 places, with no N+1', async () => {
    await newSearch();
    const wf1 = loopFor(WF1_PLACE_SEARCH);
    await wf1.tick();
    await wf1.stop(1000);
    const counts: number[] = [];
    for (const size of [1, 10]) {
      const ids: number[] = (
        await db.dataSource.query(`SELECT id FROM places_staging WHERE deep_scan_status IS NULL ORDER BY id LIMIT $1`, [
          size,
        ])
      ).map((r: { id: number }) => r.id);
      await applyCurationStatus(db.dataSource, WF2_DEEP_SCAN, ids, PlaceStatus.Selected);
      const wf2 = loopFor(WF2_DEEP_SCAN, 'legacy', size);
      const { result, queries } = await recordQueries(() => wf2.tick());
      await wf2.stop(1000);
      expect(result).toMatchObject({ claimed: size, done: size });
      expect(findNPlusOne(queries)).toEqual([]);
      counts.push(queries.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
