import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { EXACT_COUNT_CAP, queryRecorder, readWorkflowStatuses, WF3_DOMAIN_EXTRACTION, WORKFLOWS } from '@curation/sdk';
import { createTestDatabase, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';
const ROWS = 100_000;
// Every n % 100: 0–19 queued, 20 processing with an expired lease, 21 processing with a live one, 22 failed.
const QUEUED = ROWS * 0.2;
const EXPIRED = ROWS / 100;
const PROCESSING = (ROWS / 100) * 2;
const FAILED = ROWS / 100;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

describe('operations snapshot: constant cost at 100,000 businesses, one refresh for concurrent scrapes', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Set-based, as a grown deployment looks: most rows never queued, a fifth queued, a few in flight or failed.
    await db.dataSource.query(
      `INSERT INTO local_businesses (tenant_id, business_name, status, updated_at, created_at, domain_extraction_status,
                                     domain_extraction_status_lease_expires_at, domain_extraction_error)
       SELECT '550e8400-e29b-41d4-a716-446655440000', 'Business ' || n,
              (ARRAY['New','New','New','Selected','Maybe','Not a Fit','Archived'])[1 + n % 7]::place_status_enum,
              CASE WHEN n % 100 = 22 THEN now() - interval '1 second' * (n / 1000.0) ELSE now() - n * interval '1 second' END,
              now() - n * interval '1 second',
              CASE WHEN n % 100 < 20 THEN 'Queued' WHEN n % 100 IN (20, 21) THEN 'Processing'
                   WHEN n % 100 = 22 THEN 'Error' WHEN n % 100 < 60 THEN 'Completed' END::domain_extraction_status_enum,
              CASE n % 100 WHEN 20 THEN now() - interval '1 minute' WHEN 21 THEN now() + interval '10 minutes' END,
              CASE WHEN n % 100 = 22 THEN 'HTTP 500 from shop-' || n END
         FROM generate_series(1, $1::int) AS n`,
      [ROWS],
    );
    await db.dataSource.query(`VACUUM ANALYZE local_businesses`);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('reads every workflow in two statements, none of which scans local_businesses sequentially', async () => {
    const { result, queries } = await recordQueries(() => readWorkflowStatuses(db.dataSource, WORKFLOWS));
    expect(queries).toHaveLength(2);
    for (const { sql } of queries) {
      const [{ 'QUERY PLAN': plan }] = await db.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`);
      const onBusinesses = nodes(plan[0].Plan).filter((node) => node['Relation Name'] === 'local_businesses');
      expect(onBusinesses.length).toBeGreaterThan(0);
      expect(onBusinesses.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
    }
    expect(result.map((s) => s.workflow)).toEqual(WORKFLOWS.map((w) => w.id));
  });

  it('counts what the indexes bound exactly, caps what they do not, and estimates the rest from statistics', async () => {
    const [wf3] = await readWorkflowStatuses(db.dataSource, [WF3_DOMAIN_EXTRACTION]);
    expect(wf3.counts_are_estimates).toBe(true);
    // Past the cap the queued count says "at least the cap" (here the estimate, which is above it).
    expect(wf3.processing_counts['Queued']).toBeGreaterThanOrEqual(EXACT_COUNT_CAP);
    expect(Math.abs(wf3.processing_counts['Queued'] - QUEUED) / QUEUED).toBeLessThan(0.15);
    // 1,000 expired leases are within the cap, so exact; 2,000 rows in processing are past it.
    expect(wf3.expired_leases).toBe(EXPIRED);
    expect(wf3.processing_counts['Processing']).toBeGreaterThanOrEqual(EXACT_COUNT_CAP);
    expect(Math.abs(wf3.processing_counts['Processing'] - PROCESSING) / PROCESSING).toBeLessThan(0.15);
    const completed = ROWS * 0.37;
    expect(Math.abs(wf3.processing_counts['Completed'] - completed) / completed).toBeLessThan(0.15);
    const never = ROWS * 0.4;
    expect(Math.abs(wf3.processing_counts['null'] - never) / never).toBeLessThan(0.15);
    const newRows = (ROWS * 3) / 7;
    expect(Math.abs(wf3.curation_counts['New'] - newRows) / newRows).toBeLessThan(0.15);
    // The oldest queued row (n = 100,000) was queued 100,000 seconds before the insert.
    expect(wf3.oldest_queued_age_seconds).toBeGreaterThanOrEqual(ROWS);
    expect(wf3.oldest_queued_age_seconds).toBeLessThan(ROWS + 120);
    // The failed rows were updated last, so the window of latest updates holds them.
    expect(wf3.latest_errors.map((e) => e.error)).toEqual(
      [22, 122, 222, 322, 422].map((n) => `HTTP 500 from shop-${n}`),
    );
    expect(wf3.processing_counts['Error']).toBeGreaterThan(FAILED * 0.5);
  });

  it('counts a table at or under the cap exactly', async () => {
    const small = await createTestDatabase();
    try {
      await small.dataSource.query(
        `INSERT INTO local_businesses (tenant_id, business_name, domain_extraction_status)
         SELECT '550e8400-e29b-41d4-a716-446655440000', 'Business ' || n,
                CASE WHEN n <= 3 THEN 'Queued' END::domain_extraction_status_enum
           FROM generate_series(1, $1::int) AS n`,
        [EXACT_COUNT_CAP],
      );
      const [wf3] = await readWorkflowStatuses(small.dataSource, [WF3_DOMAIN_EXTRACTION]);
      expect(wf3).toMatchObject({
        counts_are_estimates: false,
        processing_counts: { Queued: 3, null: EXACT_COUNT_CAP - 3 },
        curation_counts: { New: EXACT_COUNT_CAP },
        expired_leases: 0,
      });
    } finally {
      await small.drop();
    }
  });

  it('says what finished in the last hour and which workers hold leases', async () => {
    const small = await createTestDatabase();
    try {
      await small.dataSource.query(
        `INSERT INTO local_businesses (tenant_id, business_name, domain_extraction_status, updated_at,
                                       domain_extraction_status_locked_by, domain_extraction_status_lease_expires_at)
         SELECT '550e8400-e29b-41d4-a716-446655440000', 'Business ' || n, s::domain_extraction_status_enum,
                now() - a * interval '1 minute', w, CASE WHEN w IS NOT NULL THEN now() + interval '10 minutes' END
           FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS r(s, a, w, n)`,
        [
          [
            'Completed',
            'Completed',
            'Completed',
            'Error',
            'Completed',
            'Error',
            'Processing',
            'Processing',
            'Processing',
          ],
          [1, 5, 59, 30, 61, 120, 0, 0, 0],
          [null, null, null, null, null, null, 'worker-a', 'worker-a', 'worker-b'],
        ],
      );
      const [wf3] = await readWorkflowStatuses(small.dataSource, [WF3_DOMAIN_EXTRACTION]);
      expect(wf3.last_hour).toEqual({ done: 3, failed: 1, at_least: false });
      expect(wf3.lease_holders).toEqual([
        { worker: 'worker-a', rows: 2, lease_expires_at: expect.any(String) },
        { worker: 'worker-b', rows: 1, lease_expires_at: expect.any(String) },
      ]);
    } finally {
      await small.drop();
    }
  });

  describe('through the API', () => {
    let app: INestApplication;
    const scrape = () =>
      request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    const status = () => request(app.getHttpServer()).get('/api/v3/workflows/status').set('Authorization', bearer());

    afterEach(async () => {
      await app.close();
    });

    it('serves 10 concurrent scrapes and 10 status calls within the window from one refresh', async () => {
      app = await createApiTestApp(db.url, { METRICS_TOKEN, OPERATIONS_SNAPSHOT_MS: '60000' });
      // Listening once up front (supertest's per-request listen() resets connections under load), inside the
      // recorded unit: connections inherit the server's async context, so their statements are counted here.
      const { queries, result } = await recordQueries(async () => {
        await app.listen(0, '127.0.0.1');
        const seen = () => queryRecorder.current()?.queries.length ?? 0;
        const burst = await Promise.all([
          ...Array.from({ length: 10 }, scrape),
          ...Array.from({ length: 10 }, () => status().expect(200)),
        ]);
        const first = seen();
        await scrape();
        return { burst, first, second: seen() - first };
      });
      expect(result.first).toBe(2);
      expect(result.second).toBe(0);
      expect(queries).toHaveLength(2);
      expect(new Set(result.burst.slice(10).map((r) => r.body.snapshot_at)).size).toBe(1);
    });

    it('refreshes on every call with OPERATIONS_SNAPSHOT_MS=0', async () => {
      app = await createApiTestApp(db.url, { METRICS_TOKEN, OPERATIONS_SNAPSHOT_MS: '0' });
      const first = await recordQueries(() => scrape());
      const second = await recordQueries(() => status().expect(200));
      expect([first.queries.length, second.queries.length]).toEqual([2, 2]);
    });

    it('keeps every metric name and every status field', async () => {
      app = await createApiTestApp(db.url, { METRICS_TOKEN });
      const text = (await scrape()).text;
      const names = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
      for (const name of [
        'http_request_duration_seconds',
        'workflow_queued_rows',
        'workflow_oldest_queued_age_seconds',
        'workflow_expired_leases',
        'workflow_counts_are_estimates',
        'process_cpu_seconds_total',
        'nodejs_heap_size_total_bytes',
      ])
        expect(names).toContain(name);
      for (const def of WORKFLOWS)
        for (const name of ['workflow_queued_rows', 'workflow_oldest_queued_age_seconds', 'workflow_expired_leases'])
          expect(text).toMatch(new RegExp(`^${name}\\{workflow="${def.id}"\\} \\d+$`, 'm'));
      expect(text).toContain(`workflow_counts_are_estimates{workflow="wf3-domain-extraction"} 1`);

      const body = (await status().expect(200)).body;
      expect(Object.keys(body).sort()).toEqual(['api_queues', 'counts_are_estimates', 'snapshot_at', 'workflows']);
      expect(body.counts_are_estimates).toBe(true);
      for (const workflow of body.workflows)
        expect(Object.keys(workflow).sort()).toEqual(
          [
            'counts_are_estimates',
            'curation_column',
            'curation_counts',
            'expired_leases',
            'last_hour',
            'latest_errors',
            'lease_holders',
            'oldest_queued_age_seconds',
            'paused',
            'processing_column',
            'processing_counts',
            'queues',
            'table',
            'workflow',
          ].sort(),
        );
    });
  });
});
