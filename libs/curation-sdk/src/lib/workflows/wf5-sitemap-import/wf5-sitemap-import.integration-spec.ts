import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS, FixtureSites, LASTMOD_CASES, startFixtureSites } from '@curation/integrations/testing';

import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { SitemapCurationStatus } from '../../enums/sitemap-curation-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WF5_SITEMAP_IMPORT } from '../workflow-definitions';
import { DEFAULT_IMPORT_LIMITS, ImportLimits, Wf5SitemapImportHandler } from './wf5-sitemap-import.handler';

const H = FIXTURE_HOSTS;

describe('WF5 sitemap import against local fixture sites (real PostgreSQL)', () => {
  let db: TestDatabase;
  let sites: FixtureSites;
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    sites = await startFixtureSites({ hugeCount: 20_000 });
    fetcher = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
      allowLoopback: true,
      connectTo: parseConnectTo(sites.connectTo),
      totalTimeoutMs: 5000,
      perHostDelayMs: 0,
    });
  });

  afterAll(async () => {
    await fetcher.close();
    await sites.close();
  });

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  /** One domain per host, one sitemap file per URL, all selected for import. */
  const files = async (urls: readonly string[]): Promise<Map<string, string>> => {
    const ids = new Map<string, string>();
    for (const url of urls) {
      const host = new URL(url).hostname;
      const [domain] = await db.dataSource.query(
        `INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) ON CONFLICT (domain) DO UPDATE SET domain = EXCLUDED.domain RETURNING id`,
        [host, DEFAULT_TENANT_ID],
      );
      const [file] = await db.dataSource.query(
        `INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type) VALUES ($1, $2, $3, 'standard') RETURNING id`,
        [domain.id, DEFAULT_TENANT_ID, url],
      );
      ids.set(url, file.id);
    }
    await applyCurationStatus(db.dataSource, WF5_SITEMAP_IMPORT, [...ids.values()], SitemapCurationStatus.Selected);
    return ids;
  };

  const run = async (limits: ImportLimits = DEFAULT_IMPORT_LIMITS) => {
    const loop = new SchedulerLoop(db.dataSource, WF5_SITEMAP_IMPORT, new Wf5SitemapImportHandler(fetcher, limits), {
      owner: 'wf5-test',
      tuning: { ...WF5_SITEMAP_IMPORT.defaults, batchSize: 10, concurrency: 2 },
    });
    const recorded = await recordQueries(() => loop.tick());
    await loop.stop(5000);
    return recorded;
  };

  const fileState = async (url: string) =>
    (
      await db.dataSource.query(
        `SELECT sitemap_import_status::text AS s, sitemap_import_error AS e, url_count AS n, last_processed_at IS NOT NULL AS processed FROM sitemap_files WHERE url = $1`,
        [url],
      )
    )[0];

  it('imports an index with its gzip child, categorises pages, queues contact pages for WF7, and a re-import adds nothing', async () => {
    const index = `http://${H.wordpress}/wp-sitemap.xml`;
    await files([index]);
    await run();
    expect(await fileState(index)).toEqual({ s: 'Complete', e: null, n: 34, processed: true });
    const pages = await db.dataSource.query(
      `SELECT url, page_type::text AS t, page_curation_status::text AS c, page_processing_status::text AS p FROM pages ORDER BY url`,
    );
    expect(pages).toHaveLength(34);
    const byUrl = new Map(pages.map((p: { url: string }) => [p.url, p]));
    expect(byUrl.get(`http://${H.wordpress}/contact/`)).toMatchObject({
      t: 'contact_root',
      c: 'Selected',
      p: 'Queued',
    });
    expect(byUrl.get(`http://${H.wordpress}/contact.php`)).toMatchObject({
      t: 'contact_root',
      c: 'Selected',
      p: 'Queued',
    });
    expect(byUrl.get(`http://${H.wordpress}/blog/post-3/`)).toMatchObject({ c: 'New', p: 'Filtered' });
    expect(byUrl.get(`http://${H.wordpress}/wp-content/uploads/logo.png`)).toMatchObject({ p: 'Filtered' });
    expect(byUrl.get(`http://${H.wordpress}/`)).toMatchObject({ t: 'unknown', c: 'New', p: 'Complete' });

    await applyCurationStatus(
      db.dataSource,
      WF5_SITEMAP_IMPORT,
      [(await db.dataSource.query(`SELECT id FROM sitemap_files`))[0].id],
      SitemapCurationStatus.Selected,
    );
    await run();
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM pages`))[0].n).toBe(34);
    expect(await fileState(index)).toMatchObject({ s: 'Complete', n: 34 });
  });

  it('ends broken, HTML, refused and missing sitemaps in Error with the reason', async () => {
    const broken = `http://${H.broken}/broken.xml`;
    const html = `http://${H.broken}/page.xml`;
    const ssrf = `http://${H.ssrf}/sitemap.xml`;
    const missing = `http://${H.empty}/sitemap.xml`;
    await files([broken, html, ssrf, missing]);
    await run();
    expect((await fileState(broken)).e).toMatch(/MALFORMED_XML/);
    expect((await fileState(html)).e).toMatch(/NOT_XML/);
    expect((await fileState(ssrf)).e).toMatch(/169\.254\.169\.254/);
    expect(await fileState(missing)).toMatchObject({ s: 'Error', e: expect.stringContaining('HTTP 404') });
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM pages`))[0].n).toBe(0);
  });

  const requestsTo = (host: string, path?: string) =>
    sites.requests.filter((r) => r.host === host && (path === undefined || r.path === path)).length;

  it('imports every URL of a sitemap whose lastmods are reduced-precision or impossible, downloading it once (defect 5)', async () => {
    const url = `http://${H.lastmod}/sitemap.xml`;
    const before = requestsTo(H.lastmod, '/sitemap.xml');
    await files([url]);
    await run();
    expect(await fileState(url)).toEqual({ s: 'Complete', e: null, n: LASTMOD_CASES.length, processed: true });
    const pages: { url: string; m: Date | null }[] = await db.dataSource.query(
      `SELECT url, last_modified AS m FROM pages ORDER BY url`,
    );
    const stored = new Map(pages.map((p) => [p.url, p.m === null ? null : p.m.toISOString()]));
    expect(stored.size).toBe(LASTMOD_CASES.length);
    LASTMOD_CASES.forEach(([lastmod, expected], i) =>
      expect([lastmod, stored.get(`http://${H.lastmod}/page-${i}`)]).toEqual([lastmod, expected]),
    );
    expect(requestsTo(H.lastmod, '/sitemap.xml') - before).toBe(1);
  });

  it('follows a 40x40 index within its fetch budget (defect 10)', async () => {
    const url = `http://${H.fanout}/empty-index.xml`;
    const before = requestsTo(H.fanout);
    await files([url]);
    await run({ ...DEFAULT_IMPORT_LIMITS, maxChildSitemaps: 10, maxFetches: 30, maxFailures: 5 });
    // Unbudgeted, this index costs 1 + 40 + 1,600 fetches for no URL at all.
    expect(requestsTo(H.fanout) - before).toBeLessThanOrEqual(30);
    expect(await fileState(url)).toMatchObject({ s: 'Complete', n: 0 });
  });

  it('stops following failing children after the failure budget, and never fetches children on other hosts', async () => {
    const fanout = `http://${H.fanout}/index.xml`;
    const cross = `http://${H.crossHost}/sitemap.xml`;
    const [fanoutBefore, victimBefore] = [requestsTo(H.fanout), requestsTo(H.victim)];
    await files([fanout, cross]);
    await run({ ...DEFAULT_IMPORT_LIMITS, maxFailures: 5 });
    // 404 grandchildren count as failures: the 6th request after the 5th failure is never made.
    expect(requestsTo(H.fanout) - fanoutBefore).toBeLessThanOrEqual(1 + 1 + 5);
    expect(requestsTo(H.victim) - victimBefore).toBe(0);
    expect(await fileState(fanout)).toMatchObject({
      s: 'Error',
      e: expect.stringMatching(
        /no URL imported, 5 of 6 child sitemaps failed: .*HTTP 404.*stopped after 5 failed requests/,
      ),
    });
    expect(await fileState(cross)).toMatchObject({ s: 'Complete', n: 0 });
  });

  it('ends a binary sitemap in Error with a readable reason while its batch-mates complete (defect 4)', async () => {
    const binary = `http://${H.binary}/sitemap.xml`;
    const good = `http://${H.commonPath}/sitemap.xml`;
    const lastmod = `http://${H.lastmod}/sitemap.xml`;
    await files([binary, good, lastmod]);
    await run();
    const failed = await fileState(binary);
    expect(failed).toMatchObject({
      s: 'Error',
      e: expect.stringContaining('NOT_XML (NOT_XML: binary content (starts with bytes 89 50 4e 47 0d 0a 1a 0a …))'),
    });
    expect(failed.e).not.toMatch(/[\u0000-\u0008\ufffd]/);
    expect(await fileState(good)).toMatchObject({ s: 'Complete', n: 3 });
    expect(await fileState(lastmod)).toMatchObject({ s: 'Complete', n: LASTMOD_CASES.length });
  });

  it('costs the same statements per cycle for 1 and 3 files beyond their insert chunks, with no N+1', async () => {
    const cost = async (urls: string[]) => {
      await db.dataSource.query(`TRUNCATE domains CASCADE`);
      await files(urls);
      const { queries } = await run();
      expect(
        findNPlusOne(queries, [
          { sql: /^INSERT INTO pages/, reason: 'one INSERT per chunk of parsed URLs, by design' },
        ]),
      ).toEqual([]);
      return queries.filter((q) => !q.fingerprint.startsWith('INSERT INTO pages')).length;
    };
    const one = await cost([`http://${H.commonPath}/sitemap.xml`]);
    const three = await cost([
      `http://${H.commonPath}/sitemap.xml`,
      `http://${H.htmlLink}/maps/site-map.xml`,
      `http://${H.wordpress}/wp-sitemap-pages-1.xml`,
    ]);
    expect(three).toBe(one);
  });

  it('imports a 20,000-URL sitemap in statements that grow with insert chunks, not URLs, with no N+1', async () => {
    await files([`http://${H.huge}/sitemap.xml.gz`]);
    const { queries } = await run();
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM pages`))[0].n).toBe(20_000);
    const inserts = queries.filter((q) => q.fingerprint.startsWith('INSERT INTO pages'));
    expect(inserts).toHaveLength(4); // 20,000 URLs in chunks of 5,000
    expect(
      findNPlusOne(queries, [
        { sql: /^INSERT INTO pages/, reason: 'one INSERT per chunk of 5,000 parsed URLs, by design' },
      ]),
    ).toEqual([]);
  });
});
