import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import {
  createTestDatabase,
  insertBusinesses,
  queueRows,
  queueTableOf,
  recordQueries,
  TestDatabase,
} from '../../testing';
import { applyCurationStatus } from '../curation/apply-curation-status';
import { LocalBusinessEntity } from '../entities/local-business.entity';
import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';
import { PlaceStatus } from '../enums/place-status.enum';
import { WorkflowTuning } from '../workflows/workflow-definition';
import { WF3_DOMAIN_EXTRACTION } from '../workflows/workflow-definitions';
import { Outcome, outcome, WorkflowHandler } from './outcome';
import { SchedulerLoop, TickResult } from './scheduler-loop';

/**
 * Issue 12: the loop against rows and handlers that misbehave (poison values, NUL in reasons, batches
 * outliving their lease, items and handlers that never finish). Each test failed on 0c8ffca.
 */
const def = WF3_DOMAIN_EXTRACTION;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TIMED_OUT = 'did not return in time';

/** The loop's own promise or a marker: a loop that hangs must fail the test, not stall it. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    promise,
    new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms))),
  ]);
  clearTimeout(timer);
  return result;
}

interface Row {
  id: string;
  name: string;
  status: string | null;
  error: string | null;
  attempts: number;
  locked_by: string | null;
}

describe('SchedulerLoop with hostile rows and handlers (real PostgreSQL)', () => {
  let db: TestDatabase;
  const loops: SchedulerLoop<LocalBusinessEntity, unknown>[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(loops.splice(0).map((l) => l.stop(0)));
    await db.drop();
  });

  const rows = async (): Promise<Row[]> =>
    db.dataSource.query(
      `SELECT id, business_name AS name, domain_extraction_status::text AS status, domain_extraction_error AS error,
              domain_extraction_status_attempts AS attempts, domain_extraction_status_locked_by AS locked_by
         FROM local_businesses ORDER BY business_name`,
    );

  const queue = async (count: number): Promise<string[]> => {
    const ids = await insertBusinesses(
      db.dataSource,
      Array.from({ length: count }, (_, i) => `https://b${i}.example.com`),
    );
    await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Selected);
    return ids;
  };

  const loop = <R>(
    handler: WorkflowHandler<LocalBusinessEntity, R>,
    over: Partial<WorkflowTuning> = {},
    owner = 'worker-a',
  ) => {
    const l = new SchedulerLoop<LocalBusinessEntity, R>(db.dataSource, def, handler, {
      owner,
      tuning: { ...def.defaults, ...over },
      random: () => 1,
    });
    loops.push(l as SchedulerLoop<LocalBusinessEntity, unknown>);
    return l;
  };

  const dueNow = () =>
    db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status_next_attempt_at = NULL WHERE domain_extraction_status = 'Queued'`,
    );

  describe('poison isolation', () => {
    interface Written {
      readonly name: string;
      readonly domain: string;
    }

    it('fails a row whose persist fails on its own (NUL in jsonb, an over-long unique key) with its own reason within max attempts; its batch-mates complete', async () => {
      const ids = await queue(6);
      const nul = ids[1];
      const huge = ids[4];
      const l = loop<Written>(
        {
          process: async (items) =>
            items.map((item) =>
              outcome.done({
                name: item.id === nul ? 'Bakery\u0000 <a@b.example>' : `written ${item.id}`,
                // random base64 does not compress: 3.2 KB overflows the btree row of domains_domain_key
                domain: item.id === huge ? `${randomBytes(2400).toString('base64')}.example` : `${item.id}.example`,
              }),
            ),
          persist: async (manager, done) => {
            await manager.query(
              `UPDATE local_businesses b SET business_name = i.name FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, name text) WHERE b.id = i.id`,
              [JSON.stringify(done.map(({ item, result }) => ({ id: item.id, name: result.name })))],
            );
            await manager.query(`INSERT INTO domains (domain, tenant_id) SELECT unnest($1::text[]), $2`, [
              done.map(({ result }) => result.domain),
              DEFAULT_TENANT_ID,
            ]);
          },
        },
        { batchSize: 10, maxAttempts: 3 },
      );
      expect(await l.tick()).toMatchObject({ claimed: 6, done: 4, retried: 2, failed: 0, lost: 0 });
      for (let i = 0; i < 5; i += 1) {
        await dueNow();
        await l.tick();
      }
      const after = await rows();
      const byId = new Map(after.map((r) => [r.id, r]));
      for (const id of ids.filter((id) => id !== nul && id !== huge)) {
        expect(byId.get(id)).toMatchObject({
          status: 'Completed',
          attempts: 1,
          error: null,
          name: `written ${id}`,
          locked_by: null,
        });
      }
      expect(byId.get(nul)).toMatchObject({ status: 'Error', attempts: 3, name: 'Business 2' });
      expect(byId.get(nul)?.error).toMatch(/^gave up after 3 attempts: could not save the results: .*unicode/i);
      expect(byId.get(huge)).toMatchObject({ status: 'Error', attempts: 3, name: 'Business 5' });
      expect(byId.get(huge)?.error).toMatch(
        /^gave up after 3 attempts: could not save the results: index row (size|requires)/,
      );
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM domains`);
      expect(n).toBe(4);
    });

    it('narrows one poison row among 64 down by bisection, in a number of transactions logarithmic in the batch', async () => {
      const ids = await queue(64);
      const poison = ids[37];
      const l = loop<string>(
        {
          process: async (items) => items.map((item) => outcome.done(item.id === poison ? 'bad\u0000name' : 'ok')),
          persist: async (manager, done) => {
            await manager.query(
              `UPDATE local_businesses b SET business_name = i.name FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, name text) WHERE b.id = i.id`,
              [JSON.stringify(done.map(({ item, result }) => ({ id: item.id, name: result })))],
            );
          },
        },
        { batchSize: 100 },
      );
      const { result, queries } = await recordQueries(() => l.tick());
      expect(result).toMatchObject({ claimed: 64, done: 63, retried: 1, lost: 0 });
      const acks = queries.filter((q) => q.sql.includes('FROM unnest($1')).length;
      // the whole batch, then two halves per level down to one row (6 levels), then the poison row's own fallback
      expect(acks).toBe(1 + 2 * 6 + 1);
      const [{ completed }] = await db.dataSource.query(
        `SELECT count(*) FILTER (WHERE domain_extraction_status = 'Completed')::int AS completed FROM local_businesses`,
      );
      expect(completed).toBe(63);
    });

    it('acknowledges a batch whose fail and retry reasons carry NUL and other control bytes, stores them cleaned, and completes the sibling', async () => {
      const [binary, flaky, fine] = await queue(3);
      const persisted: string[] = [];
      const l = loop<null>({
        process: async (items) =>
          items.map((item) =>
            item.id === binary
              ? outcome.failed(
                  'https://b0.example.com/sitemap.xml: NOT_XML (starts with \u0000\u0001\u0002PK\u0003\u0004\ud800)',
                )
              : item.id === flaky
                ? outcome.retry('socket said \u0000\u001b[31mno')
                : outcome.done(null),
          ),
        persist: async (manager, done) => {
          persisted.push(...done.map((d) => d.item.id));
          await manager.query(`UPDATE local_businesses SET business_name = 'imported' WHERE id = ANY($1::uuid[])`, [
            done.map((d) => d.item.id),
          ]);
        },
      });
      expect(await l.tick()).toMatchObject({ claimed: 3, done: 1, failed: 1, retried: 1, lost: 0 });
      const byId = new Map((await rows()).map((r) => [r.id, r]));
      expect(byId.get(binary)).toMatchObject({
        status: 'Error',
        error: 'https://b0.example.com/sitemap.xml: NOT_XML (starts with PK\ufffd)',
        locked_by: null,
      });
      expect(byId.get(flaky)).toMatchObject({ status: 'Queued', error: 'socket said [31mno', locked_by: null });
      expect(byId.get(fine)).toMatchObject({ status: 'Completed', error: null, name: 'imported' });
      expect(persisted).toEqual([fine]);
    });
  });

  describe('leases cover what is held', () => {
    it('renews the batch claimed ahead while a slow batch outlives the lease: no row is processed twice across two loops', async () => {
      await queue(4);
      const processed: string[] = [];
      const slow = (owner: string): WorkflowHandler<LocalBusinessEntity, null> => ({
        process: (items, ctx) =>
          ctx.eachItem(items, async (item) => {
            processed.push(`${owner}:${item.business_name}`);
            await sleep(6_000); // three leases long
            return outcome.done(null);
          }),
      });
      const tuning = { batchSize: 2, concurrency: 2, leaseMs: 2_000, itemTimeoutMs: 60_000, batchTimeoutMs: 120_000 };
      const a = loop(slow('A'), tuning, 'A');
      const b = loop(slow('B'), tuning, 'B');
      let draining = true;
      const drainA = (async () => {
        while ((await a.tick())?.claimed) {
          /* A claims B1, and B2 ahead of time; then works on B2 */
        }
        draining = false;
      })();
      // B is a second worker whose sweep would rescue any lease A lets expire, and then work on the rows.
      const sweepB = (async () => {
        while (draining) {
          await b.sweep();
          await sleep(200);
        }
      })();
      await Promise.all([drainA, sweepB]);
      await b.whenIdle();
      expect(processed.slice().sort()).toEqual(['A:Business 1', 'A:Business 2', 'A:Business 3', 'A:Business 4']);
      expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
        ['Completed', 1],
        ['Completed', 1],
        ['Completed', 1],
        ['Completed', 1],
      ]);
    });

    it('does not work on rows claimed ahead whose lease was lost while the event loop stalled', async () => {
      await queue(4);
      const processed: string[] = [];
      const other = new Client({ connectionString: db.url });
      await other.connect();
      try {
        const l = loop<null>(
          {
            process: (items, ctx) =>
              ctx.eachItem(items, async (item) => {
                processed.push(item.id);
                if (processed.length > 1) return outcome.done(null);
                // Wait for the batch claimed ahead (all four rows held by worker-a).
                for (let i = 0; i < 100; i += 1) {
                  const [{ n }] = await db.dataSource.query(
                    `SELECT count(*)::int AS n FROM ${queueTableOf(def)} WHERE locked_by = 'worker-a'`,
                  );
                  if (n === 4) break;
                  await sleep(50);
                }
                // Another worker's sweep and claim, 1.5 s from now, of whatever lease has expired by then (the
                // batch being worked on is left alone so the test looks at the batch claimed ahead only).
                const mine = items.map((i) => `'${i.id}'`).join(',');
                void other.query(`DO $$ BEGIN PERFORM pg_sleep(1.5);
                  UPDATE ${queueTableOf(def)} SET locked_by = 'worker-b'
                   WHERE locked_by = 'worker-a' AND row_id <> ALL(ARRAY[${mine}]::uuid[])
                     AND lease_expires_at < clock_timestamp(); END $$`);
                await sleep(50);
                // A stall longer than the lease: no renewal can run, so the leases of the batch claimed ahead expire.
                const until = Date.now() + 2_500;
                while (Date.now() < until) {
                  /* the event loop is blocked on purpose */
                }
                return outcome.done(null);
              }),
          },
          { batchSize: 2, concurrency: 1, leaseMs: 1_000 },
        );
        expect(await l.tick()).toMatchObject({ claimed: 2, done: 2 });
        expect(await l.tick()).toMatchObject({ claimed: 0, lost: 2 });
        expect(processed).toHaveLength(2);
        const after = await rows();
        expect(after.filter((r) => processed.includes(r.id)).map((r) => [r.status, r.locked_by])).toEqual([
          ['Completed', null],
          ['Completed', null],
        ]);
        // Worker-b's flights: their curated rows still say queued, the queue holds worker-b's leases.
        expect(after.filter((r) => !processed.includes(r.id)).map((r) => [r.status, r.locked_by])).toEqual([
          ['Queued', null],
          ['Queued', null],
        ]);
        expect((await queueRows(db.dataSource, def)).map((q) => q.locked_by)).toEqual(['worker-b', 'worker-b']);
      } finally {
        await other.end();
      }
    });
  });

  describe('deadlines', () => {
    it('ends an item that never resolves as a retry at its deadline, aborts its signal, and the next tick runs', async () => {
      const [, hanging] = await queue(3);
      let aborted = false;
      const l = loop<null>(
        {
          process: (items, ctx) =>
            ctx.eachItem(items, (item, signal) => {
              if (item.id !== hanging) return outcome.done(null);
              // optional call: before issue 12 eachItem passed no signal, and the test must fail on the hang, not on a TypeError
              signal?.addEventListener('abort', () => (aborted = true));
              return new Promise<Outcome<null>>(() => undefined);
            }),
        },
        { concurrency: 1, itemTimeoutMs: 300, maxAttempts: 2 },
      );
      const first = await within(l.tick(), 10_000);
      expect(first).toMatchObject({ claimed: 3, done: 2, retried: 1 });
      expect(aborted).toBe(true);
      expect((await rows()).map((r) => [r.status, r.error])).toEqual([
        ['Completed', null],
        ['Queued', 'did not finish within 300 ms'],
        ['Completed', null],
      ]);
      // The loop is free: the same row, due again, hangs again and now uses its last attempt.
      await dueNow();
      expect(await within(l.tick(), 10_000)).toMatchObject({ claimed: 1, failed: 1 });
      expect((await rows())[1]).toMatchObject({
        status: 'Error',
        attempts: 2,
        error: 'gave up after 2 attempts: did not finish within 300 ms',
      });
    });

    it('cuts a handler that never resolves at the batch cap: its rows go back under the max-attempts rule, and the loop moves on', async () => {
      await queue(2);
      let calls = 0;
      const l = loop<null>(
        {
          process: () => {
            calls += 1;
            return new Promise<Outcome<null>[]>(() => undefined);
          },
        },
        { batchTimeoutMs: 500, leaseMs: 1_000, maxAttempts: 1 },
      );
      const started = Date.now();
      const result = (await within(l.tick(), 10_000)) as TickResult | typeof TIMED_OUT;
      expect(result).toMatchObject({ claimed: 2, failed: 2 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await rows()).map((r) => [r.status, r.error, r.locked_by])).toEqual([
        ['Error', 'gave up after 1 attempts: the batch did not finish within 500 ms', null],
        ['Error', 'gave up after 1 attempts: the batch did not finish within 500 ms', null],
      ]);
      await queue(1);
      expect(await within(l.tick(), 10_000)).toMatchObject({ claimed: 1 });
      expect(calls).toBe(2);
    });

    it('keeps the outcomes of items that finished before the batch cap; the unfinished one goes back as a retry', async () => {
      const [quick, stuck] = await queue(2);
      const l = loop<null>(
        {
          process: (items, ctx) =>
            ctx.eachItem(items, (item) =>
              item.id === quick ? outcome.done(null) : new Promise<Outcome<null>>(() => undefined),
            ),
        },
        { concurrency: 2, itemTimeoutMs: 60_000, batchTimeoutMs: 500 },
      );
      expect(await within(l.tick(), 10_000)).toMatchObject({ claimed: 2, done: 1, retried: 1 });
      const byId = new Map((await rows()).map((r) => [r.id, r]));
      expect(byId.get(quick)).toMatchObject({ status: 'Completed' });
      expect(byId.get(stuck)).toMatchObject({ status: 'Queued', error: 'the batch did not finish within 500 ms' });
    });

    it('keeps a long item leased while it runs within its deadline', async () => {
      await queue(1);
      const l = loop<null>(
        { process: (items, ctx) => ctx.eachItem(items, async () => (await sleep(3_500), outcome.done(null))) },
        { leaseMs: 1_000, itemTimeoutMs: 30_000 },
      );
      const rescuer = loop<null>(
        { process: async (items) => items.map(() => outcome.done(null)) },
        { leaseMs: 1_000 },
        'rescuer',
      );
      const tick = l.tick();
      let rescued = 0;
      for (let i = 0; i < 12; i += 1) {
        await sleep(250);
        rescued += await rescuer.sweep();
      }
      expect(await tick).toMatchObject({ claimed: 1, done: 1, lost: 0 });
      expect(rescued).toBe(0);
    });

    it('fails a row still held at the shutdown deadline on its last attempt, and queues it again before that', async () => {
      await queue(2);
      await db.dataSource.query(
        `UPDATE local_businesses SET domain_extraction_status_attempts = 2 WHERE business_name = 'Business 2'`,
      );
      const l = loop<null>(
        { process: (items, ctx) => ctx.eachItem(items, () => new Promise<Outcome<null>>(() => undefined)) },
        { maxAttempts: 3 },
      );
      void l.tick();
      await sleep(200);
      await l.stop(200);
      expect((await rows()).map((r) => [r.status, r.attempts, r.error])).toEqual([
        ['Queued', 1, 'the worker shut down before finishing; queued again'],
        ['Error', 3, 'gave up after 3 attempts: the worker shut down before finishing'],
      ]);
    });
  });
});
