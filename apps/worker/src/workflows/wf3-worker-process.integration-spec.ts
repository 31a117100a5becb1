import { ChildProcess } from 'node:child_process';

import { Client } from 'pg';

import { applyCurationStatus, PlaceStatus, WF3_DOMAIN_EXTRACTION } from '@curation/sdk';
import {
  createTestDatabase,
  insertBusinesses,
  pollUntil,
  queueTableOf,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the worker process running WF3 (real processes, real PostgreSQL)', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];

  const startWorker = async (env: Record<string, string>) => {
    const child = startTsProcess('apps/worker/src/main.ts', [], { DATABASE_URL: db.url, LOG_LEVEL: 'log', ...env });
    children.push(child);
    await waitForOutput(child, /worker started/);
    return child;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopProcess(c, 'SIGKILL')));
    await db.drop();
  });

  it('completes a business selected through the dual-status rule within seconds via NOTIFY, with polling set to 60 s', async () => {
    await startWorker({ WF3_DOMAIN_EXTRACTION_INTERVAL_MS: '60000' });
    await sleep(500); // let the startup tick pass, so only the notification can wake the loop
    const [id] = await insertBusinesses(db.dataSource, ['https://www.notify-me.example.com/']);
    const started = Date.now();
    await applyCurationStatus(db.dataSource, WF3_DOMAIN_EXTRACTION, [id], PlaceStatus.Selected);
    const row = await pollUntil(
      async () =>
        (
          await db.dataSource.query(
            `SELECT b.domain_extraction_status::text AS s, d.domain FROM local_businesses b LEFT JOIN domains d ON d.id = b.domain_id`,
          )
        )[0],
      (r: { s: string }) => r.s === 'Completed',
      10_000,
      20,
    );
    const latencyMs = Date.now() - started;
    expect(row).toEqual({ s: 'Completed', domain: 'notify-me.example.com' });
    // Polling alone would take up to 60 s; the notification answers in milliseconds (wide margin for CI).
    expect(latencyMs).toBeLessThan(5_000);
  });

  it('loses nothing when killed with SIGKILL mid-batch: rows come back after the lease plus one sweep, each business completes once, no duplicate domain', async () => {
    const urls = Array.from({ length: 300 }, (_, i) => `https://www.shop-${i % 120}.example.com/${i}`);
    const ids = await insertBusinesses(db.dataSource, urls);
    await applyCurationStatus(db.dataSource, WF3_DOMAIN_EXTRACTION, ids, PlaceStatus.Selected);
    const env = {
      WF3_DOMAIN_EXTRACTION_BATCH_SIZE: '100',
      WF3_DOMAIN_EXTRACTION_LEASE_MS: '6000',
      WF3_DOMAIN_EXTRACTION_INTERVAL_MS: '60000',
      SWEEP_INTERVAL_MS: '1000',
    };
    // Hold the domains table so the first batch is claimed but cannot be written: the kill lands mid-batch.
    const blocker = new Client({ connectionString: db.url });
    blocker.on('error', () => undefined); // dropped with the database if the test fails early
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE domains IN SHARE MODE');
    const first = await startWorker(env);
    const processing = () =>
      db.dataSource.query(
        // In flight: leased in the queue table (the curated rows still say Queued until their outcome).
        `SELECT count(*)::int AS n, min(locked_by) AS owner, max(lease_expires_at) AS lease FROM ${queueTableOf(WF3_DOMAIN_EXTRACTION)} WHERE locked_by IS NOT NULL`,
      );
    // the first batch, and the next one claimed ahead while the first is (not) being written
    const [claimed] = await pollUntil(processing, ([r]: { n: number }[]) => r.n >= 200, 15_000, 20);
    expect(claimed.n).toBe(200);
    await sleep(300);
    await stopProcess(first, 'SIGKILL');
    await blocker.query('ROLLBACK');
    await blocker.end();
    const [stuck] = await processing();
    expect(stuck.n).toBe(200);
    const leaseExpiry = new Date(stuck.lease).getTime();

    await startWorker(env);
    const [recovered] = await pollUntil(
      processing,
      ([r]: { n: number; owner: string | null }[]) => r.n === 0 || r.owner !== stuck.owner,
      30_000,
      50,
    );
    const recoveredAt = Date.now();
    expect(recovered.owner).not.toBe(stuck.owner);
    // within the lease plus one sweep (1 s), with 2 s of margin for a shared CI machine
    expect(recoveredAt - leaseExpiry).toBeLessThan(1_000 + 2_000);

    const final = await pollUntil(
      () =>
        db.dataSource.query(
          `SELECT domain_extraction_status::text AS s, count(*)::int AS n, max(domain_extraction_status_attempts) AS max_attempts, count(domain_id)::int AS linked FROM local_businesses GROUP BY 1`,
        ),
      (rows: { s: string }[]) => rows.length === 1 && rows[0].s === 'Completed',
      30_000,
      100,
    );
    expect(final).toEqual([{ s: 'Completed', n: 300, max_attempts: 2, linked: 300 }]);
    const [{ domains, distinct_domains, retried }] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM domains) AS domains, (SELECT count(DISTINCT domain)::int FROM domains) AS distinct_domains,
              (SELECT count(*)::int FROM local_businesses WHERE domain_extraction_status_attempts = 2) AS retried`,
    );
    expect({ domains, distinct_domains, retried }).toEqual({ domains: 120, distinct_domains: 120, retried: 200 });
  });
});
