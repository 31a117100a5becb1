import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS, FixtureSites, startFixtureSites } from '@curation/integrations/testing';

import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { SitemapCurationStatus } from '../../enums/sitemap-curation-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WF4_SITEMAP_DISCOVERY } from '../workflow-definitions';
import { DEFAULT_DISCOVERY_LIMITS, DiscoveryLimits, Wf4SitemapDiscoveryHandler } from './wf4-sitemap-discovery.handler';

const H = FIXTURE_HOSTS;

describe('WF4 sitemap discovery against local fixture sites (real PostgreSQL)', () => {
  let db: TestDatabase;
  let sites: FixtureSites;
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    sites = await startFixtureSites({ hugeCount: 1000 });
    // https is refused (closed port 1), so every site falls back to http, which the fixture server answers.
    const https = Object.values(FIXTURE_HOSTS)
      .map((h) => `${h}:443:127.0.0.1:1`)
      .join(',');
    fetcher = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
      allowLoopback: true,
      connectTo: parseConnectTo(`${sites.connectTo},${https}`),
      totalTimeoutMs: 1500,
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

  const domains = async (hosts: readonly string[]): Promise<string[]> => {
    const rows: { id: string }[] = await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id) SELECT d, $2 FROM unnest($1::text[]) AS d RETURNING id`,
      [hosts, DEFAULT_TENANT_ID],
    );
    const ids = rows.map((r) => r.id);
    await applyCurationStatus(db.dataSource, WF4_SITEMAP_DISCOVERY, ids, SitemapCurationStatus.Selected);
    return ids;
  };

  const loop = (limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS) =>
    new SchedulerLoop(db.dataSource, WF4_SITEMAP_DISCOVERY, new Wf4SitemapDiscoveryHandler(fetcher, limits), {
      owner: 'wf4-test',
      tuning: { ...WF4_SITEMAP_DISCOVERY.defaults, batchSize: 20, concurrency: 4 },
    });

  const state = async (host: string) =>
    (
      await db.dataSource.query(
        `SELECT sitemap_analysis_status::text AS s, sitemap_analysis_error AS e, total_sitemaps AS n FROM domains WHERE domain = $1`,
        [host],
      )
    )[0];

  it('ends every fixture case in the right terminal state with a clear reason, and a re-run duplicates nothing', async () => {
    await domains([H.wordpress, H.commonPath, H.htmlLink, H.broken, H.redirectLoop, H.slow, H.ssrf, H.empty]);
    const l = loop();
    await l.tick();
    await l.stop(5000);

    expect(await state(H.wordpress)).toEqual({ s: 'completed', e: null, n: 3 });
    const files = await db.dataSource.query(
      `SELECT f.url, f.sitemap_type, f.discovery_method, f.url_count, f.is_gzipped FROM sitemap_files f JOIN domains d ON d.id = f.domain_id WHERE d.domain = $1 ORDER BY f.url`,
      [H.wordpress],
    );
    expect(files).toEqual([
      {
        url: `http://${H.wordpress}/wp-sitemap-pages-1.xml`,
        sitemap_type: 'standard',
        discovery_method: 'sitemap_index',
        url_count: 9,
        is_gzipped: false,
      },
      {
        url: `http://${H.wordpress}/wp-sitemap-posts-post-1.xml.gz`,
        sitemap_type: 'standard',
        discovery_method: 'sitemap_index',
        url_count: 25,
        is_gzipped: true,
      },
      {
        url: `http://${H.wordpress}/wp-sitemap.xml`,
        sitemap_type: 'index',
        discovery_method: 'robots_txt',
        url_count: 2,
        is_gzipped: false,
      },
    ]);
    expect(await state(H.commonPath)).toEqual({ s: 'completed', e: null, n: 1 });
    expect(await state(H.htmlLink)).toEqual({ s: 'completed', e: null, n: 1 });
    expect(
      await db.dataSource.query(
        `SELECT discovery_method FROM sitemap_files f JOIN domains d ON d.id = f.domain_id WHERE d.domain = $1`,
        [H.htmlLink],
      ),
    ).toEqual([{ discovery_method: 'html_link' }]);

    const broken = await state(H.broken);
    expect(broken.s).toBe('failed');
    expect(broken.e).toMatch(/MALFORMED_XML/);
    expect(broken.e).toMatch(/NOT_XML/);
    expect((await state(H.redirectLoop)).e).toMatch(/redirect/i);
    expect((await state(H.ssrf)).e).toMatch(/169\.254\.169\.254/);
    expect(await state(H.empty)).toMatchObject({ s: 'failed', e: expect.stringContaining('no valid sitemap found') });
    const slow = await state(H.slow);
    expect(slow.s).toBe('queued'); // a timeout is transient: retried with backoff
    expect(slow.e).toMatch(/did not answer within 1500 ms/);

    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM sitemap_files`))[0].n;
    const [wp] = await db.dataSource.query(`SELECT id FROM domains WHERE domain = $1`, [H.wordpress]);
    await applyCurationStatus(db.dataSource, WF4_SITEMAP_DISCOVERY, [wp.id], SitemapCurationStatus.Selected);
    const again = loop();
    await again.tick();
    await again.stop(5000);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM sitemap_files`))[0].n).toBe(before);
    expect(await state(H.wordpress)).toEqual({ s: 'completed', e: null, n: 3 });
  });

  const requestsTo = (host: string) => sites.requests.filter((r) => r.host === host).length;
  const fileUrls = async (host: string): Promise<string[]> =>
    (
      await db.dataSource.query(
        `SELECT f.url FROM sitemap_files f JOIN domains d ON d.id = f.domain_id WHERE d.domain = $1 ORDER BY f.url`,
        [host],
      )
    ).map((r: { url: string }) => r.url);

  it('discovers a 40x40 index of failing children within its fetch budget (defect 10)', async () => {
    const before = requestsTo(H.fanout);
    await domains([H.fanout]);
    const l = loop({ ...DEFAULT_DISCOVERY_LIMITS, maxChildSitemaps: 10, maxFetches: 30, maxFailures: 5 });
    await l.tick();
    await l.stop(5000);
    // Unbudgeted: robots.txt, the index, its 40 child indexes and their 1,600 children that all answer 404.
    expect(requestsTo(H.fanout) - before).toBeLessThanOrEqual(30);
    // Depth first: the index, its first child index, then 5 failing grandchildren spend the failure budget.
    expect(requestsTo(H.fanout) - before).toBe(1 + 1 + 1 + 5);
    expect(await state(H.fanout)).toMatchObject({ s: 'completed', n: 2 });
  });

  it('never follows index children to another host (defect 10: no amplification)', async () => {
    const before = requestsTo(H.victim);
    await domains([H.crossHost]);
    const l = loop();
    await l.tick();
    await l.stop(5000);
    expect(requestsTo(H.victim) - before).toBe(0);
    expect(await state(H.crossHost)).toMatchObject({ s: 'completed', n: 1 });
  });

  it('keeps a 3.2 KB child URL and a binary sitemap from poisoning the batch: readable reasons, batch-mates complete (defects 3, 4)', async () => {
    await domains([H.longChild, H.binary, H.commonPath, H.wordpress]);
    const l = loop();
    await l.tick();
    await l.stop(5000);
    expect(await state(H.longChild)).toMatchObject({ s: 'completed', n: 2 });
    expect(await fileUrls(H.longChild)).toEqual([`http://${H.longChild}/index.xml`, `http://${H.longChild}/pages.xml`]);
    const binary = await state(H.binary);
    expect(binary.s).toBe('failed');
    expect(binary.e).toContain('NOT_XML (NOT_XML: binary content (starts with bytes 89 50 4e 47 0d 0a 1a 0a …))');
    expect(binary.e).not.toMatch(/[\u0000-\u0008\ufffd]/);
    expect(await state(H.commonPath)).toMatchObject({ s: 'completed', n: 1 });
    expect(await state(H.wordpress)).toMatchObject({ s: 'completed', n: 3 });
  });

  it('costs the same statements per cycle for 1 and 3 domains, with no N+1', async () => {
    const counts: number[] = [];
    for (const hosts of [
      [FIXTURE_HOSTS.commonPath],
      [FIXTURE_HOSTS.wordpress, FIXTURE_HOSTS.htmlLink, FIXTURE_HOSTS.commonPath],
    ]) {
      await db.dataSource.query(`TRUNCATE domains CASCADE`);
      await domains(hosts);
      const l = loop();
      const { result, queries } = await recordQueries(() => l.tick());
      await l.stop(5000);
      expect(result).toMatchObject({ claimed: hosts.length, done: hosts.length });
      expect(findNPlusOne(queries)).toEqual([]);
      counts.push(queries.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
