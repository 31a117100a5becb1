import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { findNPlusOne, ident } from '@curation/sdk';
import {
  createTestDatabase,
  generateFixtures,
  insertFixtures,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';
import { COUNT_EXPLAIN_PREFIX } from './list-sql';

/**
 * Every list endpoint, with every documented filter and sort (read from its DTO), is called through the real
 * API on tables of realistic size; each statement it issues is EXPLAINed with its own parameters, and no plan
 * may read a curated table sequentially. That includes the count estimate, planned on every list request: its
 * capped SELECT is EXPLAINed without the EXPLAIN it is wrapped in. The sizes make a sequential scan costlier
 * than an index for the planner, as it is on a grown deployment; VACUUM (ANALYZE) gives it statistics and a
 * visibility map, as autovacuum does in production.
 */

const CURATED_TABLES = new Set([
  'places_staging',
  'local_businesses',
  'domains',
  'sitemap_files',
  'pages',
  'contacts',
  'place_searches',
]);

/** Fixture rows per table (linked, believable), then copied set-based to {@link ROWS_PER_TABLE}. */
const FIXTURE_COUNT = 2_000;
const ROWS_PER_TABLE = 60_000;

/**
 * Columns a copy must change to stay unique (`g` is the copy number); every copy's timestamps are moved back
 * so sort keys stay spread. Everything else is copied from a fixture row, so distributions stay realistic.
 */
const COPY_OVERRIDES: Record<string, Record<string, string>> = {
  place_searches: {},
  places_staging: { place_id: `t."place_id" || '~' || g` },
  local_businesses: { place_id: `t."place_id" || '~' || g` },
  domains: { domain: `'c' || g || '-' || t."domain"` },
  sitemap_files: { url: `t."url" || '?copy=' || g` },
  pages: { url: `t."url" || '?copy=' || g` },
  contacts: { email: `'c' || g || '.' || t."email"` },
};

async function copyRows(ds: DataSource, table: string, target: number): Promise<void> {
  const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${ident(table)}`);
  const copies = Math.ceil(target / n) - 1;
  if (copies < 1) return;
  const columns: { name: string }[] = await ds.query(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'id' ORDER BY ordinal_position`,
    [table],
  );
  const overrides: Record<string, string> = {
    created_at: `t."created_at" - g * interval '7 minutes'`,
    updated_at: `t."updated_at" - g * interval '11 minutes'`,
    ...COPY_OVERRIDES[table],
  };
  const names = columns.map((c) => c.name);
  await ds.query(
    `INSERT INTO ${ident(table)} (${names.map(ident).join(', ')})
     SELECT ${names.map((c) => overrides[c] ?? `t.${ident(c)}`).join(', ')}
       FROM ${ident(table)} t CROSS JOIN generate_series(1, ${copies}) AS g`,
  );
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Filter?: string;
  readonly 'Index Cond'?: string;
  readonly Plans?: readonly PlanNode[];
}

const INDEX_SCANS = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

function indexesUsed(node: PlanNode): string[] {
  const own = INDEX_SCANS.has(node['Node Type']) && node['Index Name'] ? [node['Index Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(indexesUsed)];
}

/**
 * An index read end to end without a condition and without a Limit to stop it: a sequential scan in
 * disguise (e.g. a substring filter checked against every entry of a sort index).
 */
function fullIndexScans(node: PlanNode, above: readonly string[] = []): string[] {
  const own =
    INDEX_SCANS.has(node['Node Type']) &&
    CURATED_TABLES.has(node['Relation Name'] ?? '') &&
    node['Index Cond'] === undefined &&
    !above.includes('Limit')
      ? [`${node['Node Type']} on ${node['Index Name']}`]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => fullIndexScans(child, [node['Node Type'], ...above]))];
}

/** A sequential scan of a curated table, with the node types above it (nearest first). */
interface SeqScan {
  readonly table: string;
  readonly filtered: boolean;
  readonly above: readonly string[];
}

function seqScans(node: PlanNode, above: readonly string[] = []): SeqScan[] {
  const own =
    node['Node Type'] === 'Seq Scan' && node['Relation Name'] && CURATED_TABLES.has(node['Relation Name'])
      ? [{ table: node['Relation Name'], filtered: node.Filter !== undefined, above }]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => seqScans(child, [node['Node Type'], ...above]))];
}

/**
 * Why a sequential scan may appear, and the only plan shape it may have then. Never a blanket pass: each
 * case names its reason, and the scan must have exactly this shape.
 */
type Allowance = {
  readonly reason: string;
  readonly allows: (scan: SeqScan) => boolean;
};

/**
 * Sorting by a processing status: these columns are written by every claim and ack of their workflow, so an
 * index on them would be maintained on every ack and make none of them HOT (issue 16, item 3). The sort reads
 * the table once into a bounded top-N heapsort (memory is the page size, not the table), which is the right
 * plan for an occasional "group by processing state" view. An index, where one exists anyway, is also fine.
 */
const PROCESSING_STATUS_SORT: Allowance = {
  reason: 'sort by a processing-status column: one read into a top-N heapsort, no index on a column every ack writes',
  allows: (scan) => {
    // A parallel plan merges the workers' sorted runs (Gather Merge) between the sort and the limit.
    const [sort, ...rest] = scan.above.filter((node) => node !== 'Gather Merge');
    // Filtered on a keyset page: the seek condition (`(k, id) < (…)`) is checked during the same one read.
    return sort === 'Sort' && rest[0] === 'Limit';
  },
};

/** An unfiltered scan directly under a Limit reads exactly the rows the limit takes (a capped count, no filter). */
const boundedRead = (scan: SeqScan): boolean => !scan.filtered && scan.above[0] === 'Limit';

interface ListCase {
  readonly name: string;
  readonly path: string;
  readonly allowance?: Allowance;
  /** The trigram index a substring filter must be answered with (in at least one of the list's statements). */
  readonly trigram?: string;
  /** Called once unrecorded for its `next_cursor`, then recorded with `cursor` (the keyset next page). */
  readonly keyset?: boolean;
}

interface CapturedStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * What to EXPLAIN for a statement the API issued. The count estimate is itself an EXPLAIN, planned on every
 * list request: its plan is the plan of the capped SELECT behind the prefix. Any other EXPLAIN is unexpected.
 */
function plannable(
  statement: CapturedStatement,
): { kind: 'count' | 'statement'; statement: CapturedStatement } | undefined {
  if (statement.sql.startsWith(COUNT_EXPLAIN_PREFIX))
    return { kind: 'count', statement: { ...statement, sql: statement.sql.slice(COUNT_EXPLAIN_PREFIX.length) } };
  return /^\s*EXPLAIN\b/i.test(statement.sql) ? undefined : { kind: 'statement', statement };
}

/**
 * The Results Viewer's substring filters (business type, location) get no trigram index: they always come with
 * the job id, whose index narrows a search to its own places (Google answers at most 60 per search) before any
 * substring is compared. The plan test still requires an index plan for them.
 */
describe('list plans: no sequential scan of a curated table for any documented filter or sort', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let statements: CapturedStatement[] = [];
  const auth = bearer();
  const sample: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: FIXTURE_COUNT }));
    for (const table of CURATED_TABLES) await copyRows(db.dataSource, table, ROWS_PER_TABLE);
    for (const table of CURATED_TABLES) await db.dataSource.query(`VACUUM (ANALYZE) ${ident(table)}`);
    app = await createApiTestApp(db.url);
    const appDataSource = app.get(DataSource);
    // The recorder keeps the SQL only (parameters may hold personal data); EXPLAIN needs both.
    const logQuery = appDataSource.logger.logQuery.bind(appDataSource.logger);
    appDataSource.logger.logQuery = (sql, params, runner) => {
      statements.push({ sql, params: params ?? [] });
      logQuery(sql, params, runner);
    };
    Object.assign(sample, await sampleValues(db.dataSource));
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /**
   * Realistic filter values taken from the data: ids that exist, and fragments of one business's name or site,
   * as a curator types them. A fragment most rows contain (`www.`, `yahoo`) is rightly answered by walking the
   * sort index until the page (or the count's cap) is full; the trigram index is for the selective ones.
   */
  async function sampleValues(ds: DataSource): Promise<Record<string, string>> {
    const [row] = await ds.query(`
      SELECT (SELECT search_job_id::text FROM places_staging WHERE search_job_id IS NOT NULL ORDER BY id LIMIT 1) AS job_id,
             (SELECT domain_id::text FROM sitemap_files ORDER BY id LIMIT 1) AS sitemap_domain_id,
             (SELECT sitemap_type FROM sitemap_files ORDER BY id LIMIT 1) AS sitemap_type,
             (SELECT discovery_method FROM sitemap_files WHERE discovery_method IS NOT NULL ORDER BY id LIMIT 1) AS discovery_method,
             (SELECT domain_id::text FROM contacts ORDER BY id LIMIT 1) AS contact_domain_id,
             (SELECT page_id::text FROM contacts ORDER BY id LIMIT 1) AS contact_page_id,
             (SELECT tenant_id::text FROM place_searches WHERE tenant_id IS NOT NULL ORDER BY id LIMIT 1) AS tenant_id`);
    const [place] = await ds.query(
      `SELECT lower(substr(business_type, 1, 4)) AS business_type, lower(substr(search_location, 1, 4)) AS location,
              status::text AS place_status
         FROM places_staging WHERE search_job_id = $1 AND business_type IS NOT NULL AND search_location IS NOT NULL
        ORDER BY id LIMIT 1`,
      [row.job_id],
    );
    const host = (column: string) => `regexp_replace(split_part(${column}, '/', 3), '^www[.]', '')`;
    return {
      ...row,
      ...place,
      business_name: await distinctiveFragment(ds, 'local_businesses', 'business_name', `lower(business_name)`),
      domain: await distinctiveFragment(ds, 'domains', 'domain', host(`'//' || domain`)),
      sitemap_url: await distinctiveFragment(ds, 'sitemap_files', 'url', host('url')),
      page_url: await distinctiveFragment(ds, 'pages', 'url', host('url')),
      email: await distinctiveFragment(ds, 'contacts', 'email', `split_part(email, '@', 2)`),
      name: await distinctiveFragment(ds, 'contacts', 'name', `lower(name)`),
    };
  }

  /**
   * Six letters of one of the first rows' `text` (a name, a host), the one fewest rows contain: what a curator
   * looking for one business types.
   */
  async function distinctiveFragment(ds: DataSource, table: string, column: string, text: string): Promise<string> {
    const [{ fragment }]: { fragment: string }[] = await ds.query(
      `SELECT c.fragment FROM (
         SELECT DISTINCT substr(${text}, 1, 6) AS fragment FROM (SELECT * FROM ${ident(table)} ORDER BY id LIMIT 30) t
          WHERE length(${text}) >= 6
       ) c
       ORDER BY (SELECT count(*) FROM ${ident(table)} x WHERE x.${ident(column)} ILIKE '%' || c.fragment || '%'), c.fragment
       LIMIT 1`,
    );
    return fragment;
  }

  const q = (value: string) => encodeURIComponent(value);

  /** One case per filter (alone), one per sort key in each direction, all filters together, and a deep page. */
  function listCases(list: {
    readonly base: string;
    readonly filters: Record<string, () => string>;
    readonly sorts?: { readonly keys: readonly string[]; readonly param: (key: string, desc: boolean) => string };
    readonly deepPage?: string;
    readonly processingSorts?: readonly string[];
    readonly trigrams?: Record<string, string>;
    /** The list takes an opaque `cursor` (keyset paging). */
    readonly keyset?: boolean;
  }): ListCase[] {
    const join = (...parts: string[]) => `${list.base}${list.base.includes('?') ? '&' : '?'}${parts.join('&')}`;
    const out: ListCase[] = [{ name: 'no filter', path: list.base }];
    for (const [param, value] of Object.entries(list.filters))
      out.push({ name: `filter ${param}`, path: join(`${param}=${q(value())}`), trigram: list.trigrams?.[param] });
    if (Object.keys(list.filters).length > 1)
      out.push({
        name: 'every filter',
        path: join(...Object.entries(list.filters).map(([p, v]) => `${p}=${q(v())}`)),
      });
    for (const key of list.sorts?.keys ?? [])
      for (const desc of [true, false])
        out.push({
          name: `sort ${key} ${desc ? 'desc' : 'asc'}`,
          path: join(list.sorts?.param(key, desc) ?? ''),
          allowance: list.processingSorts?.includes(key) ? PROCESSING_STATUS_SORT : undefined,
        });
    if (list.deepPage) out.push({ name: `deep page (${list.deepPage})`, path: join(list.deepPage) });
    if (list.keyset) {
      out.push({ name: 'keyset next page', path: list.base, keyset: true });
      for (const key of list.sorts?.keys ?? [])
        out.push({
          name: `keyset next page, sort ${key} desc`,
          path: join(list.sorts?.param(key, true) ?? ''),
          keyset: true,
          allowance: list.processingSorts?.includes(key) ? PROCESSING_STATUS_SORT : undefined,
        });
    }
    return out;
  }

  /** `counted`: the list's `total` comes from the capped count statement (CurationListService), one per request. */
  const LISTS: Record<string, { statements: number; counted: boolean; cases: () => ListCase[] }> = {
    'places staging': {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/places/staging?size=50',
          filters: { status: () => 'Selected', discovery_job_id: () => sample.job_id },
          deepPage: 'page=800',
          keyset: true,
        }),
    },
    'local businesses': {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/local-businesses?size=50',
          filters: { status: () => 'Selected', business_name: () => sample.business_name },
          trigrams: { business_name: 'ix_local_businesses_business_name_trgm' },
          sorts: {
            keys: [
              'updated_at',
              'created_at',
              'business_name',
              'status',
              'domain_extraction_status',
              'full_address',
              'phone',
              'website_url',
            ],
            param: (key, desc) => `sort_by=${key}&sort_dir=${desc ? 'desc' : 'asc'}`,
          },
          processingSorts: ['domain_extraction_status'],
          deepPage: 'page=800',
          keyset: true,
        }),
    },
    domains: {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/domains?size=20',
          filters: {
            sitemap_curation_status: () => 'Selected',
            domain: () => sample.domain,
            domain_filter: () => sample.domain,
          },
          trigrams: { domain: 'ix_domains_domain_trgm', domain_filter: 'ix_domains_domain_trgm' },
          sorts: {
            keys: [
              'domain',
              'created_at',
              'updated_at',
              'sitemap_curation_status',
              'sitemap_analysis_status',
              'status',
            ],
            param: (key, desc) => `sort_by=${key}&sort_desc=${desc}`,
          },
          processingSorts: ['sitemap_analysis_status'],
          deepPage: 'page=2000',
          keyset: true,
        }),
    },
    'sitemap files': {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/sitemap-files?size=15',
          filters: {
            domain_id: () => sample.sitemap_domain_id,
            deep_scrape_curation_status: () => 'Selected',
            url_contains: () => sample.sitemap_url,
            sitemap_type: () => sample.sitemap_type,
            discovery_method: () => sample.discovery_method,
          },
          trigrams: { url_contains: 'ix_sitemap_files_url_trgm' },
          sorts: {
            keys: [
              'updated_at',
              'created_at',
              'url',
              'sitemap_url',
              'sitemap_type',
              'discovery_method',
              'url_count',
              'status',
              'deep_scrape_curation_status',
              'deep_scrape_process_status',
              'sitemap_import_status',
            ],
            param: (key, desc) => `sort_by=${key}&sort_desc=${desc}`,
          },
          processingSorts: ['deep_scrape_process_status', 'sitemap_import_status'],
          deepPage: 'page=2500',
          keyset: true,
        }),
    },
    pages: {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/pages?limit=100',
          filters: {
            page_curation_status: () => 'Selected',
            page_processing_status: () => 'Error',
            page_type: () => 'contact_root',
            url_contains: () => sample.page_url,
          },
          trigrams: { url_contains: 'ix_pages_url_trgm' },
          deepPage: 'offset=40000',
          keyset: true,
        }),
    },
    contacts: {
      statements: 2,
      counted: true,
      cases: () =>
        listCases({
          base: '/api/v3/contacts?limit=100',
          filters: {
            contact_curation_status: () => 'Queued',
            contact_processing_status: () => 'Error',
            hubspot_sync_status: () => 'Selected',
            brevo_sync_status: () => 'Error',
            mautic_sync_status: () => 'Selected',
            n8n_sync_status: () => 'Error',
            email_type: () => 'CORPORATE',
            domain_id: () => sample.contact_domain_id,
            page_id: () => sample.contact_page_id,
            email_contains: () => sample.email,
            name_contains: () => sample.name,
            has_gmail: () => 'true',
          },
          trigrams: { email_contains: 'ix_contacts_email_trgm', name_contains: 'ix_contacts_name_trgm' },
          deepPage: 'offset=40000',
          keyset: true,
        }),
    },
    'results viewer': {
      statements: 2,
      counted: false,
      cases: () =>
        listCases({
          base: `/api/v3/localminer-discoveryscan/results/${sample.job_id}?limit=100`,
          filters: {
            filter_status: () => sample.place_status,
            filter_business_type: () => sample.business_type,
            filter_location: () => sample.location,
          },
          sorts: {
            keys: ['search_time', 'name', 'rating', 'business_type', 'location', 'status'],
            param: (key, desc) => `sort_by=${key}&sort_dir=${desc ? 'desc' : 'asc'}`,
          },
        }),
    },
    'search history': {
      statements: 1,
      counted: false,
      cases: () =>
        listCases({
          base: '/api/v3/localminer-discoveryscan/search/history?limit=20',
          filters: { status: () => 'failed', tenant_id: () => sample.tenant_id },
          deepPage: 'offset=2000',
        }),
    },
  };

  /** The cursor a list answers for its next page: in the body, or for a plain-array list in `X-Next-Cursor`. */
  async function nextCursor(path: string): Promise<string> {
    const res = await request(app.getHttpServer()).get(path).set('Authorization', auth).expect(200);
    const cursor: unknown = Array.isArray(res.body) ? res.headers['x-next-cursor'] : res.body.next_cursor;
    if (typeof cursor !== 'string') throw new Error(`${path} answered no next cursor`);
    return cursor;
  }

  async function planOf(statement: CapturedStatement): Promise<PlanNode> {
    const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await db.dataSource.query(
      `EXPLAIN (FORMAT JSON) ${statement.sql}`,
      [...statement.params],
    );
    return row['QUERY PLAN'][0].Plan;
  }

  describe.each(Object.entries(LISTS))('%s', (_list, spec) => {
    it(`every case: ${spec.statements} statement(s), no N+1, and no sequential scan of a curated table`, async () => {
      const findings: unknown[] = [];
      for (const c of spec.cases()) {
        const path = c.keyset ? `${c.path}&cursor=${q(await nextCursor(c.path))}` : c.path;
        statements = [];
        const { result, queries } = await recordQueries(() =>
          request(app.getHttpServer()).get(path).set('Authorization', auth),
        );
        expect({ case: c.name, status: result.status }).toEqual({ case: c.name, status: 200 });
        expect(statements.map((s) => s.sql)).toEqual(queries.map((s) => s.sql));
        expect({ case: c.name, statements: queries.length, nPlusOne: findNPlusOne(queries) }).toEqual({
          case: c.name,
          statements: spec.statements,
          nPlusOne: [],
        });
        const used: string[] = [];
        let counts = 0;
        for (const issued of statements) {
          const target = plannable(issued);
          if (target === undefined) {
            findings.push({ case: c.name, path: c.path, unplannable: issued.sql.slice(0, 300) });
            continue;
          }
          if (target.kind === 'count') counts += 1;
          const plan = await planOf(target.statement);
          used.push(...indexesUsed(plan));
          // A count does not sort, so a processing-status sort is no reason for its scan.
          const allowance = target.kind === 'count' ? undefined : c.allowance;
          const scans = seqScans(plan).filter((scan) => !boundedRead(scan) && !(allowance?.allows(scan) ?? false));
          const fullIndex = fullIndexScans(plan);
          if (scans.length > 0 || fullIndex.length > 0)
            findings.push({
              case: c.name,
              path: c.path,
              statement: target.kind,
              scans,
              fullIndex,
              sql: target.statement.sql.slice(0, 300),
            });
        }
        // A count statement the check did not recognise would otherwise go unchecked.
        if (counts !== (spec.counted ? 1 : 0)) findings.push({ case: c.name, path: c.path, countStatements: counts });
        if (c.trigram && !used.includes(c.trigram))
          findings.push({ case: c.name, path: c.path, expectedIndex: c.trigram, used });
      }
      expect(findings).toEqual([]);
    });
  });

  it('the exceptions are few and named: only processing-status sorts may read a table, each with its reason', () => {
    const allowed = Object.entries(LISTS).flatMap(([list, spec]) =>
      spec.cases().flatMap((c) => (c.allowance ? [`${list}: ${c.name}`] : [])),
    );
    expect(allowed).toEqual([
      'local businesses: sort domain_extraction_status desc',
      'local businesses: sort domain_extraction_status asc',
      'local businesses: keyset next page, sort domain_extraction_status desc',
      'domains: sort sitemap_analysis_status desc',
      'domains: sort sitemap_analysis_status asc',
      'domains: keyset next page, sort sitemap_analysis_status desc',
      'sitemap files: sort deep_scrape_process_status desc',
      'sitemap files: sort deep_scrape_process_status asc',
      'sitemap files: sort sitemap_import_status desc',
      'sitemap files: sort sitemap_import_status asc',
      'sitemap files: keyset next page, sort deep_scrape_process_status desc',
      'sitemap files: keyset next page, sort sitemap_import_status desc',
    ]);
  });
});
