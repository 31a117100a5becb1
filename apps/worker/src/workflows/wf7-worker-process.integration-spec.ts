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

const HOST = 'bakery.example.test';
const PAGES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Page i names its own address and the shared front-desk address, so pages of one domain overlap. */
const page = (i: number) =>
  `<html><body><footer>Write to <a href="mailto:team${i}@${HOST}">team ${i}</a> or frontdesk@${HOST}.</footer></body></html>`;

describe('WF7 in a real worker process killed mid-fetch (local site, real PostgreSQL)', () => {
  let db: TestDatabase;
  let site: Server;
  let hang = true;
  const children: ChildProcess[] = [];

  const startWorker = async () => {
    const port = (site.address() as AddressInfo).port;
    const child = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: db.url,
      FETCH_ALLOW_LOOPBACK: 'true',
      FETCH_CONNECT_TO: `${HOST}:80:127.0.0.1:${port}`,
      FETCH_PER_HOST_DELAY_MS: '0',
      FETCH_PER_HOST_CONCURRENCY: '8',
      WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
      WF4_SITEMAP_DISCOVERY_ENABLED: 'false',
      WF5_SITEMAP_IMPORT_ENABLED: 'false',
      WF7_PAGE_CURATION_LEASE_MS: '2000',
      WF7_PAGE_CURATION_CONCURRENCY: '8',
      SWEEP_INTERVAL_MS: '1000',
    });
    children.push(child);
    await waitForOutput(child, /worker started/);
    return child;
  };

  beforeAll(async () => {
    site = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.writeHead(404).end();
      const match = /^\/contact-(\d+)$/.exec(path);
      if (!match) return void res.writeHead(404).end();
      if (hang) return; // the first worker dies while these requests are in flight
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(Number(match[1])));
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    site.closeAllConnections();
    await new Promise<void>((r) => site.close(() => r()));
  });

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopProcess(c, 'SIGKILL')));
    await db.drop();
  });

  it('loses no page and creates no duplicate contact when the worker is killed with SIGKILL holding every page', async () => {
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      HOST,
      DEFAULT_TENANT_ID,
    ]);
    const rows: { id: string }[] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) SELECT $1, $2, 'http://${HOST}/contact-' || i FROM generate_series(0, $3::int - 1) AS i RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, PAGES],
    );
    await applyCurationStatus(
      db.dataSource,
      WF7_PAGE_CURATION,
      rows.map((r) => r.id),
      PageCurationStatus.Selected,
    );

    hang = true;
    const first = await startWorker();
    await pollUntil(
      () => db.dataSource.query(`SELECT count(*)::int AS n FROM pages WHERE page_processing_status = 'Processing'`),
      ([r]: { n: number }[]) => r.n === PAGES,
      15_000,
    );
    await sleep(300); // the fetches are in flight
    await stopProcess(first, 'SIGKILL');
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(0);

    hang = false;
    await startWorker();
    const final = await pollUntil(
      () =>
        db.dataSource.query(
          `SELECT page_processing_status::text AS p, contact_scrape_status::text AS c, count(*)::int AS n, max(page_processing_status_attempts) AS attempts
             FROM pages GROUP BY 1, 2`,
        ),
      (r: { p: string }[]) => r.length === 1 && r[0].p === 'Complete',
      30_000,
    );
    expect(final).toEqual([{ p: 'Complete', c: 'ContactFound', n: PAGES, attempts: 2 }]);
    const contacts: { email: string }[] = await db.dataSource.query(`SELECT email FROM contacts ORDER BY email`);
    expect(contacts.map((c) => c.email)).toEqual(
      [`frontdesk@${HOST}`, ...Array.from({ length: PAGES }, (_, i) => `team${i}@${HOST}`)].sort(),
    );
  });
});
