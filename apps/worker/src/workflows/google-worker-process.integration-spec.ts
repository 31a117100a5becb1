import { ChildProcess } from 'node:child_process';

import { fakePlaceId, FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';
import { applyCurationStatus, PlaceStatus, WF2_DEEP_SCAN } from '@curation/sdk';
import {
  createTestDatabase,
  pollUntil,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

const KEY = 'worker-process-key';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WF1 and WF2 in a real worker process killed mid-call (fake Google, real PostgreSQL)', () => {
  let db: TestDatabase;
  let fake: FakePlacesServer;
  const children: ChildProcess[] = [];

  const startWorker = async () => {
    const child = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: db.url,
      GOOGLE_MAPS_API_KEY: KEY,
      GOOGLE_PLACES_BASE_URL: fake.url,
      GOOGLE_PAGE_TOKEN_DELAY_MS: '0',
      GOOGLE_TIMEOUT_MS: '20000',
      // Long enough that a renewal delayed by a busy 2-core CI machine still lands in time (at 2 s one expired and
      // a third attempt ran), short enough that the killed worker's lease expires well inside the 30 s wait.
      WF1_PLACE_SEARCH_LEASE_MS: '5000',
      WF2_DEEP_SCAN_LEASE_MS: '5000',
      WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
      SWEEP_INTERVAL_MS: '1000',
    });
    children.push(child);
    await waitForOutput(child, /worker started/);
    return child;
  };

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: KEY });
  });

  afterAll(() => fake.close());

  beforeEach(async () => {
    db = await createTestDatabase();
    fake.clearScripts();
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopProcess(c, 'SIGKILL')));
    await db.drop();
  });

  it('a search interrupted by SIGKILL is recovered by its lease and completes once, without duplicate places', async () => {
    fake.script({ endpoint: 'search', fault: { type: 'delay', ms: 60_000 }, times: 1 });
    const [{ id }] = await db.dataSource.query(
      `INSERT INTO place_searches (business_type, location) VALUES ('plumber', 'Austin, TX') RETURNING id`,
    );
    const first = await startWorker();
    await pollUntil(
      () => db.dataSource.query(`SELECT status FROM place_searches`),
      ([r]: { status: string }[]) => r.status === 'processing',
      15_000,
    );
    await stopProcess(first, 'SIGKILL');
    await startWorker();
    const [done] = await pollUntil(
      () =>
        db.dataSource.query(`SELECT status, params, status_attempts AS attempts FROM place_searches WHERE id = $1`, [
          id,
        ]),
      ([r]: { status: string }[]) => r.status === 'complete',
      30_000,
    );
    expect(done).toMatchObject({ status: 'complete', attempts: 2, params: { found: 45, new: 45 } });
    const [{ n, distinct }] = await db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT place_id)::int AS distinct FROM places_staging`,
    );
    expect({ n, distinct }).toEqual({ n: 45, distinct: 45 });
  });

  it('a deep scan interrupted by SIGKILL is recovered and completes once, without duplicate businesses', async () => {
    const placeIds = Array.from({ length: 6 }, (_, i) => fakePlaceId('plumber in Austin, TX', i));
    const rows: { id: number }[] = await db.dataSource.query(
      `INSERT INTO places_staging (place_id, name, tenant_id) SELECT p, 'Place ' || p, '550e8400-e29b-41d4-a716-446655440000' FROM unnest($1::text[]) AS p RETURNING id`,
      [placeIds],
    );
    await applyCurationStatus(
      db.dataSource,
      WF2_DEEP_SCAN,
      rows.map((r) => r.id),
      PlaceStatus.Selected,
    );
    fake.script({ endpoint: 'details', fault: { type: 'delay', ms: 60_000 } });
    const first = await startWorker();
    await pollUntil(
      () => db.dataSource.query(`SELECT count(*)::int AS n FROM places_staging WHERE deep_scan_status = 'Processing'`),
      ([r]: { n: number }[]) => r.n === 6,
      15_000,
    );
    await sleep(300);
    await stopProcess(first, 'SIGKILL');
    fake.clearScripts(); // Google answers normally for the worker that takes over
    await startWorker();
    const final = await pollUntil(
      () =>
        db.dataSource.query(
          `SELECT deep_scan_status::text AS s, count(*)::int AS n, max(deep_scan_status_attempts) AS attempts FROM places_staging GROUP BY 1`,
        ),
      (r: { s: string }[]) => r.length === 1 && r[0].s === 'Completed',
      30_000,
    );
    expect(final).toEqual([{ s: 'Completed', n: 6, attempts: 2 }]);
    const [{ n, distinct }] = await db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT place_id)::int AS distinct FROM local_businesses`,
    );
    expect({ n, distinct }).toEqual({ n: 6, distinct: 6 });
  });
});
