import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { parseConnectTo, SafeFetcher } from '@curation/integrations';

import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { PageCurationStatus } from '../../enums/page-curation-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WF7_PAGE_CURATION } from '../workflow-definitions';
import { Wf7PageCurationHandler } from './wf7-page-curation.handler';

const HOST = 'plumbing-co.example.test';
const PAGES: Record<string, string> = {
  '/robots.txt': 'User-agent: *\nDisallow: /private/\n',
  '/contact': `<html><body><footer>Call (512) 555-0123 or write to <a href="mailto:Info@Plumbing-Co.example.test">us</a>,
    owner: joe.keller@gmail.com. <img src="/img/logo@2x.png"></footer></body></html>`,
  '/about':
    '<html><body><p>Family business since 1982.</p><form><input placeholder="you@example.com"></form></body></html>',
  '/private/staff': '<html><body>staff@plumbing-co.example.test</body></html>',
};

describe('WF7 page curation against a local site (real PostgreSQL)', () => {
  let db: TestDatabase;
  let server: Server;
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers, like a hung site
      const body = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
      res.writeHead(body ? 200 : 404, { 'content-type': req.url === '/robots.txt' ? 'text/plain' : 'text/html' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    fetcher = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
      allowLoopback: true,
      connectTo: parseConnectTo(`${HOST}:80:127.0.0.1:${port}`),
      perHostDelayMs: 0,
    });
  });

  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const pages = async (paths: readonly string[]): Promise<string[]> => {
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      HOST,
      DEFAULT_TENANT_ID,
    ]);
    const rows: { id: string }[] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) SELECT $1, $2, 'http://${HOST}' || p FROM unnest($3::text[]) AS p RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, paths],
    );
    const ids = rows.map((r) => r.id);
    await applyCurationStatus(db.dataSource, WF7_PAGE_CURATION, ids, PageCurationStatus.Selected);
    return ids;
  };

  const run = async () => {
    const loop = new SchedulerLoop(db.dataSource, WF7_PAGE_CURATION, new Wf7PageCurationHandler(fetcher), {
      owner: 'wf7-test',
      tuning: { ...WF7_PAGE_CURATION.defaults, batchSize: 20 },
    });
    const recorded = await recordQueries(() => loop.tick());
    await loop.stop(5000);
    return recorded;
  };

  it('stores every real contact of a page, never placeholders or assets, and ends each page in the right state', async () => {
    await pages(['/contact', '/about', '/missing', '/private/staff']);
    const { queries } = await run();
    expect(findNPlusOne(queries)).toEqual([]);
    const contacts = await db.dataSource.query(
      `SELECT email, email_type::text AS t, has_gmail, phone_number FROM contacts ORDER BY email`,
    );
    expect(contacts).toEqual([
      { email: 'info@plumbing-co.example.test', t: 'SERVICE', has_gmail: false, phone_number: '+15125550123' },
      { email: 'joe.keller@gmail.com', t: 'FREE', has_gmail: true, phone_number: '+15125550123' },
    ]);
    const states = await db.dataSource.query(
      `SELECT url, page_processing_status::text AS p, contact_scrape_status::text AS c, page_processing_error AS e FROM pages ORDER BY url`,
    );
    expect(states).toEqual([
      { url: `http://${HOST}/about`, p: 'Complete', c: 'NoContactFound', e: null },
      { url: `http://${HOST}/contact`, p: 'Complete', c: 'ContactFound', e: null },
      { url: `http://${HOST}/missing`, p: 'Error', c: 'Error', e: expect.stringContaining('HTTP 404') },
      { url: `http://${HOST}/private/staff`, p: 'Error', c: 'Error', e: expect.stringContaining('robots.txt') },
    ]);
  });

  it('creates no duplicate contact when the same page is processed again', async () => {
    const [id] = await pages(['/contact']);
    await run();
    await applyCurationStatus(db.dataSource, WF7_PAGE_CURATION, [id], PageCurationStatus.Selected);
    await run();
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(2);
  });

  it('costs the same statements per cycle for 1 and 4 pages, beyond the inserted contacts, with no N+1', async () => {
    const counts: number[] = [];
    for (const paths of [['/about'], ['/about', '/about?a', '/about?b', '/about?c']]) {
      await db.dataSource.query(`TRUNCATE domains CASCADE`);
      await pages(paths);
      const { result, queries } = await run();
      expect(result).toMatchObject({ claimed: paths.length, done: paths.length });
      expect(findNPlusOne(queries)).toEqual([]);
      counts.push(queries.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('loses no page and duplicates no contact when a worker dies holding pages (lease expiry, sweep, reprocess)', async () => {
    const [done, held] = await pages(['/contact', '/about']);
    await run();
    // Model a SIGKILL: both pages held by a dead worker with an expired lease, one of them already fully written.
    await db.dataSource.query(
      `UPDATE pages SET page_processing_status = 'Processing', page_processing_status_locked_by = 'dead-worker',
              page_processing_status_attempts = 1, page_processing_status_lease_expires_at = now() - interval '1 second'
        WHERE id = ANY($1::uuid[])`,
      [[done, held]],
    );
    const loop = new SchedulerLoop(db.dataSource, WF7_PAGE_CURATION, new Wf7PageCurationHandler(fetcher), {
      owner: 'rescuer',
      tuning: { ...WF7_PAGE_CURATION.defaults, batchSize: 20 },
    });
    expect(await loop.sweep()).toBe(2); // queued again, and the sweep wakes the loop
    await loop.whenIdle();
    await loop.stop(5000);
    const states = await db.dataSource.query(
      `SELECT page_processing_status::text AS p, contact_scrape_status::text AS c FROM pages ORDER BY url`,
    );
    expect(states).toEqual([
      { p: 'Complete', c: 'NoContactFound' },
      { p: 'Complete', c: 'ContactFound' },
    ]);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(2);
  });

  it('ends a page whose site never answers in Error with the timeout as the reason, once its attempts are used', async () => {
    const [id] = await pages(['/slow']);
    const port = (server.address() as AddressInfo).port;
    const impatient = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0',
      allowLoopback: true,
      connectTo: parseConnectTo(`${HOST}:80:127.0.0.1:${port}`),
      perHostDelayMs: 0,
      totalTimeoutMs: 300,
    });
    const loop = new SchedulerLoop(db.dataSource, WF7_PAGE_CURATION, new Wf7PageCurationHandler(impatient), {
      owner: 'wf7-timeout',
      tuning: { ...WF7_PAGE_CURATION.defaults, maxAttempts: 1 },
    });
    await loop.tick();
    await loop.stop(5000);
    await impatient.close();
    const [page] = await db.dataSource.query(
      `SELECT page_processing_status::text AS p, contact_scrape_status::text AS c, page_processing_error AS e FROM pages WHERE id = $1`,
      [id],
    );
    // A timeout is worth a retry, so this is the loop giving up (attempts exhausted), not the handler's verdict.
    expect(page).toEqual({
      p: 'Error',
      c: 'Error',
      e: expect.stringMatching(/^gave up after 1 attempts: .*did not (answer|finish) within/),
    });
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(0);
  });

  it('marks contact_scrape_status Error when a dead worker held a page on its last attempt; a page with attempts left is redone', async () => {
    const [last, earlier] = await pages(['/contact', '/about']);
    await db.dataSource.query(
      `UPDATE pages SET page_processing_status = 'Processing', page_processing_status_locked_by = 'dead-worker',
              page_processing_status_attempts = CASE WHEN id = $1 THEN 3 ELSE 1 END,
              page_processing_status_lease_expires_at = now() - interval '1 second'
        WHERE id = ANY($2::uuid[])`,
      [last, [last, earlier]],
    );
    const loop = new SchedulerLoop(db.dataSource, WF7_PAGE_CURATION, new Wf7PageCurationHandler(fetcher), {
      owner: 'rescuer',
      tuning: { ...WF7_PAGE_CURATION.defaults, maxAttempts: 3 },
    });
    expect(await loop.sweep()).toBe(2);
    await loop.whenIdle();
    await loop.stop(5000);
    const states = await db.dataSource.query(
      `SELECT id = $1 AS last, page_processing_status::text AS p, contact_scrape_status::text AS c, page_processing_error AS e FROM pages ORDER BY url`,
      [last],
    );
    expect(states).toEqual([
      { last: false, p: 'Complete', c: 'NoContactFound', e: null },
      {
        last: true,
        p: 'Error',
        c: 'Error',
        e: expect.stringMatching(/^lease expired on attempt 3 of 3: the worker dead-worker stopped/),
      },
    ]);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(0);
  });
});
