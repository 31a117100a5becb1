import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS, FixtureSites, startFixtureSites } from '@curation/integrations/testing';
import { ObjectLiteral } from 'typeorm';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { SitemapCurationStatus } from '../../enums/sitemap-curation-status.enum';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { findNPlusOne } from '../../observability/n-plus-one';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { WF5_SITEMAP_IMPORT } from '../workflow-definitions';
import { WorkflowDefinition } from '../workflow-definition';
import { Wf5SitemapImportHandler } from './wf5-sitemap-import.handler';

const H = FIXTURE_HOSTS;

describe('WF5 sitemap import against local fixture sites (real PostgreSQL)', () => {
  let db: TestDatabase;
  let sites: FixtureSites;
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    sites = await startFixtureSites({ hugeCount: 20_000 });
    fetcher = new SafeFetcher({ userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)', allowLoopback: true, connectTo: parseConnectTo(sites.connectTo), totalTimeoutMs: 5000, perHostDelayMs: 0 });
  });

  afterAll(async () => {
    await fetcher.close();
    await sites.close();
  });

  beforeEach(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Last Apple')`, [DEFAULT_TENANT_ID]);
  });

  afterEach(() => db.drop());

  /** One domain per host, one sitemap file per URL, all selected for import. */
  const files = async (urls: readonly string[]): Promise<Map<string, string>> => {
    const ids = new Map<string, string>();
    for (const url of urls) {
      const host = new URL(url).hostname;
      const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) ON CONFLICT (domain) DO UPDATE SET domain = EXCLUDED.domain RETURNING id`, [host, DEFAULT_TENANT_ID]);
      const [file] = await db.dataSource.query(`INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type) VALUES ($1, $2, $3, 'standard') RETURNING id`, [domain.id, DEFAULT_TENANT_ID, url]);
      ids.set(url, file.id);
    }
    await applyCurationStatus(db.dataSource, WF5_SITEMAP_IMPORT, [...ids.values()], SitemapCurationStatus.Selected);
    return ids;
  };

  const run = async () => {
    const loop = new SchedulerLoop<ObjectLiteral>(db.dataSource, WF5_SITEMAP_IMPORT as WorkflowDefinition<ObjectLiteral>, new Wf5SitemapImportHandler(fetcher) as never, {
      owner: 'wf5-test',
      tuning: { ...WF5_SITEMAP_IMPORT.defaults, batchSize: 10, concurrency: 2 },
    });
    const recorded = await recordQueries(() => loop.tick());
    await loop.stop(5000);
    return recorded;
  };

  const fileState = async (url: string) =>
    (await db.dataSource.query(`SELECT sitemap_import_status::text AS s, sitemap_import_error AS e, url_count AS n, last_processed_at IS NOT NULL AS processed FROM sitemap_files WHERE url = $1`, [url]))[0];

  it('imports an index with its gzip child, categorises pages, queues contact pages for WF7, and a re-import adds nothing', async () => {
    const index = `http://${H.wordpress}/wp-sitemap.xml`;
    await files([index]);
    await run();
    expect(await fileState(index)).toEqual({ s: 'Complete', e: null, n: 34, processed: true });
    const pages = await db.dataSource.query(`SELECT url, page_type::text AS t, page_curation_status::text AS c, page_processing_status::text AS p FROM pages ORDER BY url`);
    expect(pages).toHaveLength(34);
    const byUrl = new Map(pages.map((p: { url: string }) => [p.url, p]));
    expect(byUrl.get(`http://${H.wordpress}/contact/`)).toMatchObject({ t: 'contact_root', c: 'Selected', p: 'Queued' });
    expect(byUrl.get(`http://${H.wordpress}/contact.php`)).toMatchObject({ t: 'contact_root', c: 'Selected', p: 'Queued' });
    expect(byUrl.get(`http://${H.wordpress}/blog/post-3/`)).toMatchObject({ c: 'New', p: 'Filtered' });
    expect(byUrl.get(`http://${H.wordpress}/wp-content/uploads/logo.png`)).toMatchObject({ p: 'Filtered' });
    expect(byUrl.get(`http://${H.wordpress}/`)).toMatchObject({ t: 'unknown', c: 'New', p: 'Complete' });

    await applyCurationStatus(db.dataSource, WF5_SITEMAP_IMPORT, [(await db.dataSource.query(`SELECT id FROM sitemap_files`))[0].id], SitemapCurationStatus.Selected);
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

  it('costs the same statements per cycle for 1 and 3 files beyond their insert chunks, with no N+1', async () => {
    const cost = async (urls: string[]) => {
      await db.dataSource.query(`TRUNCATE domains CASCADE`);
      await files(urls);
      const { queries } = await run();
      expect(findNPlusOne(queries, [{ sql: /^INSERT INTO pages/, reason: 'one INSERT per chunk of parsed URLs, by design' }])).toEqual([]);
      return queries.filter((q) => !q.fingerprint.startsWith('INSERT INTO pages')).length;
    };
    const one = await cost([`http://${H.commonPath}/sitemap.xml`]);
    const three = await cost([`http://${H.commonPath}/sitemap.xml`, `http://${H.htmlLink}/maps/site-map.xml`, `http://${H.wordpress}/wp-sitemap-pages-1.xml`]);
    expect(three).toBe(one);
  });

  it('imports a 20,000-URL sitemap in statements that grow with insert chunks, not URLs, with no N+1', async () => {
    await files([`http://${H.huge}/sitemap.xml.gz`]);
    const { queries } = await run();
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM pages`))[0].n).toBe(20_000);
    const inserts = queries.filter((q) => q.fingerprint.startsWith('INSERT INTO pages'));
    expect(inserts).toHaveLength(4); // 20,000 URLs in chunks of 5,000
    expect(findNPlusOne(queries, [{ sql: /^INSERT INTO pages/, reason: 'one INSERT per chunk of 5,000 parsed URLs, by design' }])).toEqual([]);
  });
});
