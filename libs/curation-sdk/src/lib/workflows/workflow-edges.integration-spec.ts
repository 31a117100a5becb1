import { Client } from 'pg';

import { categorizeUrl, importDisposition, parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS, FixtureSites, startFixtureSites } from '@curation/integrations/testing';

import { createTestDatabase, insertBusinesses, recordQueries, TestDatabase } from '../../testing';
import { applyCurationStatus } from '../curation/apply-curation-status';
import { sqlRows } from '../database/sql-rows';
import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';
import { PlaceStatus } from '../enums/place-status.enum';
import { SitemapAnalysisStatus } from '../enums/sitemap-analysis-status.enum';
import { SitemapCurationStatus } from '../enums/sitemap-curation-status.enum';
import { buildLoopStatements } from '../scheduler/loop-sql';
import { SchedulerLoop } from '../scheduler/scheduler-loop';
import { Wf3DomainExtractionHandler } from './wf3-domain-extraction/wf3-domain-extraction.handler';
import { DEFAULT_IMPORT_LIMITS, Wf5SitemapImportHandler } from './wf5-sitemap-import/wf5-sitemap-import.handler';
import {
  WF3_DOMAIN_EXTRACTION,
  WF4_SITEMAP_DISCOVERY,
  WF5_SITEMAP_IMPORT,
  WF7_PAGE_CURATION,
} from './workflow-definitions';
import { EDGE_WF3_TO_WF4, edgeEnabled } from './workflow-edges';

/** The WF3 → WF4 edge on real PostgreSQL: a domain WF3 creates is queued for discovery, in WF3's own statement. */
describe('pipeline edge WF3 → WF4', () => {
  let db: TestDatabase;
  let listener: Client;
  const received: string[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    received.length = 0;
    listener.on('notification', (m) => received.push(m.channel));
    await listener.query(`LISTEN ${WF4_SITEMAP_DISCOVERY.channel}`);
  });

  afterEach(async () => {
    await listener.end();
    await db.drop();
  });

  const domains = () =>
    db.dataSource.query(
      `SELECT domain, sitemap_curation_status::text AS curation, sitemap_analysis_status::text AS analysis, sitemap_analysis_status_attempts AS attempts FROM domains ORDER BY domain`,
    );

  /** An existing, curated domain and two selected businesses: one with that domain, one with a new one. */
  const arrange = async () => {
    await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id, sitemap_curation_status, sitemap_analysis_status) VALUES ('known.example.com', $1, 'Not a Fit', 'pending')`,
      [DEFAULT_TENANT_ID],
    );
    const ids = await insertBusinesses(db.dataSource, ['https://known.example.com/', 'https://fresh.example.com/']);
    await applyCurationStatus(db.dataSource, WF3_DOMAIN_EXTRACTION, ids, PlaceStatus.Selected);
  };

  const runWf3 = async (queueDiscovery: boolean) => {
    const loop = new SchedulerLoop(
      db.dataSource,
      WF3_DOMAIN_EXTRACTION,
      new Wf3DomainExtractionHandler({ queueDiscovery }),
      { owner: 'edge-test', tuning: WF3_DOMAIN_EXTRACTION.defaults },
    );
    const { result, queries } = await recordQueries(() => loop.tick());
    await loop.stop(1000);
    // Delivered at commit; the listener is a separate connection.
    await new Promise((r) => setTimeout(r, 300));
    return { result, statements: queries.length };
  };

  it('on: the new domain is selected and queued for WF4 and WF4 is woken; the existing domain keeps its curation', async () => {
    await arrange();
    const { result, statements } = await runWf3(true);
    expect(result).toMatchObject({ claimed: 2, done: 2 });
    expect(await domains()).toEqual([
      {
        domain: 'fresh.example.com',
        curation: SitemapCurationStatus.Selected,
        analysis: SitemapAnalysisStatus.Queued,
        attempts: 0,
      },
      {
        domain: 'known.example.com',
        curation: SitemapCurationStatus.NotAFit,
        analysis: SitemapAnalysisStatus.Pending,
        attempts: 0,
      },
    ]);
    expect(received).toEqual([WF4_SITEMAP_DISCOVERY.channel]);
    // claim, BEGIN, persist (upsert + link + edge), acknowledge, COMMIT: the edge costs no statement.
    expect(statements).toBe(5);

    // WF4's own claim statement takes what the edge queued, and only that.
    const claimed = await sqlRows<{ domain: string }>(db.dataSource, buildLoopStatements(WF4_SITEMAP_DISCOVERY).claim, [
      'edge-test',
      60_000,
      10,
    ]);
    expect(claimed.map((row) => row.domain)).toEqual(['fresh.example.com']);
  });

  it('off: new domains stay untouched (column defaults) and WF4 is not woken, at the same statement count', async () => {
    await arrange();
    const { result, statements } = await runWf3(false);
    expect(result).toMatchObject({ claimed: 2, done: 2 });
    const [fresh, known] = await domains();
    expect(fresh).toEqual({
      domain: 'fresh.example.com',
      curation: SitemapCurationStatus.New,
      analysis: expect.not.stringMatching(/^Queued$/),
      attempts: 0,
    });
    expect(known).toMatchObject({ curation: SitemapCurationStatus.NotAFit, analysis: SitemapAnalysisStatus.Pending });
    expect(received).toEqual([]);
    expect(statements).toBe(5);
  });

  it('does not wake WF4 when every domain of the batch already existed', async () => {
    await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ('known.example.com', $1)`, [
      DEFAULT_TENANT_ID,
    ]);
    const ids = await insertBusinesses(db.dataSource, ['https://known.example.com/']);
    await applyCurationStatus(db.dataSource, WF3_DOMAIN_EXTRACTION, ids, PlaceStatus.Selected);
    await runWf3(true);
    expect(received).toEqual([]);
  });

  it('is on by default and switchable', () => {
    expect(edgeEnabled(EDGE_WF3_TO_WF4)).toBe(true);
    expect(edgeEnabled(EDGE_WF3_TO_WF4, { WF3_TO_WF4: false })).toBe(false);
  });
});

/** The WF5 → WF7 edge: contact-like pages a sitemap import creates are queued for WF7, and WF7 is woken at commit. */
describe('pipeline edge WF5 → WF7', () => {
  let db: TestDatabase;
  let sites: FixtureSites;
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    sites = await startFixtureSites({});
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

  it('queues exactly the contact-like pages, which WF7 then claims, with one wake-up', async () => {
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      FIXTURE_HOSTS.wordpress,
      DEFAULT_TENANT_ID,
    ]);
    const [file] = await db.dataSource.query(
      `INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type) VALUES ($1, $2, $3, 'standard') RETURNING id`,
      [domain.id, DEFAULT_TENANT_ID, `http://${FIXTURE_HOSTS.wordpress}/wp-sitemap.xml`],
    );
    await applyCurationStatus(db.dataSource, WF5_SITEMAP_IMPORT, [file.id], 'Selected');
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (m) => received.push(m.channel));
    await listener.query(`LISTEN ${WF7_PAGE_CURATION.channel}`);
    try {
      const loop = new SchedulerLoop(
        db.dataSource,
        WF5_SITEMAP_IMPORT,
        new Wf5SitemapImportHandler(fetcher, DEFAULT_IMPORT_LIMITS),
        { owner: 'edge-test', tuning: WF5_SITEMAP_IMPORT.defaults },
      );
      expect(await loop.tick()).toMatchObject({ claimed: 1, done: 1 });
      await loop.stop(5000);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toEqual([WF7_PAGE_CURATION.channel]);
    } finally {
      await listener.end();
    }
    const pages: { url: string; queued: boolean }[] = await db.dataSource.query(
      `SELECT url, (page_curation_status = 'Selected' AND page_processing_status = 'Queued') AS queued FROM pages ORDER BY url`,
    );
    const queued = pages.filter((page) => page.queued);
    // Exactly the pages Honeybee calls contact-like, and some are (the edge did something).
    expect(queued.map((row) => row.url)).toEqual(
      pages.filter((page) => importDisposition(categorizeUrl(page.url)).processing === 'Queued').map((row) => row.url),
    );
    expect(queued.map((row) => row.url)).toEqual(
      expect.arrayContaining([`http://${FIXTURE_HOSTS.wordpress}/contact/`]),
    );
    expect(queued.length).toBeLessThan(pages.length);
    const claimed = await sqlRows<{ url: string }>(db.dataSource, buildLoopStatements(WF7_PAGE_CURATION).claim, [
      'edge-test',
      60_000,
      100,
    ]);
    expect(claimed.map((row) => row.url).sort()).toEqual(queued.map((row) => row.url).sort());
  });
});
