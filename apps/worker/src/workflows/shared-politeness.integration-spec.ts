import { ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { applyCurationStatus, DEFAULT_TENANT_ID, PageCurationStatus, WF7_PAGE_CURATION } from '@curation/sdk';
import {
  createTestDatabase,
  pollUntil,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

const DELAY_MS = 200;
const WORKERS = 3;
/** One site, one spelling. */
const ONE_HOST = 'www.bakery-one.test';
/** Another site under two spellings of one registrable domain (bakery-two.test). */
const TWO_HOSTS = ['www.bakery-two.test', 'shop.bakery-two.test'];
/** A site whose robots.txt asks every crawler for a Crawl-delay longer than the configured delay. */
const SLOW_HOST = 'www.bakery-slow.test';
const CRAWL_DELAY_MS = 400;
const SLOW_ROBOTS = `User-agent: *\nCrawl-delay: ${CRAWL_DELAY_MS / 1000}\nDisallow: /private/\n`;

interface Arrival {
  host: string;
  path: string;
  worker: string;
  arrivedAt: number;
  finishedAt: number;
}

const page = (host: string, path: string) =>
  `<html><body><a href="mailto:desk${path.replace(/\W/g, '')}@${host}">write to us</a></body></html>`;

/**
 * Every request the site saw, by its own clock: arrival when the request came in, finish when the answer was
 * written. The requests to one site, in arrival order, must each arrive at least the delay after the one before and
 * after that one's answer was written: never two at once.
 */
function spacing(arrivals: readonly Arrival[]): { closestGapMs: number; overlaps: number } {
  const sorted = [...arrivals].sort((a, b) => a.arrivedAt - b.arrivedAt);
  let closestGapMs = Number.POSITIVE_INFINITY;
  let overlaps = 0;
  for (let i = 1; i < sorted.length; i += 1) {
    closestGapMs = Math.min(closestGapMs, sorted[i].arrivedAt - sorted[i - 1].arrivedAt);
    if (sorted[i].arrivedAt < sorted[i - 1].finishedAt) overlaps += 1;
  }
  return { closestGapMs, overlaps };
}

describe('politeness shared by three worker processes (FETCH_SHARED_POLITENESS, real PostgreSQL)', () => {
  let db: TestDatabase;
  let site: Server;
  const arrivals: Arrival[] = [];
  const children: ChildProcess[] = [];

  const queuePages = async (pages: { host: string; path: string }[]) => {
    const ids: string[] = [];
    for (const host of new Set(pages.map((p) => p.host))) {
      const [domain] = await db.dataSource.query(
        `INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`,
        [host, DEFAULT_TENANT_ID],
      );
      const urls = pages.filter((p) => p.host === host).map((p) => `http://${host}${p.path}`);
      const rows: { id: string }[] = await db.dataSource.query(
        `INSERT INTO pages (tenant_id, domain_id, url) SELECT $1, $2, unnest($3::text[]) RETURNING id`,
        [DEFAULT_TENANT_ID, domain.id, urls],
      );
      ids.push(...rows.map((r) => r.id));
    }
    await applyCurationStatus(db.dataSource, WF7_PAGE_CURATION, ids, PageCurationStatus.Selected);
    return ids;
  };

  const completed = (ids: string[]) =>
    pollUntil(
      () =>
        db.dataSource.query(
          `SELECT count(*)::int AS n FROM pages WHERE id = ANY($1::uuid[]) AND page_processing_status = 'Complete'`,
          [ids],
        ),
      ([r]: { n: number }[]) => r.n === ids.length,
      25_000,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    site = createServer((req, res) => {
      const arrivedAt = performance.now();
      const host = (req.headers.host ?? '').split(':')[0];
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const worker = req.headers['user-agent']?.split('/')[0] ?? '';
      res.on('finish', () => arrivals.push({ host, path, worker, arrivedAt, finishedAt: performance.now() }));
      // A short think time, so two requests at once would overlap where the site can see it.
      setTimeout(() => {
        if (path === '/robots.txt' && host === SLOW_HOST)
          return void res.writeHead(200, { 'content-type': 'text/plain' }).end(SLOW_ROBOTS);
        if (path === '/robots.txt') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html' }).end(page(host, path));
      }, 30);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    const port = (site.address() as AddressInfo).port;
    const connectTo = [ONE_HOST, ...TWO_HOSTS, SLOW_HOST].map((host) => `${host}:80:127.0.0.1:${port}`).join(',');
    for (let n = 1; n <= WORKERS; n += 1) {
      const child = startTsProcess('apps/worker/src/main.ts', [], {
        DATABASE_URL: db.url,
        FETCH_USER_AGENT: `PoliteWorker${n}/1.0`,
        FETCH_ALLOW_LOOPBACK: 'true',
        FETCH_CONNECT_TO: connectTo,
        FETCH_PER_HOST_DELAY_MS: String(DELAY_MS),
        FETCH_PER_HOST_CONCURRENCY: '1',
        WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
        WF4_SITEMAP_DISCOVERY_ENABLED: 'false',
        WF5_SITEMAP_IMPORT_ENABLED: 'false',
        // Small batches, so every worker claims a share of one site's pages instead of the first taking them all.
        WF7_PAGE_CURATION_BATCH_SIZE: '3',
        WF7_PAGE_CURATION_CONCURRENCY: '3',
        WF7_PAGE_CURATION_INTERVAL_MS: '300',
      });
      children.push(child);
    }
    await Promise.all(children.map((child) => waitForOutput(child, /worker started/)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.splice(0).map((c) => stopProcess(c, 'SIGKILL')));
    site.closeAllConnections();
    await new Promise<void>((r) => site.close(() => r()));
    await db.drop();
  });

  it('15 pages of one site: no two requests closer than the delay, never two at once, from every worker', async () => {
    const ids = await queuePages(Array.from({ length: 15 }, (_, i) => ({ host: ONE_HOST, path: `/p${i}` })));
    const [done] = await completed(ids);
    expect(done.n).toBe(15);
    const seen = arrivals.filter((a) => a.host === ONE_HOST);
    expect(seen.filter((a) => a.path !== '/robots.txt')).toHaveLength(15);
    // Each worker that claimed a page asked for robots.txt once: the site's budget held for workers, not per worker.
    expect(new Set(seen.map((a) => a.worker)).size).toBeGreaterThanOrEqual(2);
    const { closestGapMs, overlaps } = spacing(seen);
    expect(overlaps).toBe(0);
    expect(closestGapMs).toBeGreaterThanOrEqual(DELAY_MS);
    const [row] = await db.dataSource.query(`SELECT host_key FROM host_politeness WHERE host_key = 'bakery-one.test'`);
    expect(row).toEqual({ host_key: 'bakery-one.test' });
  });

  it('two spellings of one registrable domain share one budget', async () => {
    const ids = await queuePages(Array.from({ length: 10 }, (_, i) => ({ host: TWO_HOSTS[i % 2], path: `/q${i}` })));
    const [done] = await completed(ids);
    expect(done.n).toBe(10);
    const seen = arrivals.filter((a) => TWO_HOSTS.includes(a.host));
    expect(new Set(seen.map((a) => a.host))).toEqual(new Set(TWO_HOSTS));
    expect(seen.filter((a) => a.path !== '/robots.txt')).toHaveLength(10);
    const { closestGapMs, overlaps } = spacing(seen);
    expect(overlaps).toBe(0);
    expect(closestGapMs).toBeGreaterThanOrEqual(DELAY_MS);
    const keys: { host_key: string }[] = await db.dataSource.query(
      `SELECT host_key FROM host_politeness WHERE host_key LIKE '%bakery-two%'`,
    );
    expect(keys).toEqual([{ host_key: 'bakery-two.test' }]);
  });

  it('robots.txt Crawl-delay: 0.4 over a 200 ms delay: 9 pages of the site at least 400 ms apart, whichever worker sends them', async () => {
    const ids = await queuePages(Array.from({ length: 9 }, (_, i) => ({ host: SLOW_HOST, path: `/c${i}` })));
    const [done] = await completed(ids);
    expect(done.n).toBe(9);
    const seen = arrivals.filter((a) => a.host === SLOW_HOST);
    expect(seen.filter((a) => a.path !== '/robots.txt')).toHaveLength(9);
    const readers = new Set(seen.filter((a) => a.path === '/robots.txt').map((a) => a.worker));
    expect(readers.size).toBeGreaterThanOrEqual(2);
    const { closestGapMs, overlaps } = spacing(seen);
    expect(overlaps).toBe(0);
    // Every request counts, the robots.txt ones included: each is given back by a worker that knows the file, or
    // has just read it in that request, so it spaces the next by the Crawl-delay; no clock tolerance, as above.
    // Ignoring Crawl-delay, the closest two arrive about 230 ms apart (the delay plus the 30 ms think time).
    expect(closestGapMs).toBeGreaterThanOrEqual(CRAWL_DELAY_MS);
  });
});
