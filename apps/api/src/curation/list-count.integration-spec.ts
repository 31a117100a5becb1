import { DEFAULT_TENANT_ID } from '@curation/sdk';
import { createTestDatabase, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { loadApiConfig } from '../config/api.config';
import { TEST_JWT_SECRET } from '../testing/api-test-app';
import { columnsOf, CurationListService, ListResult } from './curation-list.service';
import { COUNT_EXPLAIN_PREFIX, TOTAL_COLUMN } from './list-sql';

/**
 * When a list reads its exact count: the first statement only plans the capped count (the estimate); the page
 * statement counts up to the cap as well unless the estimate is far past it (three times the cap). Statistics
 * are frozen (autovacuum off, no ANALYZE after the deletes), so the estimates here are the planner's.
 */
describe('list totals: the count is read with the page unless the estimate is far past the cap', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`ALTER TABLE local_businesses SET (autovacuum_enabled = false)`);
    await db.dataSource.query(
      `INSERT INTO local_businesses (tenant_id, business_name, status, updated_at)
       SELECT $1, 'Count ' || n, (CASE WHEN n <= 40 THEN 'Maybe' ELSE 'New' END)::place_status_enum,
              timestamptz '2026-11-01 10:00:00+00' + n * interval '1 second'
         FROM generate_series(1, 340) AS n`,
      [DEFAULT_TENANT_ID],
    );
    await db.dataSource.query(`VACUUM (ANALYZE) local_businesses`);
  });

  afterAll(async () => {
    await db.drop();
  });

  const list = (status: string, cap: number, limit: number, offset = 0) =>
    recordQueries(() =>
      new CurationListService(
        db.dataSource,
        loadApiConfig({ JWT_SECRET: TEST_JWT_SECRET, LIST_EXACT_COUNT_LIMIT: String(cap) }),
      ).list<{ id: string }>({
        from: '"local_businesses" t',
        columns: columnsOf(['id']),
        filters: [{ column: 'status', op: 'eq', value: status }],
        sortBy: 'updated_at',
        descending: true,
        limit,
        offset,
      }),
    );
  const shape = (queries: readonly { sql: string }[]) => ({
    statements: queries.length,
    planOnly: queries[0]?.sql.startsWith(COUNT_EXPLAIN_PREFIX) && !/ANALYZE/.test(queries[0].sql),
    pageCounts: queries[1]?.sql.includes(TOTAL_COLUMN),
  });
  const totalOf = ({ total, totalIsEstimate }: ListResult<unknown>) => ({ total, totalIsEstimate });

  it('counts with the page when the estimate is near the cap: exact, even for a page past the end', async () => {
    const first = await list('Maybe', 100, 5);
    expect(shape(first.queries)).toEqual({ statements: 2, planOnly: true, pageCounts: true });
    expect(totalOf(first.result)).toEqual({ total: 40, totalIsEstimate: false });
    expect(first.result.items).toHaveLength(5);
    expect(first.result.items[0]).toEqual({ id: expect.any(String) });
    expect(typeof first.result.nextCursor).toBe('string');
    const past = await list('Maybe', 100, 5, 1000);
    expect(shape(past.queries)).toEqual({ statements: 2, planOnly: true, pageCounts: true });
    expect({ ...totalOf(past.result), items: past.result.items, next: past.result.nextCursor }).toEqual({
      total: 40,
      totalIsEstimate: false,
      items: [],
      next: null,
    });
    // Past the cap the count proves "more than the cap", and the estimate is answered.
    const capped = await list('Maybe', 20, 5);
    expect(shape(capped.queries).pageCounts).toBe(true);
    expect(capped.result.totalIsEstimate).toBe(true);
    expect(capped.result.total).toBeGreaterThanOrEqual(21);
  });

  it('reads no count when the estimate is more than three times the cap', async () => {
    const { result, queries } = await list('New', 10, 5);
    expect(shape(queries)).toEqual({ statements: 2, planOnly: true, pageCounts: false });
    expect(result.totalIsEstimate).toBe(true);
    expect(result.total).toBeGreaterThan(30);
  });

  describe('with the estimate far above the truth (rows deleted since the statistics)', () => {
    beforeAll(async () => {
      await db.dataSource.query(
        `DELETE FROM local_businesses WHERE status = 'New' AND business_name NOT IN ('Count 41', 'Count 42', 'Count 43', 'Count 44', 'Count 45')`,
      );
    });

    it('answers the exact count when the page reached the end within the cap', async () => {
      const { result, queries } = await list('New', 10, 10);
      expect(shape(queries).pageCounts).toBe(false);
      expect(totalOf(result)).toEqual({ total: 5, totalIsEstimate: false });
      expect(result.items).toHaveLength(5);
    });

    it('answers the estimate, flagged, when the page did not reach the end: the accepted cost of skipping', async () => {
      const { result } = await list('New', 10, 2);
      expect(result.items).toHaveLength(2);
      expect(result.totalIsEstimate).toBe(true);
      expect(result.total).toBeGreaterThan(30);
    });
  });
});
