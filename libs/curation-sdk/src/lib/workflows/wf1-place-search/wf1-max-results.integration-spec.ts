import { GooglePlacesClient } from '@curation/integrations';
import { fakePlaceId, FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';

import { createTestDatabase, TestDatabase, tickWorkflowOnce } from '../../../testing';
import { PlaceSearchStatus } from '../../enums/place-search-status.enum';
import { WF1_PLACE_SEARCH } from '../workflow-definitions';

const KEY = 'AIzaSy-max-results-test-key';
const QUERY = 'plumber in Austin, TX';

/** `params.max_results` (the Single Search form's "Max Results") caps what one search stages. */
describe('WF1 max_results cap against the fake Google Places server (real PostgreSQL)', () => {
  let db: TestDatabase;
  let fake: FakePlacesServer;

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: KEY });
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
    await fake.close();
  });

  beforeEach(async () => {
    await db.dataSource.query(`TRUNCATE places_staging, place_searches CASCADE`);
    fake.requests.length = 0;
  });

  const runWf1 = async (flavour: GooglePlacesClient['flavour']) => {
    const google = new GooglePlacesClient({
      flavour,
      apiKey: KEY,
      baseUrl: fake.url,
      pageTokenDelayMs: 0,
      requestsPerSecond: 0,
    });
    return tickWorkflowOnce(db.dataSource, WF1_PLACE_SEARCH, {
      owner: 'wf1-max-results',
      clients: { googlePlaces: google },
      options: { placeSearchMaxPages: 3 },
      tuning: { batchSize: 10 },
    });
  };

  const newSearch = async (params: Record<string, unknown>): Promise<string> =>
    (
      await db.dataSource.query(
        `INSERT INTO place_searches (business_type, location, params) VALUES ('plumber', 'Austin, TX', $1) RETURNING id`,
        [JSON.stringify(params)],
      )
    )[0].id;

  const stagedFor = async (id: string): Promise<string[]> =>
    (
      await db.dataSource.query(`SELECT place_id FROM places_staging WHERE search_job_id = $1 ORDER BY place_id`, [id])
    ).map((r: { place_id: string }) => r.place_id);

  const searchRequests = () => fake.requests.filter((r) => r.endpoint === 'search').length;

  it.each([
    ['legacy', 5, 1],
    ['new', 5, 1],
    ['legacy', 25, 2],
    ['new', 40, 2],
  ] as const)(
    '%s: max_results %i stages exactly that many places, the first ones Google answers, in %i page(s)',
    async (flavour, maxResults, pages) => {
      const id = await newSearch({ radius_km: 5, max_results: maxResults });
      expect(await runWf1(flavour)).toMatchObject({ claimed: 1, done: 1 });
      const expected = Array.from({ length: maxResults }, (_, i) => fakePlaceId(QUERY, i)).sort();
      expect(await stagedFor(id)).toEqual(expected);
      expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM places_staging`))[0].n).toBe(maxResults);
      // Pages beyond the cap are never requested: Google bills per request.
      expect(searchRequests()).toBe(pages);
      const [search] = await db.dataSource.query(`SELECT status, params FROM place_searches WHERE id = $1`, [id]);
      expect(search).toEqual({
        status: PlaceSearchStatus.Complete,
        params: { radius_km: 5, max_results: maxResults, found: maxResults, new: maxResults, pages },
      });
    },
  );

  it('a cap above what Google has stages everything found (45 over three pages)', async () => {
    const id = await newSearch({ radius_km: 5, max_results: 100 });
    await runWf1('legacy');
    expect(await stagedFor(id)).toHaveLength(45);
    expect(searchRequests()).toBe(3);
  });

  it.each([[{ radius_km: 5 }], [{ radius_km: 5, max_results: null }], [{ radius_km: 5, max_results: 'ten' }]])(
    'without a usable cap (%j) the search stages every place found',
    async (params) => {
      const id = await newSearch(params);
      await runWf1('legacy');
      expect(await stagedFor(id)).toHaveLength(45);
    },
  );

  it('caps each search of a batch by its own max_results', async () => {
    const capped = await newSearch({ radius_km: 5, max_results: 3 });
    const uncapped = await newSearch({ radius_km: 5 });
    expect(await runWf1('legacy')).toMatchObject({ claimed: 2, done: 2 });
    // Both searches ask the same query; places are unique, so the first search to stage a place keeps it.
    const total = (await db.dataSource.query(`SELECT count(*)::int AS n FROM places_staging`))[0].n;
    expect(total).toBe(45);
    const params = await db.dataSource.query(`SELECT id, params FROM place_searches`);
    const byId = new Map(params.map((r: { id: string; params: { found: number } }) => [r.id, r.params.found]));
    expect(byId.get(capped)).toBe(3);
    expect(byId.get(uncapped)).toBe(45);
  });
});
