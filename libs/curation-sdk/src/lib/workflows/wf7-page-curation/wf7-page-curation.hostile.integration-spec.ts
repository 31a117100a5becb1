import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { parseConnectTo, SafeFetcher } from '@curation/integrations';

import { createTestDatabase, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { PageCurationStatus } from '../../enums/page-curation-status.enum';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WF7_PAGE_CURATION } from '../workflow-definitions';
import { Wf7PageCurationHandler, Wf7PageCurationOptions } from './wf7-page-curation.handler';

/** WF7 against hostile sites (issue 12): robots.txt that hangs or fails, NUL bytes, foreign charsets, oversized pages. */
const HOST = 'hostile-shop.example.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Route = (req: IncomingMessage, res: ServerResponse) => void;

describe('WF7 page curation against hostile sites (real PostgreSQL)', () => {
  let db: TestDatabase;
  let server: Server;
  let fetcher: SafeFetcher;
  let robots: Route;
  const pagesByPath: Record<string, Route> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return robots(req, res);
      const route = pagesByPath[path];
      if (route) return route(req, res);
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    fetcher = new SafeFetcher({
      userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
      allowLoopback: true,
      connectTo: parseConnectTo(`${HOST}:80:127.0.0.1:${port}`),
      perHostDelayMs: 0,
      perHostConcurrency: 8,
      totalTimeoutMs: 500,
    });
  });

  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  beforeEach(async () => {
    robots = (_req, res) => void res.writeHead(404).end();
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

  const tick = async (handler: Wf7PageCurationHandler) => {
    const loop = new SchedulerLoop(db.dataSource, WF7_PAGE_CURATION, handler, {
      owner: 'wf7-hostile',
      tuning: { ...WF7_PAGE_CURATION.defaults, batchSize: 20, maxAttempts: 3 },
    });
    await loop.tick();
    await loop.stop(5000);
  };

  const states = () =>
    db.dataSource.query(
      `SELECT url, page_processing_status::text AS p, contact_scrape_status::text AS c, page_processing_status_attempts AS attempts, page_processing_error AS e
         FROM pages ORDER BY url`,
    );

  const html =
    (body: string, contentType = 'text/html; charset=utf-8'): Route =>
    (_req, res) =>
      void res.writeHead(200, { 'content-type': contentType }).end(body);

  it('retries pages whose robots.txt hangs (not a 24-hour Disallow), and completes them once robots.txt answers', async () => {
    robots = () => undefined; // never answers
    pagesByPath['/contact'] = html('<p>Write to owner@hostile-shop.example.test</p>');
    await pages(['/contact']);
    const options: Partial<Wf7PageCurationOptions> = {
      robots: { ttlMs: 86_400_000, unavailableTtlMs: 300, maxEntries: 100, maxBytes: 1 << 20 },
    };
    const handler = new Wf7PageCurationHandler(fetcher, options);
    await tick(handler);
    expect(await states()).toEqual([
      {
        url: `http://${HOST}/contact`,
        p: 'Queued',
        c: 'New',
        attempts: 1,
        e: expect.stringMatching(
          /^robots\.txt was unavailable \(.*did not (answer|finish).*\): http:\/\/hostile-shop\.example\.test\/contact waits until it can be read$/,
        ),
      },
    ]);
    robots = (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
    await sleep(400); // past the unavailable lifetime and the retry delay it set
    await tick(handler);
    expect(await states()).toEqual([
      { url: `http://${HOST}/contact`, p: 'Complete', c: 'ContactFound', attempts: 2, e: null },
    ]);
  });

  it('retries on a robots.txt 503 and fails only a page a Disallow rule forbids, naming the rule', async () => {
    let down = true;
    robots = (_req, res) =>
      down ? void res.writeHead(503).end() : void res.writeHead(200).end('User-agent: *\nDisallow: /private\n');
    pagesByPath['/private/staff'] = html('<p>staff@hostile-shop.example.test</p>');
    pagesByPath['/about'] = html('<p>Family business.</p>');
    await pages(['/about', '/private/staff']);
    const handler = new Wf7PageCurationHandler(fetcher, {
      robots: { ttlMs: 86_400_000, unavailableTtlMs: 200, maxEntries: 100, maxBytes: 1 << 20 },
    });
    await tick(handler);
    expect((await states()).map((s: { p: string; e: string }) => [s.p, s.e])).toEqual([
      [
        'Queued',
        expect.stringContaining(
          'robots.txt was unavailable (http://hostile-shop.example.test/robots.txt answered HTTP 503)',
        ),
      ],
      ['Queued', expect.stringContaining('robots.txt was unavailable')],
    ]);
    down = false;
    await sleep(300);
    await tick(handler);
    expect(await states()).toEqual([
      { url: `http://${HOST}/about`, p: 'Complete', c: 'NoContactFound', attempts: 2, e: null },
      {
        url: `http://${HOST}/private/staff`,
        p: 'Error',
        c: 'Error',
        attempts: 2,
        e: `robots.txt rule "Disallow: /private" forbids http://${HOST}/private/staff`,
      },
    ]);
  });

  it('stores a contact whose context holds NUL and lone-surrogate bytes, and completes its batch-mates', async () => {
    pagesByPath['/nul'] = html('<p>Write\u0000 to info@hostile-shop.example.test\u0000 \ud800 today</p>');
    pagesByPath['/fine'] = html('<p>sales@hostile-shop.example.test</p>');
    await pages(['/fine', '/nul']);
    await tick(new Wf7PageCurationHandler(fetcher));
    expect((await states()).map((s: { p: string }) => s.p)).toEqual(['Complete', 'Complete']);
    const contacts: { email: string; context: string }[] = await db.dataSource.query(
      `SELECT email, context FROM contacts ORDER BY email`,
    );
    expect(contacts.map((c) => c.email)).toEqual(['info@hostile-shop.example.test', 'sales@hostile-shop.example.test']);
    expect(contacts[0].context).not.toMatch(/\u0000/);
  });

  it('decodes a windows-1252 page by its declared charset and a Shift_JIS page by its meta charset', async () => {
    pagesByPath['/latin'] = (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1252' })
        .end(Buffer.from('<p>Caf\xe9 Ren\xe9: rene@hostile-shop.example.test</p>', 'latin1'));
    pagesByPath['/sjis'] = (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          Buffer.concat([
            Buffer.from('<meta charset="shift_jis"><p>'),
            Buffer.from([0x82, 0xa0]),
            Buffer.from(' tokyo@hostile-shop.example.test</p>'),
          ]),
        );
    await pages(['/latin', '/sjis']);
    await tick(new Wf7PageCurationHandler(fetcher));
    expect((await states()).map((s: { p: string }) => s.p)).toEqual(['Complete', 'Complete']);
    const contacts: { email: string; context: string }[] = await db.dataSource.query(
      `SELECT email, context FROM contacts ORDER BY email`,
    );
    expect(contacts).toEqual([
      { email: 'rene@hostile-shop.example.test', context: 'Café René: rene@hostile-shop.example.test' },
      { email: 'tokyo@hostile-shop.example.test', context: 'あ tokyo@hostile-shop.example.test' },
    ]);
  });

  it('reads a page larger than the cap up to the cap and extracts from that part', async () => {
    pagesByPath['/huge'] = html(
      `<p>first@hostile-shop.example.test</p>${'<p>padding</p>'.repeat(20_000)}<p>last@hostile-shop.example.test</p>`,
    );
    await pages(['/huge']);
    await tick(new Wf7PageCurationHandler(fetcher, { maxPageBytes: 65_536 }));
    expect((await states()).map((s: { p: string; c: string; e: string }) => [s.p, s.c, s.e])).toEqual([
      ['Complete', 'ContactFound', null],
    ]);
    expect(await db.dataSource.query(`SELECT email FROM contacts`)).toEqual([
      { email: 'first@hostile-shop.example.test' },
    ]);
  });

  it('fails a page in an unknown Content-Encoding on its first attempt: the same bytes would come back on a retry', async () => {
    pagesByPath['/coded'] = (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'x-hostile' })
        .end(Buffer.alloc(64, 1));
    await pages(['/coded']);
    await tick(new Wf7PageCurationHandler(fetcher));
    expect(await states()).toEqual([
      {
        url: `http://${HOST}/coded`,
        p: 'Error',
        c: 'Error',
        attempts: 1,
        e: expect.stringContaining(`http://${HOST}/coded cannot be read`),
      },
    ]);
  });
});
