import { createTestDatabase, insertBusinesses, TestDatabase } from '../../testing';
import { applyCurationStatus } from '../curation/apply-curation-status';
import { readWorkflowStatus } from '../curation/workflow-status';
import { LocalBusinessEntity } from '../entities/local-business.entity';
import { PlaceStatus } from '../enums/place-status.enum';
import { WorkflowTuning } from '../workflows/workflow-definition';
import { WF3_DOMAIN_EXTRACTION } from '../workflows/workflow-definitions';
import { buildLoopStatements } from './loop-sql';
import { Outcome, outcome, WorkflowHandler } from './outcome';
import { SchedulerLoop } from './scheduler-loop';

const def = WF3_DOMAIN_EXTRACTION;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const scripted = (fn: (item: LocalBusinessEntity) => Outcome<null>): WorkflowHandler<LocalBusinessEntity, null> => ({
  process: (items, ctx) => ctx.eachItem(items, async (item) => fn(item)),
});

/** Rate limits and pauses: work a service refuses for a while is put back without using an attempt. */
describe('SchedulerLoop defer and pause (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const queue = async (count: number): Promise<string[]> => {
    const ids = await insertBusinesses(
      db.dataSource,
      Array.from({ length: count }, (_, i) => `https://p${i}.example.com`),
    );
    await applyCurationStatus(db.dataSource, def, ids, PlaceStatus.Selected);
    return ids;
  };

  const loop = (handler: WorkflowHandler<LocalBusinessEntity, null>, over: Partial<WorkflowTuning>, owner: string) =>
    new SchedulerLoop<LocalBusinessEntity, null>(db.dataSource, def, handler, {
      owner,
      tuning: { ...def.defaults, ...over },
      random: () => 1,
    });

  const states = async () =>
    db.dataSource.query(
      `SELECT domain_extraction_status::text AS status, domain_extraction_status_attempts AS attempts,
              domain_extraction_error AS error,
              domain_extraction_status_next_attempt_at > now() AS waiting
         FROM local_businesses ORDER BY business_name`,
    );

  it('defers a rate-limited row after its delay without using an attempt, however often it happens', async () => {
    await queue(1);
    let calls = 0;
    // One attempt allowed: three rate limits in a row must not use it up.
    const handler = scripted(() => (++calls <= 3 ? outcome.defer('429: retry after 0.2 s', 200) : outcome.done(null)));
    const worker = loop(handler, { maxAttempts: 1 }, 'worker-a');
    expect(await worker.tick()).toMatchObject({ claimed: 1, deferred: 1, retried: 0, failed: 0 });
    expect(await states()).toEqual([{ status: 'Queued', attempts: 0, error: '429: retry after 0.2 s', waiting: true }]);
    // Not before its delay.
    expect(await worker.tick()).toBeNull();
    for (let round = 0; round < 3; round += 1) {
      await sleep(250);
      await worker.tick();
    }
    expect(calls).toBe(4);
    expect(await states()).toEqual([{ status: 'Completed', attempts: 1, error: null, waiting: null }]);
    await worker.stop(1000);
  });

  it('pauses the workflow in every worker: nothing is claimed until the pause ends, the status says why', async () => {
    await queue(6);
    let calls = 0;
    let refilled = false;
    const service = () => {
      calls += 1;
      return refilled ? outcome.done(null) : outcome.pause('DeBounce 402: credits exhausted', 600);
    };
    const a = loop(scripted(service), { batchSize: 2, maxAttempts: 1 }, 'worker-a');
    const b = loop(scripted(service), { batchSize: 2, maxAttempts: 1 }, 'worker-b');
    const first = await a.tick();
    expect(first).toMatchObject({ claimed: 2, deferred: 2, failed: 0 });
    expect(first?.pausedUntil).toBeInstanceOf(Date);

    // Four rows are still queued and claimable by their own columns, but neither worker claims them.
    expect(await b.tick()).toBeNull();
    expect(await a.tick()).toBeNull();
    expect(calls).toBe(2);
    const status = await readWorkflowStatus(db.dataSource, def);
    expect(status.paused).toMatchObject({ reason: 'DeBounce 402: credits exhausted', paused_by: 'worker-a' });
    expect(new Date(status.paused?.until ?? 0).getTime()).toBeGreaterThan(Date.now());

    // No row used its only attempt or ended failed.
    const during = await states();
    expect(during.every((r: { status: string; attempts: number }) => r.status === 'Queued' && r.attempts === 0)).toBe(
      true,
    );

    refilled = true;
    await sleep(700);
    expect((await readWorkflowStatus(db.dataSource, def)).paused).toBeNull();
    for (let round = 0; round < 5 && calls < 8; round += 1) await b.tick();
    expect((await states()).map((r: { status: string }) => r.status)).toEqual(Array(6).fill('Completed'));
    await a.stop(1000);
    await b.stop(1000);
  });

  it('keeps the longer of two pauses', async () => {
    await queue(1);
    const worker = loop(
      scripted(() => outcome.pause('key revoked', 60_000)),
      { batchSize: 1 },
      'worker-a',
    );
    const until = (await worker.tick())?.pausedUntil;
    // A second worker's shorter pause, recorded afterwards, does not shorten it.
    await db.dataSource.query(buildLoopStatements(def).pause, [10, 'credits exhausted', 'worker-b']);
    const [row] = await db.dataSource.query(`SELECT paused_until, reason, paused_by FROM workflow_pauses`);
    expect(new Date(row.paused_until).getTime()).toBe(until?.getTime());
    expect(row).toMatchObject({ reason: 'credits exhausted', paused_by: 'worker-b' });
    await worker.stop(1000);
  });
});
