import { createServer, request as httpRequest, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS, FixtureSites, startFixtureSites } from '@curation/integrations/testing';
import { WF4_SITEMAP_DISCOVERY } from '@curation/sdk';
import { createTestDatabase, recordQueries, TestDatabase, tickWorkflowOnce } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * The fixture sites live under `.example.test`, which has no public suffix, so the API (rightly) refuses to
 * scan them. This proxy serves them as `.example.com`: it renames the Host on the way in and every URL in
 * the (uncompressed) bodies and redirects on the way out, so WF4 sees one consistent real-looking site.
 */
async function startRenamingProxy(sites: FixtureSites): Promise<{ port: number; close(): Promise<void> }> {
  const [asTest, asCom] = ['.example.test', '.example.com'];
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replaceAll(asCom, asTest);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: sites.port, path: req.url, method: req.method, headers: { ...req.headers, host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const raw = Buffer.concat(chunks);
          const gzip = String(answer.headers['content-type'] ?? '').includes('gzip');
          const body = gzip ? raw : Buffer.from(raw.toString('utf8').replaceAll(asTest, asCom));
          const headers: IncomingHttpHeaders = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          if (headers.location) headers.location = headers.location.replaceAll(asTest, asCom);
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const WORDPRESS = FIXTURE_HOSTS.wordpress.replace('.example.test', '.example.com');
const EMPTY = FIXTURE_HOSTS.empty.replace('.example.test', '.example.com');
const COMMON_PATH = FIXTURE_HOSTS.commonPath.replace('.example.test', '.example.com');

interface StatusBody {
  job_id: string;
  status: string;
  progress: number;
  error: string | null;
  domain: string;
  sitemaps: {
    url: string;
    sitemap_type: string;
    discovery_method: string;
    url_count: number;
    has_lastmod: boolean | null;
    has_priority: boolean | null;
    has_changefreq: boolean | null;
  }[];
  total_sitemaps: number;
  total_urls: number;
}

/**
 * The Sitemap Analyzer page (static/contentmap.html, inline script): startSingleAnalysis() posts the scan,
 * pollAnalysisStatus() polls /sitemap/status/{job_id} and displaySingleResults() renders what it returns.
 * The scan is real WF4 work: the worker's own loop (registry entry = SchedulerLoop + Wf4SitemapDiscoveryHandler)
 * discovers the fixture sites' sitemaps, and the status is read back from the database.
 */
describe('Sitemap Analyzer page (static/contentmap.html) against the real API and the real WF4 loop', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sites: FixtureSites;
  let proxy: { port: number; close(): Promise<void> };
  let fetcher: SafeFetcher;
  const auth = bearer();
  const API_CONFIG = { baseUrl: '/api/v3', sitemap: { scan: '/sitemap/scan', status: '/sitemap/status/' } };

  beforeAll(async () => {
    sites = await startFixtureSites({ hugeCount: 1000 });
    proxy = await startRenamingProxy(sites);
    const hosts = [WORDPRESS, EMPTY, COMMON_PATH];
    // https is refused (closed port 1), so every site falls back to http, which the proxy answers.
    const rules = hosts.flatMap((h) => [`${h}:80:127.0.0.1:${proxy.port}`, `${h}:443:127.0.0.1:1`]).join(',');
    fetcher = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
      allowLoopback: true,
      connectTo: parseConnectTo(rules),
      totalTimeoutMs: 1500,
      perHostDelayMs: 0,
    });
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await fetcher.close();
    await proxy.close();
    await sites.close();
  });

  /** One tick of the WF4 loop exactly as the worker builds it. */
  const runWf4 = async () => {
    return tickWorkflowOnce(db.dataSource, WF4_SITEMAP_DISCOVERY, {
      owner: 'analyzer-test',
      clients: { fetcher },
      tuning: { batchSize: 10, concurrency: 4 },
      stopMs: 5000,
    });
  };

  /** startSingleAnalysis(): the request body and headers the page sends. */
  const startSingleAnalysis = (domain: string) =>
    request(app.getHttpServer())
      .post(API_CONFIG.baseUrl + API_CONFIG.sitemap.scan)
      .set({ 'Content-Type': 'application/json', Authorization: auth })
      .send(JSON.stringify({ base_url: domain, follow_robots_txt: true, max_pages: 1000 }));

  /** One poll of pollAnalysisStatus(). */
  const poll = async (jobId: string): Promise<StatusBody> =>
    (
      await request(app.getHttpServer())
        .get(API_CONFIG.baseUrl + API_CONFIG.sitemap.status + jobId)
        .set({ Authorization: auth })
        .expect(200)
    ).body;

  it('scans a domain: queued for WF4, pending until the worker runs, then complete with the discovered sitemaps', async () => {
    const started = await startSingleAnalysis(WORDPRESS).expect(202);
    const jobId = started.body.job_id;
    expect(started.body).toEqual({
      job_id: expect.any(String),
      status_url: `/api/v3/sitemap/status/${jobId}`,
      created_at: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(started.body.created_at))).toBe(false);
    const [domain] = await db.dataSource.query(
      `SELECT id, sitemap_curation_status::text AS c, sitemap_analysis_status::text AS a FROM domains WHERE domain = $1`,
      [WORDPRESS],
    );
    expect(domain).toEqual({ id: jobId, c: 'Selected', a: 'queued' });

    expect(await poll(jobId)).toMatchObject({
      job_id: jobId,
      status: 'pending',
      progress: 0,
      error: null,
      sitemaps: [],
    });

    expect(await runWf4()).toMatchObject({ claimed: 1, done: 1 });
    const done = await poll(jobId);
    // What displaySingleResults() reads, with its types.
    expect(done).toMatchObject({ status: 'complete', progress: 1, error: null, domain: WORDPRESS });
    expect(done.sitemaps.map((s) => [s.url, s.sitemap_type, s.discovery_method, s.url_count])).toEqual([
      [`http://${WORDPRESS}/wp-sitemap-pages-1.xml`, 'standard', 'sitemap_index', 9],
      [`http://${WORDPRESS}/wp-sitemap-posts-post-1.xml.gz`, 'standard', 'sitemap_index', 25],
      [`http://${WORDPRESS}/wp-sitemap.xml`, 'index', 'robots_txt', 2],
    ]);
    for (const s of done.sitemaps)
      for (const flag of [s.has_lastmod, s.has_priority, s.has_changefreq]) expect([true, false, null]).toContain(flag);
    // The index's count is its children, which are listed themselves: 9 + 25 page URLs.
    expect(done).toMatchObject({ total_sitemaps: 3, sitemap_count: 3, total_urls: 34, url_count: 34 });

    // Scanning again re-queues the same job (the domain), and a re-run duplicates no file.
    const again = await startSingleAnalysis(`https://www.${WORDPRESS}/some/page`).expect(202);
    expect(again.body.job_id).toBe(jobId);
    expect(await poll(jobId)).toMatchObject({ status: 'pending', progress: 0, total_sitemaps: 3 });
    await runWf4();
    expect(await poll(jobId)).toMatchObject({ status: 'complete', total_sitemaps: 3, total_urls: 34 });
  });

  it('reports a failed scan with its reason, and a de-selected one as failed instead of pending forever', async () => {
    const failed = (await startSingleAnalysis(EMPTY).expect(202)).body.job_id;
    const cancelled = (await startSingleAnalysis(COMMON_PATH).expect(202)).body.job_id;
    // The Domain Curation tab de-selects it before the worker claims it: the queued work is cancelled.
    await request(app.getHttpServer())
      .put('/api/v3/domains/sitemap-curation/status')
      .set('Authorization', auth)
      .send({ domain_ids: [cancelled], sitemap_curation_status: 'Maybe' })
      .expect(200);
    await runWf4();
    expect(await poll(failed)).toMatchObject({
      status: 'failed',
      progress: 1,
      error: expect.stringContaining('no valid sitemap found'),
      sitemaps: [],
      total_sitemaps: 0,
    });
    expect(await poll(cancelled)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('No scan is queued for this domain'),
      curation_status: 'Maybe',
    });
  });

  it('costs four statements per scan (the dual-status rule in its transaction) and one per status poll', async () => {
    const { result, queries } = await recordQueries(() => startSingleAnalysis('budget.example.com').expect(202));
    expect(queries.map((q) => q.fingerprint.split(/\s+/)[0].toUpperCase())).toEqual([
      'START',
      'WITH',
      'WITH',
      'COMMIT',
    ]);
    const status = await recordQueries(() => poll(result.body.job_id));
    expect(status.queries).toHaveLength(1);
  });

  it('needs a valid token for both calls, and answers 404 for an unknown job', async () => {
    const [{ id }] = await db.dataSource.query(`SELECT id FROM domains ORDER BY domain LIMIT 1`);
    const anonymousScan = await request(app.getHttpServer()).post('/api/v3/sitemap/scan').send({ base_url: WORDPRESS });
    const anonymousStatus = await request(app.getHttpServer()).get(`/api/v3/sitemap/status/${id}`);
    expect([anonymousScan.status, anonymousStatus.status]).toEqual([401, 401]);
    for (const jobId of ['00000000-0000-4000-8000-000000000000', 'job-1', '1%20OR%201%3D1']) {
      const res = await request(app.getHttpServer()).get(`/api/v3/sitemap/status/${jobId}`).set('Authorization', auth);
      expect([res.status, res.body.detail]).toEqual([404, 'Unknown job id']);
    }
  });

  it.each([
    ['base_url must be a string', {}],
    ['base_url is blank', { base_url: '  ' }],
    ['is an IP address', { base_url: 'http://10.0.0.1/' }],
    ['has no public suffix', { base_url: 'localhost' }],
    ['is not a website', { base_url: 'ftp://example.com' }],
    ['max_pages must not be less than 1', { base_url: 'fine.example.com', max_pages: 0 }],
    ['max_pages must be an integer', { base_url: 'fine.example.com', max_pages: 'all' }],
    ['follow_robots_txt must be a boolean', { base_url: 'fine.example.com', follow_robots_txt: 'yes' }],
    ['tenant_id must be a UUID', { base_url: 'fine.example.com', tenant_id: 'acme' }],
    [
      'tenant_id: no tenant has this id',
      { base_url: 'fine.example.com', tenant_id: '00000000-0000-4000-8000-000000000000' },
    ],
    ['property domain should not exist', { base_url: 'fine.example.com', domain: 'fine.example.com' }],
  ])('a bad scan request → 400 %p, nothing written', async (message, body) => {
    const snapshot = async () =>
      (
        await db.dataSource.query(
          `SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.id), '')) AS h FROM domains d`,
        )
      )[0].h;
    const before = await snapshot();
    const res = await request(app.getHttpServer()).post('/api/v3/sitemap/scan').set('Authorization', auth).send(body);
    expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining(message)]);
    expect(await snapshot()).toBe(before);
  });
});
