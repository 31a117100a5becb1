import { Client } from 'pg';

import { createTestDatabase, insertBusinesses, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { LocalBusinessEntity } from '../../entities/local-business.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { PlaceStatus } from '../../enums/place-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WF3_DOMAIN_EXTRACTION } from '../workflow-definitions';
import { DomainExtractionResult, Wf3DomainExtractionHandler } from './wf3-domain-extraction.handler';

const def = WF3_DOMAIN_EXTRACTION;

describe('WF3 domain extraction end to end (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const loop = (batchSize = 100, owner = 'wf3-test') =>
    new SchedulerLoop<LocalBusinessEntity, DomainExtractionResult>(
      db.dataSource,
      def,
      new Wf3DomainExtractionHandler(),
      {
        owner,
        tuning: { ...def.defaults, batchSize },
      },
    );

  const select = (ids: string[]) => applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Selected);

  const businesses = (): Promise<
    { website_url: string | null; status: string; error: string | null; domain: string | null }[]
  > =>
    db.dataSource.query(
      `SELECT b.website_url, b.domain_extraction_status::text AS status, b.domain_extraction_error AS error, d.domain
         FROM local_businesses b LEFT JOIN domains d ON d.id = b.domain_id ORDER BY b.business_name`,
    );

  it('derives, upserts and links domains; ends bad URLs in Error with the reason, never Completed with nothing', async () => {
    const ids = await insertBusinesses(db.dataSource, [
      'https://www.Keller-Plumbing.com/contact?ref=gmb',
      'keller-plumbing.com',
      'HTTPS://SHOP.Example.co.uk:8443/',
      null,
      '   ',
      'http://192.168.1.10/',
      'localhost:3000',
      'mailto:owner@keller-plumbing.com',
    ]);
    const selected = await select(ids);
    expect(selected).toEqual({ updated_count: 8, queued_count: 8, cancelled_count: 0 });
    const l = loop();
    const result = await l.tick();
    await l.stop(1000);
    expect(result).toMatchObject({ claimed: 8, done: 3, failed: 5, retried: 0 });
    expect(await businesses()).toEqual([
      {
        website_url: 'https://www.Keller-Plumbing.com/contact?ref=gmb',
        status: 'Completed',
        error: null,
        domain: 'keller-plumbing.com',
      },
      { website_url: 'keller-plumbing.com', status: 'Completed', error: null, domain: 'keller-plumbing.com' },
      {
        website_url: 'HTTPS://SHOP.Example.co.uk:8443/',
        status: 'Completed',
        error: null,
        domain: 'shop.example.co.uk',
      },
      { website_url: null, status: 'Error', error: 'website_url is missing', domain: null },
      { website_url: '   ', status: 'Error', error: 'website_url is blank', domain: null },
      {
        website_url: 'http://192.168.1.10/',
        status: 'Error',
        error: expect.stringContaining('is an IP address'),
        domain: null,
      },
      {
        website_url: 'localhost:3000',
        status: 'Error',
        error: expect.stringContaining('has no public suffix'),
        domain: null,
      },
      {
        website_url: 'mailto:owner@keller-plumbing.com',
        status: 'Error',
        error: expect.stringContaining('is not a website'),
        domain: null,
      },
    ]);
    const domains = await db.dataSource.query(`SELECT domain, local_business_id FROM domains ORDER BY domain`);
    expect(domains).toEqual([
      { domain: 'keller-plumbing.com', local_business_id: ids[0] },
      { domain: 'shop.example.co.uk', local_business_id: ids[2] },
    ]);
  });

  it('ends businesses whose website is a platform page in Error naming the platform, creates no platform domain, links the real ones', async () => {
    const urls = [
      'https://www.facebook.com/GreenleafBakery/',
      'https://m.facebook.com/KellerPlumbing',
      'https://www.yelp.com/biz/rosas-tacos-portland',
      'https://linktr.ee/bloomflorist',
      'https://bit.ly/3GrnLf',
      'https://greenleaf.wixsite.com/bakery',
      'https://greenleaf.square.site/',
      'https://www.google.com/maps/place/Greenleaf+Bakery',
      'https://www.instagram.com/greenleaf.bakery/',
      'https://www.greenleafbakery.com/contact',
      'https://facebookbakery.com/',
      'http://www.keller-plumbing.com',
    ];
    const ids = await insertBusinesses(db.dataSource, urls);
    await select(ids);
    const l = loop();
    const result = await l.tick();
    await l.stop(1000);
    expect(result).toMatchObject({ claimed: 12, done: 3, failed: 9, retried: 0 });
    const reason = (url: string, what: string) => `"${url}" is ${what}, not the business's own site`;
    const rows = await db.dataSource.query(
      `SELECT b.website_url, b.domain_extraction_status::text AS status, b.domain_extraction_error AS error, d.domain
         FROM local_businesses b LEFT JOIN domains d ON d.id = b.domain_id WHERE b.id = ANY($1::uuid[])`,
      [ids],
    );
    const byUrl = new Map(rows.map((r: { website_url: string }) => [r.website_url, r]));
    expect(urls.map((u) => byUrl.get(u))).toEqual([
      { website_url: urls[0], status: 'Error', error: reason(urls[0], 'a Facebook page'), domain: null },
      { website_url: urls[1], status: 'Error', error: reason(urls[1], 'a Facebook page'), domain: null },
      { website_url: urls[2], status: 'Error', error: reason(urls[2], 'a Yelp listing'), domain: null },
      { website_url: urls[3], status: 'Error', error: reason(urls[3], 'a Linktree link-in-bio page'), domain: null },
      { website_url: urls[4], status: 'Error', error: reason(urls[4], 'a Bitly short link'), domain: null },
      { website_url: urls[5], status: 'Error', error: reason(urls[5], 'a Wix site on a shared domain'), domain: null },
      {
        website_url: urls[6],
        status: 'Error',
        error: reason(urls[6], 'a Square Online site on a shared domain'),
        domain: null,
      },
      { website_url: urls[7], status: 'Error', error: reason(urls[7], 'a Google Maps listing'), domain: null },
      { website_url: urls[8], status: 'Error', error: reason(urls[8], 'an Instagram page'), domain: null },
      { website_url: urls[9], status: 'Completed', error: null, domain: 'greenleafbakery.com' },
      { website_url: urls[10], status: 'Completed', error: null, domain: 'facebookbakery.com' },
      { website_url: urls[11], status: 'Completed', error: null, domain: 'keller-plumbing.com' },
    ]);
    const domains = await db.dataSource.query(`SELECT domain FROM domains ORDER BY domain`);
    expect(domains.map((d: { domain: string }) => d.domain)).toEqual([
      'facebookbakery.com',
      'greenleafbakery.com',
      'keller-plumbing.com',
    ]);
  });

  it('links a business to an existing domain without taking the domain over', async () => {
    const [first] = await insertBusinesses(db.dataSource, ['https://existing.example.com']);
    await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id, local_business_id) VALUES ('existing.example.com', $1, $2)`,
      [DEFAULT_TENANT_ID, first],
    );
    const [second] = await insertBusinesses(db.dataSource, ['http://www.existing.example.com/about']);
    await select([second]);
    await loop().tick();
    const [domain] = await db.dataSource.query(`SELECT id, local_business_id FROM domains`);
    expect(domain.local_business_id).toBe(first);
    const [business] = await db.dataSource.query(`SELECT domain_id FROM local_businesses WHERE id = $1`, [second]);
    expect(business.domain_id).toBe(domain.id);
  });

  it('costs the same statements per cycle for batch sizes 1, 10, 100 and 1000, with no N+1', async () => {
    const counts: Record<number, string[]> = {};
    for (const size of [1, 10, 100, 1000]) {
      await db.dataSource.query(`TRUNCATE local_businesses, domains CASCADE`);
      const ids = await insertBusinesses(
        db.dataSource,
        Array.from({ length: size }, (_, i) => `https://shop-${size}-${i}.example.com/`),
      );
      await select(ids);
      const l = loop(size);
      const { result, queries } = await recordQueries(() => l.tick());
      expect(result).toMatchObject({ claimed: size, done: size });
      expect(findNPlusOne(queries)).toEqual([]);
      counts[size] = queries.map((q) => q.fingerprint.split(' ').slice(0, 3).join(' '));
      await l.stop(1000);
    }
    expect(counts[10]).toEqual(counts[1]);
    expect(counts[100]).toEqual(counts[1]);
    expect(counts[1000]).toEqual(counts[1]);
    // claim, claim of the next batch (a full batch was claimed), BEGIN, persist (upsert + link), acknowledge, COMMIT
    expect(counts[1]).toHaveLength(6);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM domains`);
    expect(n).toBe(1000);
  });

  it('never creates duplicate domains when two loops race on businesses sharing websites', async () => {
    const urls = Array.from({ length: 400 }, (_, i) => `https://www.shared-${i % 37}.example.com/page-${i}`);
    const ids = await insertBusinesses(db.dataSource, urls);
    await select(ids);
    const a = loop(20, 'a');
    const b = loop(20, 'b');
    const drain = async (l: ReturnType<typeof loop>) => {
      while ((await l.tick())?.claimed) {
        /* until empty */
      }
    };
    await Promise.all([drain(a), drain(b)]);
    await Promise.all([a.stop(1000), b.stop(1000)]);
    const [{ domains, linked }] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM domains) AS domains,
              (SELECT count(*)::int FROM local_businesses WHERE domain_extraction_status = 'Completed' AND domain_id IS NOT NULL) AS linked`,
    );
    expect({ domains, linked }).toEqual({ domains: 37, linked: 400 });
  });
});

describe('applyCurationStatus: the dual-status rule (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const states = () =>
    db.dataSource.query(
      `SELECT status::text AS status, domain_extraction_status::text AS p, domain_extraction_error AS e FROM local_businesses ORDER BY business_name`,
    );

  it('queues on Selected, clearing the error; leaves rows being processed alone; cancels still-queued rows on de-select', async () => {
    const ids = await insertBusinesses(db.dataSource, ['a.com', 'b.com', 'c.com', 'd.com']);
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status = v.s::domain_extraction_status_enum, domain_extraction_error = v.e
         FROM (VALUES ($1::uuid, 'Error', 'old failure'), ($2::uuid, 'Processing', NULL), ($3::uuid, 'Completed', NULL)) AS v(id, s, e)
        WHERE local_businesses.id = v.id`,
      [ids[0], ids[1], ids[2]],
    );
    expect(await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Selected)).toEqual({
      updated_count: 4,
      queued_count: 3,
      cancelled_count: 0,
    });
    expect(await states()).toEqual([
      { status: 'Selected', p: 'Queued', e: null },
      { status: 'Selected', p: 'Processing', e: null },
      { status: 'Selected', p: 'Queued', e: null },
      { status: 'Selected', p: 'Queued', e: null },
    ]);
    expect(await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.NotAFit)).toEqual({
      updated_count: 4,
      queued_count: 0,
      cancelled_count: 3,
    });
    expect(await states()).toEqual([
      { status: 'Not a Fit', p: null, e: null },
      { status: 'Not a Fit', p: 'Processing', e: null },
      { status: 'Not a Fit', p: null, e: null },
      { status: 'Not a Fit', p: null, e: null },
    ]);
  });

  it('ignores unknown ids and refuses a value that is not an exact label', async () => {
    expect(
      await applyCurationStatus(db.dataSource, def, ['00000000-0000-0000-0000-000000000000'], PlaceStatus.Maybe),
    ).toEqual({
      updated_count: 0,
      queued_count: 0,
      cancelled_count: 0,
    });
    await expect(applyCurationStatus(db.dataSource, def, [], 'Not_a_Fit')).rejects.toThrow(
      /not an exact PlaceStatus label/,
    );
  });

  it('notifies the workflow channel at commit when rows are queued, and only then', async () => {
    const ids = await insertBusinesses(db.dataSource, ['a.com']);
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (m) => received.push(m.channel));
    await listener.query(`LISTEN ${def.channel}`);
    try {
      await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Maybe);
      await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Selected);
      await new Promise((r) => setTimeout(r, 200));
      expect(received).toEqual(['curation_wf3_domain_extraction']);
    } finally {
      await listener.end();
    }
  });
});

describe('applyCurationStatus with filters (select all)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  it('updates every row matching the filters in one statement, binding values (no injection through LIKE or quotes)', async () => {
    const ids = await insertBusinesses(db.dataSource, ['a.com', 'b.com', 'c.com']);
    await db.dataSource.query(
      `UPDATE local_businesses SET business_name = v.n FROM (VALUES ($1::uuid, 'Keller 100% Plumbing'), ($2::uuid, 'Kellerman''s'), ($3::uuid, 'Other')) AS v(id, n) WHERE local_businesses.id = v.id`,
      ids,
    );
    const result = await applyCurationStatus(
      db.dataSource,
      def,
      {
        filters: [
          { column: 'business_name', op: 'contains', value: '100%' },
          { column: 'status', op: 'eq', value: PlaceStatus.New },
        ],
      },
      PlaceStatus.Selected,
    );
    expect(result).toEqual({ updated_count: 1, queued_count: 1, cancelled_count: 0 });
    const quoted = await applyCurationStatus(
      db.dataSource,
      def,
      { filters: [{ column: 'business_name', op: 'contains', value: "man's" }] },
      PlaceStatus.Maybe,
    );
    expect(quoted.updated_count).toBe(1);
    const all = await applyCurationStatus(db.dataSource, def, { filters: [] }, PlaceStatus.Archived);
    expect(all).toEqual({ updated_count: 3, queued_count: 0, cancelled_count: 1 });
  });
});
