import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { DEFAULT_TENANT_ID, filterSql, findNPlusOne, ident } from '@curation/sdk';
import {
  createTestDatabase,
  generateFixtures,
  insertFixtures,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';

import { loadApiConfig } from '../config/api.config';
import { bearer, createApiTestApp, TEST_JWT_SECRET } from '../testing/api-test-app';
import { columnsOf, CurationListService } from './curation-list.service';
import { encodeCursor } from './list-cursor';
import { pageStatement } from './list-sql';
import { totalFromPlan } from './list-total';

/** Small, so the fixtures cross it: lists above it answer estimates. */
const CAP = 25;
/** Archived businesses: enough that skipping them by OFFSET would be visible in the plan. */
const BULK = 40_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('list paging: capped totals, deferred-join pages and keyset cursors (real AppModule, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer();
  const get = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', auth);
  const ids = async (sql: string, params: unknown[] = []): Promise<string[]> =>
    (await db.dataSource.query(sql, params)).map((r: { id: string }) => r.id);
  const businessOrder = (column: string, desc: boolean, where = `t.status = 'New'`) => {
    const dir = desc ? 'DESC' : 'ASC';
    return `SELECT t.id::text AS id FROM local_businesses t WHERE ${where} ORDER BY t.${ident(column)} ${dir}, t.id ${dir}`;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 40 }));
    // Ties (groups of four share updated_at, six names, four phones), NULLs in every nullable sort column, and
    // microsecond timestamps a millisecond-precision cursor would get wrong.
    await db.dataSource.query(
      `INSERT INTO local_businesses (tenant_id, business_name, phone, website_url, status, updated_at, created_at)
       SELECT $1,
              CASE WHEN n % 9 = 0 THEN NULL ELSE 'Paging ' || (n % 6) END,
              CASE WHEN n % 3 = 0 THEN NULL ELSE '+1 555 010' || (n % 4) END,
              CASE WHEN n % 2 = 0 THEN NULL ELSE 'https://p' || n || '.example.com' END,
              (CASE WHEN n <= 12 THEN 'Maybe' ELSE 'New' END)::place_status_enum,
              timestamptz '2026-11-01 10:00:00+00' + (n / 4) * interval '1.000123 second',
              timestamptz '2026-10-01 10:00:00+00'
         FROM generate_series(1, 160) AS n`,
      [DEFAULT_TENANT_ID],
    );
    await db.dataSource.query(
      `INSERT INTO local_businesses (tenant_id, business_name, status, updated_at)
       SELECT $1, 'Bulk ' || n, 'Archived', timestamptz '2026-09-01 00:00:00+00' + n * interval '1 millisecond'
         FROM generate_series(1, ${BULK}) AS n`,
      [DEFAULT_TENANT_ID],
    );
    // Statistics for the estimates, and a visibility map for index-only scans.
    await db.dataSource.query(
      `VACUUM (ANALYZE) local_businesses, places_staging, domains, sitemap_files, pages, contacts`,
    );
    app = await createApiTestApp(db.url, { LIST_EXACT_COUNT_LIMIT: String(CAP), RATE_LIMIT_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  describe('totals', () => {
    it('counts exactly up to the cap and flags nothing', async () => {
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM local_businesses WHERE status = 'Maybe' AND business_name ILIKE '%Paging%'`,
      );
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(CAP);
      const res = await get('/api/v3/local-businesses?status=Maybe&business_name=Paging&size=4').expect(200);
      expect(res.body).toMatchObject({ total: n, page: 1, size: 4, pages: Math.ceil(n / 4), total_is_estimate: false });
    });

    it('is exact at the cap and an estimate one row past it', async () => {
      const filters = [{ column: 'status', op: 'eq' as const, value: 'Maybe' }];
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM local_businesses WHERE status = 'Maybe'`,
      );
      const listWith = (cap: number) =>
        new CurationListService(
          db.dataSource,
          loadApiConfig({ JWT_SECRET: TEST_JWT_SECRET, LIST_EXACT_COUNT_LIMIT: String(cap) }),
        ).list({
          from: '"local_businesses" t',
          columns: columnsOf(['id']),
          filters,
          sortBy: 'updated_at',
          descending: true,
          limit: 1,
          offset: 0,
        });
      expect(await listWith(n)).toMatchObject({ total: n, totalIsEstimate: false });
      const past = await listWith(n - 1);
      expect(past.totalIsEstimate).toBe(true);
      // Never below what the capped count proved.
      expect(past.total).toBeGreaterThanOrEqual(n);
    });

    it("answers the planner's estimate past the cap, flagged, with pages from it and the reference's fields kept", async () => {
      const where = `t.status = 'New'`;
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM local_businesses t WHERE ${where}`);
      expect(n).toBeGreaterThan(CAP);
      const [{ 'QUERY PLAN': plan }] = await db.dataSource.query(
        `EXPLAIN (FORMAT JSON) SELECT 1 FROM local_businesses t WHERE ${where}`,
      );
      const estimate = Math.max(Math.round(plan[0].Plan['Plan Rows']), CAP + 1);
      const res = await get('/api/v3/local-businesses?status=New&size=10').expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          items: expect.any(Array),
          total: estimate,
          page: 1,
          size: 10,
          pages: Math.ceil(estimate / 10),
          total_is_estimate: true,
          next_cursor: expect.any(String),
        }),
      );
      const everyList = [
        '/api/v3/places/staging',
        '/api/v3/domains',
        '/api/v3/sitemap-files',
        '/api/v3/local-businesses',
      ];
      for (const path of everyList) {
        const body = (await get(`${path}?size=1`).expect(200)).body;
        expect({ path, flagged: body.total_is_estimate, total: body.total > CAP }).toEqual({
          path,
          flagged: true,
          total: true,
        });
      }
      const pages = (await get('/api/v3/pages?limit=1').expect(200)).body;
      expect(pages).toMatchObject({ total_is_estimate: true, offset: 0, limit: 1, next_cursor: expect.any(String) });
      expect(pages.filters_applied).toEqual({});
    });

    it('raises an estimate below the cap to one more than the cap', () => {
      const plan = [
        {
          'QUERY PLAN': [
            { Plan: { 'Node Type': 'Limit', 'Plan Rows': 3, 'Actual Rows': 26, Plans: [{ 'Plan Rows': 3 }] } },
          ],
        },
      ];
      expect(totalFromPlan(plan, 25)).toEqual({ total: 26, isEstimate: true });
      expect(totalFromPlan(plan, 26)).toEqual({ total: 26, isEstimate: false });
    });
  });

  /** Sorts of the business list with NULLs (phone, website_url, names, domain_extraction_status) and ties. */
  const SORTS: [string, boolean][] = [
    ['updated_at', true],
    ['updated_at', false],
    ['business_name', false],
    ['business_name', true],
    ['phone', false],
    ['phone', true],
    ['website_url', false],
    ['domain_extraction_status', true],
  ];
  const SIZE = 7;
  const businessPath = (column: string, desc: boolean, extra = '') =>
    `/api/v3/local-businesses?status=New&sort_by=${column}&sort_dir=${desc ? 'desc' : 'asc'}&size=${SIZE}${extra}`;

  describe('deferred-join pages', () => {
    it.each(SORTS)('by %s (descending: %s) equal plain OFFSET pages, row for row', async (column, desc) => {
      const all = await ids(businessOrder(column, desc));
      const dir = desc ? 'DESC' : 'ASC';
      for (let page = 1; page <= Math.ceil(all.length / SIZE) + 1; page++) {
        const res = await get(businessPath(column, desc, `&page=${page}`)).expect(200);
        const plain = await db.dataSource.query(
          `SELECT t.id::text AS id, t.business_name, t.phone, t.website_url, t.status::text AS status, t.updated_at
             FROM local_businesses t WHERE t.status = 'New'
            ORDER BY t.${ident(column)} ${dir}, t.id ${dir} LIMIT $1 OFFSET $2`,
          [SIZE, (page - 1) * SIZE],
        );
        const picked = res.body.items.map((i: Record<string, unknown>) => ({
          id: i.id,
          business_name: i.business_name,
          phone: i.phone,
          website_url: i.website_url,
          status: i.status,
          updated_at: i.updated_at,
        }));
        expect({ page, items: picked }).toEqual({ page, items: JSON.parse(JSON.stringify(plain)) });
      }
    });

    it('skips ids on the index alone and reads only the page rows whole, 30,000 rows deep', async () => {
      const offset = 30_000;
      const limit = 50;
      const where = filterSql([{ column: 'status', op: 'eq', value: 'Archived' }], 1, 't');
      const statement = pageStatement(
        {
          from: '"local_businesses" t',
          keysFrom: '"local_businesses" t',
          columns: columnsOf(['id', 'business_name', 'updated_at']),
          where,
          sortBy: 'updated_at',
          descending: true,
        },
        limit + 1,
        { offset },
      );
      const [{ 'QUERY PLAN': plan }] = await db.dataSource.query(
        `EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) ${statement.text}`,
        statement.params,
      );
      const scans = nodesOf(plan[0].Plan).filter((n) => n['Relation Name'] === 'local_businesses');
      expect(scans).toHaveLength(2);
      const [idScan] = scans.filter((n) => n['Node Type'] === 'Index Only Scan');
      expect(idScan).toBeDefined();
      expect(idScan['Actual Rows']).toBe(offset + limit + 1);
      const rowScans = scans.filter((n) => n !== idScan);
      expect(rowScans.map((n) => n['Actual Rows'] * n['Actual Loops'])).toEqual([limit + 1]);
      // The API's page at that depth is the plain OFFSET page.
      const res = await get(`/api/v3/local-businesses?status=Archived&size=${limit}&page=${offset / limit + 1}`).expect(
        200,
      );
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(
        await ids(`${businessOrder('updated_at', true, `t.status = 'Archived'`)} LIMIT $1 OFFSET $2`, [limit, offset]),
      );
    });
  });

  /** Follows next_cursor from `first` to the end; every page but the last is full. */
  async function walk(
    first: string,
    next: (cursor: string) => string,
    read: (res: request.Response) => { ids: string[]; cursor: string | null },
    size: number,
  ): Promise<string[]> {
    const seen: string[] = [];
    let page = read(await get(first).expect(200));
    for (;;) {
      seen.push(...page.ids);
      if (page.cursor === null) break;
      expect(page.ids).toHaveLength(size);
      page = read(await get(next(encodeURIComponent(page.cursor))).expect(200));
    }
    return seen;
  }

  describe('keyset cursors', () => {
    const readItems = (res: request.Response) => ({
      ids: res.body.items.map((i: { id: string }) => i.id),
      cursor: res.body.next_cursor,
    });

    it.each(SORTS)('by %s (descending: %s) walk the whole list once, in the offset order', async (column, desc) => {
      const all = await ids(businessOrder(column, desc));
      const walked = await walk(
        businessPath(column, desc),
        (cursor) => businessPath(column, desc, `&cursor=${cursor}`),
        readItems,
        SIZE,
      );
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual(all);
    });

    it('walk with a text filter, and the last page carries no cursor', async () => {
      const all = await ids(businessOrder('business_name', false, `t.business_name ILIKE '%Paging 3%'`));
      const path = (extra: string) =>
        `/api/v3/local-businesses?business_name=Paging%203&sort_by=business_name&sort_dir=asc&size=4${extra}`;
      expect(await walk(path(''), (c) => path(`&cursor=${c}`), readItems, 4)).toEqual(all);
      const exact = await get(`/api/v3/local-businesses?business_name=Paging%203&size=${all.length}`).expect(200);
      expect(exact.body.next_cursor).toBeNull();
    });

    it('walk every other list: integer ids, joined rows, the pages shape and the contacts header', async () => {
      const cases: {
        first: string;
        sql: string;
        read: (res: request.Response) => { ids: string[]; cursor: string | null };
        size: number;
      }[] = [
        {
          first: '/api/v3/places/staging?size=4',
          sql: `SELECT place_id AS id FROM places_staging ORDER BY updated_at DESC, id DESC`,
          read: (res) => ({
            ids: res.body.items.map((i: { place_id: string }) => i.place_id),
            cursor: res.body.next_cursor,
          }),
          size: 4,
        },
        {
          first: '/api/v3/domains?size=4&sort_by=sitemap_analysis_status&sort_desc=false',
          sql: `SELECT id::text AS id FROM domains ORDER BY sitemap_analysis_status ASC, id ASC`,
          read: readItems,
          size: 4,
        },
        {
          first: '/api/v3/domains?size=4&sort_by=domain&sort_desc=true',
          sql: `SELECT id::text AS id FROM domains ORDER BY domain DESC, id DESC`,
          read: readItems,
          size: 4,
        },
        {
          first: '/api/v3/sitemap-files?size=4&sort_by=url_count&sort_desc=false',
          sql: `SELECT id::text AS id FROM sitemap_files ORDER BY url_count ASC, id ASC`,
          read: readItems,
          size: 4,
        },
        {
          first: '/api/v3/sitemap-files?size=4&sort_by=discovery_method',
          sql: `SELECT id::text AS id FROM sitemap_files ORDER BY discovery_method DESC, id DESC`,
          read: readItems,
          size: 4,
        },
        {
          first: '/api/v3/pages?limit=4',
          sql: `SELECT id::text AS id FROM pages ORDER BY updated_at DESC, id DESC`,
          read: (res) => ({ ids: res.body.pages.map((p: { id: string }) => p.id), cursor: res.body.next_cursor }),
          size: 4,
        },
        {
          first: '/api/v3/contacts?limit=4',
          sql: `SELECT id::text AS id FROM contacts ORDER BY updated_at DESC, id DESC`,
          read: (res) => ({
            ids: res.body.map((c: { id: string }) => c.id),
            cursor: typeof res.headers['x-next-cursor'] === 'string' ? res.headers['x-next-cursor'] : null,
          }),
          size: 4,
        },
      ];
      for (const c of cases) {
        const all = await ids(c.sql);
        expect(all.length).toBeGreaterThan(c.size);
        const walked = await walk(c.first, (cursor) => `${c.first}&cursor=${cursor}`, c.read, c.size);
        expect({ list: c.first, walked }).toEqual({ list: c.first, walked: all });
      }
    });
  });

  describe('bad cursors are a 400 naming cursor', () => {
    let cursor: string;
    beforeAll(async () => {
      cursor = (await get(businessPath('updated_at', true)).expect(200)).body.next_cursor;
    });

    const expect400 = async (path: string, detail: RegExp) => {
      const res = await get(path);
      expect({ path, status: res.status, detail: res.body.detail }).toEqual({
        path,
        status: 400,
        detail: expect.stringMatching(detail),
      });
    };

    it('rejects garbage, an altered cursor and a cursor of another list', async () => {
      await expect400(businessPath('updated_at', true, '&cursor=not-a-cursor'), /^cursor /);
      const [body, tag] = cursor.split('.');
      const flipped = `${body.slice(0, 5)}${body[5] === 'A' ? 'B' : 'A'}${body.slice(6)}.${tag}`;
      await expect400(businessPath('updated_at', true, `&cursor=${flipped}`), /^cursor .*altered/);
      const domainCursor = (await get('/api/v3/domains?size=1&sort_by=updated_at').expect(200)).body.next_cursor;
      await expect400(businessPath('updated_at', true, `&cursor=${domainCursor}`), /^cursor .*another list/);
      await expect400(`${businessPath('updated_at', true)}&cursor=a&cursor=b`, /cursor must be a string/);
    });

    it('rejects a cursor made for another sort or direction, and one combined with page or offset', async () => {
      await expect400(
        businessPath('business_name', true, `&cursor=${cursor}`),
        /^cursor was made for the sort updated_at desc/,
      );
      await expect400(
        businessPath('updated_at', false, `&cursor=${cursor}`),
        /^cursor was made for the sort updated_at desc/,
      );
      await expect400(businessPath('updated_at', true, `&cursor=${cursor}&page=2`), /^cursor cannot be combined/);
      const pagesCursor = (await get('/api/v3/pages?limit=1').expect(200)).body.next_cursor;
      await expect400(`/api/v3/pages?limit=1&offset=1&cursor=${pagesCursor}`, /^cursor cannot be combined/);
    });

    it('rejects a well-formed cursor whose value the sort column cannot hold, instead of a 500', async () => {
      const forged = encodeCursor(
        { list: '"local_businesses" t', sortBy: 'updated_at', descending: true },
        { value: 'not a time', id: '00000000-0000-4000-8000-000000000000' },
      );
      await expect400(businessPath('updated_at', true, `&cursor=${forged}`), /^cursor holds a position/);
    });
  });

  it('costs two statements per list, with or without a cursor, with no N+1', async () => {
    const lists = [
      '/api/v3/places/staging?size=3',
      '/api/v3/local-businesses?size=3&sort_by=phone&sort_dir=asc',
      '/api/v3/domains?size=3',
      '/api/v3/sitemap-files?size=3',
      '/api/v3/pages?limit=3',
      '/api/v3/contacts?limit=3',
    ];
    for (const path of lists) {
      const first = await recordQueries(() => get(path).expect(200));
      const cursor: string = first.result.body.next_cursor ?? first.result.headers['x-next-cursor'];
      expect(typeof cursor).toBe('string');
      const next = await recordQueries(() => get(`${path}&cursor=${encodeURIComponent(cursor)}`).expect(200));
      for (const { queries } of [first, next])
        expect({ path, statements: queries.length, nPlusOne: findNPlusOne(queries) }).toEqual({
          path,
          statements: 2,
          nPlusOne: [],
        });
    }
  });
});
