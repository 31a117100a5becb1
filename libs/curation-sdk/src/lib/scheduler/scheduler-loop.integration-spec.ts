import { ObjectLiteral } from 'typeorm';

import { createTestDatabase, insertBusinesses, queueRows, queueTableOf, TestDatabase } from '../../testing';
import { applyCurationStatus } from '../curation/apply-curation-status';
import { LocalBusinessEntity } from '../entities/local-business.entity';
import { DomainExtractionStatus } from '../enums/domain-extraction-status.enum';
import { PlaceStatus } from '../enums/place-status.enum';
import { WorkflowTuning } from '../workflows/workflow-definition';
import { WF3_DOMAIN_EXTRACTION } from '../workflows/workflow-definitions';
import { Outcome, outcome, WorkflowHandler } from './outcome';
import { SchedulerLoop } from './scheduler-loop';

const def = WF3_DOMAIN_EXTRACTION;
const tuning = (over: Partial<WorkflowTuning> = {}): WorkflowTuning => ({ ...def.defaults, ...over });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A handler whose behaviour each test scripts. */
function scripted(
  fn: (item: LocalBusinessEntity) => Promise<Outcome<null>> | Outcome<null>,
  log: string[] = [],
): WorkflowHandler<LocalBusinessEntity, null> {
  return {
    process: (items, ctx) =>
      ctx.eachItem(items, async (item) => {
        log.push(item.id);
        return fn(item);
      }),
  };
}

interface Row {
  id: string;
  status: string | null;
  error: string | null;
  attempts: number;
  locked_by: string | null;
  next_in_ms: number | null;
}

describe('SchedulerLoop (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const rows = async (): Promise<Row[]> =>
    db.dataSource.query(
      `SELECT id, domain_extraction_status::text AS status, domain_extraction_error AS error, domain_extraction_status_attempts AS attempts,
              domain_extraction_status_locked_by AS locked_by,
              round(extract(epoch FROM domain_extraction_status_next_attempt_at - now()) * 1000)::int AS next_in_ms
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

  const loop = (
    handler: WorkflowHandler<LocalBusinessEntity, null>,
    over: Partial<WorkflowTuning> = {},
    owner = 'worker-a',
  ) =>
    new SchedulerLoop<LocalBusinessEntity, null>(db.dataSource, def, handler, {
      owner,
      tuning: tuning(over),
      random: () => 1,
    });

  it('claims in batches, hands over full entities and acknowledges every outcome', async () => {
    await queue(5);
    const seen: LocalBusinessEntity[] = [];
    const l = loop(
      {
        process: async (items) => {
          seen.push(...items);
          return items.map((item) => (item === seen[0] ? outcome.failed('nope') : outcome.done(null)));
        },
      },
      { batchSize: 3 },
    );
    const first = await l.tick();
    expect(first).toMatchObject({ claimed: 3, done: 2, failed: 1, retried: 0, released: 0, lost: 0 });
    expect(seen[0]).toBeInstanceOf(LocalBusinessEntity);
    expect(seen[0].website_url).toMatch(/^https:\/\/b\d\.example\.com$/);
    expect(seen[0].domain_extraction_status).toBe(DomainExtractionStatus.Processing);
    await l.tick();
    const after = await rows();
    expect(after.map((r) => r.status).sort()).toEqual(['Completed', 'Completed', 'Completed', 'Completed', 'Error']);
    expect(after.find((r) => r.status === 'Error')?.error).toBe('nope');
    expect(after.every((r) => r.locked_by === null)).toBe(true);
  });

  it('never lets two racing loops claim the same row', async () => {
    await queue(600);
    const claimedBy = new Map<string, string[]>();
    const handlerFor = (owner: string) =>
      scripted(async (item) => {
        claimedBy.set(item.id, [...(claimedBy.get(item.id) ?? []), owner]);
        await sleep(1);
        return outcome.done(null);
      });
    const a = loop(handlerFor('a'), { batchSize: 25, concurrency: 4 }, 'a');
    const b = loop(handlerFor('b'), { batchSize: 25, concurrency: 4 }, 'b');
    const drain = async (l: SchedulerLoop<LocalBusinessEntity, null>) => {
      while ((await l.tick())?.claimed) {
        /* keep claiming until the queue is empty */
      }
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    await Promise.all([a.stop(1000), b.stop(1000)]);
    expect(claimedBy.size).toBe(600);
    expect([...claimedBy.values()].filter((owners) => owners.length > 1)).toEqual([]);
    const owners = new Set([...claimedBy.values()].flat());
    expect(owners).toEqual(new Set(['a', 'b']));
    expect((await rows()).every((r) => r.status === 'Completed')).toBe(true);
  });

  it('retries with exponential backoff, honours the next attempt time, and fails after max attempts', async () => {
    await queue(1);
    const l = loop(
      scripted(() => outcome.retry('upstream said 503')),
      { maxAttempts: 3 },
    );
    await l.tick();
    let [row] = await rows();
    expect(row).toMatchObject({ status: 'Queued', error: 'upstream said 503', attempts: 1, locked_by: null });
    // random() = 1 gives the full step: 2 s after the first attempt
    expect(row.next_in_ms).toBeGreaterThan(1500);
    expect(row.next_in_ms).toBeLessThanOrEqual(2000);
    expect(await l.tick()).toBeNull(); // not due yet: nothing claimed
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status_next_attempt_at = now() - interval '1 second'`,
    );
    await l.tick();
    [row] = await rows();
    expect(row).toMatchObject({ status: 'Queued', attempts: 2 });
    expect(row.next_in_ms).toBeGreaterThan(3500); // 4 s after the second attempt
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status_next_attempt_at = now() - interval '1 second'`,
    );
    await l.tick();
    [row] = await rows();
    expect(row).toMatchObject({
      status: 'Error',
      attempts: 3,
      error: 'gave up after 3 attempts: upstream said 503',
      next_in_ms: null,
    });
  });

  it('turns a handler exception into a retry and keeps each failed row its own reason, truncated to 1024 characters', async () => {
    await queue(3);
    const long = 'x'.repeat(5000);
    let call = 0;
    const l = loop(
      scripted(() => {
        call += 1;
        if (call === 1) throw new Error('socket hang up');
        return call === 2 ? outcome.failed(long) : outcome.failed('short reason');
      }),
    );
    await l.tick();
    const byError = (await rows()).map((r) => [r.status, r.error?.length ?? 0, r.error?.slice(0, 14)]);
    expect(byError).toEqual([
      ['Queued', 'socket hang up'.length, 'socket hang up'],
      ['Error', 1024, 'xxxxxxxxxxxxxx'],
      ['Error', 'short reason'.length, 'short reason'],
    ]);
  });

  it('renews the lease of a long handler, so the sweep does not rescue it', async () => {
    await queue(1);
    const l = loop(
      scripted(async () => (await sleep(3500), outcome.done(null))),
      { leaseMs: 1000 },
    );
    const rescuer = loop(
      scripted(() => outcome.done(null)),
      { leaseMs: 1000 },
      'rescuer',
    );
    const tick = l.tick();
    let rescued = 0;
    const sweeping = (async () => {
      for (let i = 0; i < 14; i += 1) {
        await sleep(250);
        rescued += await rescuer.sweep();
      }
    })();
    const [result] = await Promise.all([tick, sweeping]);
    expect(rescued).toBe(0);
    expect(result).toMatchObject({ claimed: 1, done: 1, lost: 0 });
    expect(await rows()).toEqual([expect.objectContaining({ status: 'Completed', attempts: 1 })]);
  });

  it('recovers rows of a dead worker once their lease expires, counting the expiry as an attempt', async () => {
    await queue(2);
    const dead = loop(
      scripted(() => new Promise<Outcome<null>>(() => undefined)),
      { leaseMs: 1000 },
      'dead-worker',
    );
    void dead.tick(); // claims, then hangs forever like a killed process (no renewals once we stop it below)
    await sleep(200);
    await dead.stop(0).catch(() => undefined);
    // stop() returned its rows at once; put them back to "held by a dead worker" to model a SIGKILL instead
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status = 'Processing', domain_extraction_status_locked_by = 'dead-worker',
              domain_extraction_status_attempts = 1, domain_extraction_status_lease_expires_at = now() + interval '800 milliseconds'`,
    );
    const seenByRescuer: (string | null)[] = [];
    const rescuer = loop(
      scripted((item) => (seenByRescuer.push(item.domain_extraction_error), outcome.done(null))),
      { leaseMs: 1000 },
      'rescuer',
    );
    expect(await rescuer.sweep()).toBe(0); // lease still valid
    await sleep(1000);
    expect(await rescuer.sweep()).toBe(2); // queued again, and the sweep wakes the loop
    await rescuer.whenIdle();
    expect(seenByRescuer).toEqual([
      'lease expired on attempt 1: the worker dead-worker stopped before finishing; queued again',
      'lease expired on attempt 1: the worker dead-worker stopped before finishing; queued again',
    ]);
    expect((await rows()).map((r) => [r.status, r.attempts, r.error])).toEqual([
      ['Completed', 2, null],
      ['Completed', 2, null],
    ]);
  });

  it('fails a row whose lease keeps expiring once max attempts are used (a poison item cannot loop forever)', async () => {
    await queue(1);
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status = 'Processing', domain_extraction_status_locked_by = 'crashed',
              domain_extraction_status_attempts = 3, domain_extraction_status_lease_expires_at = now() - interval '1 second'`,
    );
    const l = loop(
      scripted(() => outcome.done(null)),
      { maxAttempts: 3 },
    );
    expect(await l.sweep()).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'Error', attempts: 3, locked_by: null });
    expect(row.error).toBe('lease expired on attempt 3 of 3: the worker crashed stopped before finishing; giving up');
  });

  it('recovers rows the reference system left in Processing without any lease: entering the queue gives them an expired one', async () => {
    await queue(1);
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status = 'Processing', domain_extraction_status_attempts = 0, updated_at = now() - interval '1 hour', domain_extraction_status_lease_expires_at = NULL, domain_extraction_status_locked_by = NULL`,
    );
    const [held] = await queueRows(db.dataSource, def);
    expect(held).toMatchObject({ locked_by: '(unknown)', attempts: 0 });
    expect(held.lease_in_ms).toBeLessThanOrEqual(0);
    const l = loop(scripted(() => outcome.done(null)));
    expect(await l.sweep()).toBe(1);
    await l.whenIdle();
    expect((await rows())[0]).toMatchObject({ status: 'Completed', attempts: 1, error: null });
  });

  it('with several batches in flight works on exactly that many at once, and one tick drains the queue', async () => {
    await queue(40);
    let active = 0;
    let mostActive = 0;
    const seen: string[] = [];
    const l = loop(
      {
        process: async (items) => {
          active += 1;
          mostActive = Math.max(mostActive, active);
          seen.push(...items.map((i) => i.id));
          await sleep(40);
          active -= 1;
          return items.map(() => outcome.done(null));
        },
      },
      { batchSize: 4, batchesInFlight: 3 },
    );
    expect(await l.tick()).toMatchObject({ claimed: 4, done: 4 });
    await l.whenIdle();
    expect(mostActive).toBe(3);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect((await rows()).every((r) => r.status === 'Completed' && r.locked_by === null)).toBe(true);
    expect(await queueRows(db.dataSource, def)).toHaveLength(0);
  });

  it('with one batch in flight never runs two batches at once, however many ticks are asked for', async () => {
    await queue(12);
    let active = 0;
    let mostActive = 0;
    const l = loop(
      {
        process: async (items) => {
          active += 1;
          mostActive = Math.max(mostActive, active);
          await sleep(20);
          active -= 1;
          return items.map(() => outcome.done(null));
        },
      },
      { batchSize: 3 },
    );
    await Promise.all([l.tick(), l.tick(), l.tick(), l.tick()]);
    await l.whenIdle();
    expect(mostActive).toBe(1);
    expect((await rows()).every((r) => r.status === 'Completed')).toBe(true);
  });

  it('on stop with several batches in flight: waits for all of them and claims nothing more', async () => {
    await queue(20);
    const started: string[] = [];
    const l = loop(
      scripted(async () => (await sleep(300), outcome.done(null)), started),
      { batchSize: 2, concurrency: 2, batchesInFlight: 2 },
    );
    void l.tick();
    await sleep(150);
    await l.stop(10_000);
    await l.whenIdle();
    expect(started).toHaveLength(4);
    const after = await rows();
    expect(after.filter((r) => r.status === 'Completed')).toHaveLength(4);
    expect(after.filter((r) => r.status === 'Queued' && r.attempts === 0 && r.locked_by === null)).toHaveLength(16);
    expect(await l.tick()).toBeNull();
  });

  it('on stop: claims nothing more, finishes in-flight items, returns unstarted ones without using an attempt', async () => {
    await queue(5);
    const started: string[] = [];
    const l = loop(
      scripted(async () => (await sleep(400), outcome.done(null)), started),
      { concurrency: 1 },
    );
    const tick = l.tick();
    await sleep(100);
    await l.stop(10_000);
    const result = await tick;
    expect(started).toHaveLength(1);
    expect(result).toMatchObject({ claimed: 5, done: 1, released: 4 });
    const after = await rows();
    expect(after.filter((r) => r.status === 'Completed')).toHaveLength(1);
    expect(after.filter((r) => r.status === 'Queued').map((r) => [r.attempts, r.locked_by])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [0, null],
    ]);
    expect(await l.tick()).toBeNull();
  });

  it('after the shutdown deadline returns rows still being worked on to the queue', async () => {
    await queue(2);
    const l = loop(scripted(() => new Promise<Outcome<null>>(() => undefined)));
    void l.tick();
    await sleep(100);
    await l.stop(300);
    expect((await rows()).map((r) => [r.status, r.locked_by, r.error])).toEqual([
      ['Queued', null, 'the worker shut down before finishing; queued again'],
      ['Queued', null, 'the worker shut down before finishing; queued again'],
    ]);
  });

  it('retries the done items when their results cannot be saved, and rolls back the partial writes', async () => {
    await queue(2);
    const l = loop({
      process: async (items) => items.map(() => outcome.done(null)),
      persist: async (manager) => {
        await manager.query(`UPDATE local_businesses SET business_name = 'written by persist'`);
        throw new Error('disk full');
      },
    });
    const result = await l.tick();
    expect(result).toMatchObject({ done: 0, retried: 2 });
    const after = await db.dataSource.query(
      `SELECT business_name, domain_extraction_status::text AS s, domain_extraction_error AS e FROM local_businesses`,
    );
    expect(after).toEqual([
      { business_name: 'Business 1', s: 'Queued', e: 'could not save the results: disk full' },
      { business_name: 'Business 2', s: 'Queued', e: 'could not save the results: disk full' },
    ]);
  });

  it('drops the outcome of a row whose lease was lost to the sweep (no double completion)', async () => {
    await queue(1);
    const l = loop(
      scripted(async () => {
        // someone else rescued and re-claimed the row meanwhile
        await db.dataSource.query(`UPDATE ${queueTableOf(def)} SET locked_by = 'other-worker'`);
        return outcome.failed('late');
      }),
    );
    expect(await l.tick()).toMatchObject({ claimed: 1, lost: 1 });
    // The curated row still says queued while the other worker's flight is on; nothing of ours was written.
    expect((await rows())[0]).toMatchObject({ status: 'Queued', error: null });
    expect(await queueRows(db.dataSource, def)).toMatchObject([{ locked_by: 'other-worker', attempts: 1 }]);
  });

  it("keeps working when another workflow's handler fails every time", async () => {
    const ids = await queue(4);
    const broken = loop(
      scripted(() => {
        throw new Error('boom');
      }),
      {},
      'broken',
    );
    const healthy = loop(
      scripted(() => outcome.done(null)),
      {},
      'healthy',
    );
    await db.dataSource.query(`UPDATE local_businesses SET domain_extraction_status_next_attempt_at = NULL`);
    await broken.tick();
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status_next_attempt_at = NULL WHERE id = ANY($1)`,
      [ids],
    );
    const result = await healthy.tick();
    expect(result?.done).toBe(4);
  });
});

// Keeps the generic parameter honest: any ObjectLiteral handler type-checks against the loop.
export type _LoopAcceptsAnyEntity = SchedulerLoop<ObjectLiteral>;
