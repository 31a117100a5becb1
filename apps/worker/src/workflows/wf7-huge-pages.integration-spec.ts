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

/**
 * Issue 12, defect 7: one 15 MiB page killed a worker with a 256 MB heap (fetch cap 50 MiB, five pages at once),
 * burning the attempt of every page it held. Now a page is read up to WF7_MAX_PAGE_BYTES and the rest is never
 * downloaded, so several such pages at once complete from their first 4 MiB next to normal pages, in a worker with
 * the production heap limit.
 */
const HOST = 'giant-bakery.example.test';
const MIB = 1024 * 1024;
const HUGE = 6;
const NORMAL = 6;

describe('WF7 in a real worker process (256 MB heap) given several 15 MiB pages and normal pages', () => {
  let db: TestDatabase;
  let site: Server;
  let worker: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    // Dense markup, as a product listing is: a 15 MiB page of it grew a DOM larger than the whole heap.
    const filler = Buffer.from(`<div class="row"><p>Fresh bread every morning.</p></div>\n`);
    site = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.writeHead(404).end();
      const big = /^\/big-(\d+)$/.exec(path);
      if (big) {
        const i = Number(big[1]);
        const head = Buffer.from(`<!doctype html><html><body><p>Write to head${i}@${HOST}</p>`);
        const tail = Buffer.from(`<p>tail${i}@${HOST}</p></body></html>`);
        const total = 15 * MIB;
        // Half declare their length, half are chunked: neither may reach the heap whole.
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          ...(i % 2 === 0 ? { 'content-length': String(total) } : {}),
        });
        let sent = 0;
        const pump = (): void => {
          while (sent < total - head.length - tail.length - filler.length) {
            const chunk = sent === 0 ? Buffer.concat([head, filler]) : filler;
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          const pad = Buffer.alloc(total - sent - tail.length, 0x20);
          res.end(Buffer.concat([pad, tail]));
        };
        res.on('error', () => undefined);
        return pump();
      }
      const normal = /^\/contact-(\d+)$/.exec(path);
      if (normal)
        return void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<footer>Mail <a href="mailto:team${normal[1]}@${HOST}">us</a></footer>`);
      res.writeHead(404).end();
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
    if (worker) await stopProcess(worker, 'SIGKILL');
    worker = null;
    await db.drop();
  });

  it('survives, completes the huge pages from their first 4 MiB and completes the normal pages', async () => {
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      HOST,
      DEFAULT_TENANT_ID,
    ]);
    const paths = [
      ...Array.from({ length: HUGE }, (_, i) => `/big-${i}`),
      ...Array.from({ length: NORMAL }, (_, i) => `/contact-${i}`),
    ];
    const rows: { id: string }[] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) SELECT $1, $2, 'http://${HOST}' || p FROM unnest($3::text[]) AS p RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, paths],
    );
    await applyCurationStatus(
      db.dataSource,
      WF7_PAGE_CURATION,
      rows.map((r) => r.id),
      PageCurationStatus.Selected,
    );

    const port = (site.address() as AddressInfo).port;
    worker = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: db.url,
      NODE_OPTIONS: '--max-old-space-size=256',
      FETCH_ALLOW_LOOPBACK: 'true',
      FETCH_CONNECT_TO: `${HOST}:80:127.0.0.1:${port}`,
      FETCH_PER_HOST_DELAY_MS: '0',
      FETCH_PER_HOST_CONCURRENCY: '8',
      WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
      WF4_SITEMAP_DISCOVERY_ENABLED: 'false',
      WF5_SITEMAP_IMPORT_ENABLED: 'false',
      WF7_PAGE_CURATION_CONCURRENCY: String(HUGE),
      WF7_PAGE_CURATION_MAX_ATTEMPTS: '1',
    });
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForOutput(worker, /worker started/);

    const final = await pollUntil(
      () =>
        db.dataSource.query(
          `SELECT url, page_processing_status::text AS p, contact_scrape_status::text AS c, page_processing_error AS e FROM pages ORDER BY url`,
        ),
      // A dead worker leaves its pages Processing: stop waiting as soon as it exits.
      (r: { p: string }[]) =>
        worker?.exitCode !== null ||
        worker?.signalCode !== null ||
        r.every((row) => row.p === 'Complete' || row.p === 'Error'),
      120_000,
    );
    expect(output).not.toMatch(/heap out of memory|FATAL ERROR/);
    expect({ exitCode: worker.exitCode, signal: worker.signalCode }).toEqual({ exitCode: null, signal: null });
    expect(final).toEqual(
      paths.sort().map((p) => ({ url: `http://${HOST}${p}`, p: 'Complete', c: 'ContactFound', e: null })),
    );
    const emails: { email: string }[] = await db.dataSource.query(`SELECT email FROM contacts ORDER BY email`);
    expect(emails.map((e) => e.email)).toEqual(
      [
        ...Array.from({ length: HUGE }, (_, i) => `head${i}@${HOST}`),
        ...Array.from({ length: NORMAL }, (_, i) => `team${i}@${HOST}`),
      ].sort(),
    );
  }, 180_000);
});
