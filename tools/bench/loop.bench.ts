// npm run bench:loop: rows per second and statements per cycle of the SDK scheduler loop (no-op handler
// and WF3) at batch sizes 10, 100 and 1000, in the same run as the reference system's loop pattern and
// graphile-worker (default and batched configuration). Uses BENCH_DATABASE_URL (a server; the bench
// creates and drops its own database there), else a throwaway embedded PostgreSQL.
import { Logger } from '@nestjs/common';
import { run, runMigrations } from 'graphile-worker';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import {
  LocalBusinessEntity,
  openDataSource,
  outcome,
  queryRecorder,
  SchedulerLoop,
  WF3_DOMAIN_EXTRACTION,
  WorkflowHandler,
} from '@curation/sdk';
import { buildLoopStatements, Wf3DomainExtractionHandler } from '@curation/sdk/worker';

import {
  allDoneAckParams,
  benchServer,
  machineLine,
  migratedDatabase,
  runBench,
  seedQueuedBusinesses,
} from './bench-support';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const NAIVE_ROWS = Number(process.env.BENCH_NAIVE_ROWS ?? 5_000);
const WARM_UP_ROWS = 5_000;
/** [batch size, batches in flight] of each SDK loop scenario. */
const LOOP_CONFIGURATIONS: readonly (readonly [number, number])[] = [
  [10, 1],
  [100, 1],
  [100, 2],
  [100, 3],
  [1000, 1],
];

interface Row {
  scenario: string;
  batch: string;
  rows: number;
  seconds: number;
  perSecond: number;
  statementsPerCycle: string;
  /** Row versions written to local_businesses per drained row, and how many of them were HOT. */
  hot: string;
}

interface TableCounters {
  readonly updates: number;
  readonly hot: number;
}

/**
 * The table's update counters once every backend of the run has flushed them: PostgreSQL 15 flushes a
 * backend's statistics within a second of it going idle, so the counters are read until they stand still.
 */
async function tableCounters(ds: DataSource): Promise<TableCounters> {
  const read = async (): Promise<TableCounters> => {
    const [row] = await ds.query(
      `SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'local_businesses'`,
    );
    return row;
  };
  let last = await read();
  for (let waited = 0; waited < 12_000; waited += 1_200) {
    await new Promise((r) => setTimeout(r, 1_200));
    const next = await read();
    if (next.updates === last.updates) return next;
    last = next;
  }
  return last;
}

function hotLine(before: TableCounters, after: TableCounters, rows: number): string {
  const updates = after.updates - before.updates;
  const hot = after.hot - before.hot;
  return `${(updates / rows).toFixed(1)} per row, ${updates > 0 ? Math.round((100 * hot) / updates) : 0}% HOT`;
}

async function drainLoop<R>(
  ds: DataSource,
  scenario: string,
  batch: number,
  handler: WorkflowHandler<LocalBusinessEntity, R>,
  batchesInFlight = 1,
  rows = ROWS,
): Promise<Row> {
  await seedQueuedBusinesses(ds, rows);
  const before = await tableCounters(ds);
  const loop = new SchedulerLoop(ds, WF3_DOMAIN_EXTRACTION, handler, {
    owner: 'bench',
    tuning: { ...WF3_DOMAIN_EXTRACTION.defaults, batchSize: batch, concurrency: 1, batchesInFlight },
  });
  const started = process.hrtime.bigint();
  // A full batch starts the next tick by itself (in a free slot, or when a tick ends), so one tick drains
  // the queue; the recorder follows the ticks it starts, so every statement of the drain is counted.
  const { unit } = await queryRecorder.run('bench', async () => {
    await loop.tick();
    await loop.whenIdle();
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [{ done }] = await ds.query(
    `SELECT count(*)::int AS done FROM local_businesses WHERE domain_extraction_status = 'Completed'`,
  );
  if (done !== rows) throw new Error(`${scenario}: ${done} of ${rows} completed`);
  const after = await tableCounters(ds);
  return {
    scenario: batchesInFlight > 1 ? `${scenario}, ${batchesInFlight} batches in flight` : scenario,
    batch: String(batch),
    rows,
    seconds,
    perSecond: rows / seconds,
    statementsPerCycle: (unit.queries.length / Math.ceil(rows / batch)).toFixed(1),
    hot: hotLine(before, after, rows),
  };
}

/**
 * The loop's own claim and acknowledgement statements, sent back to back on `connections` pg clients, with no
 * SDK loop and no entities: what the database alone can do with this design at this batch size on this machine
 * (the ceiling any loop built on these statements can reach, Node's share of the CPU aside).
 */
async function drainStatements(url: string, ds: DataSource, batch: number, connections: number): Promise<Row> {
  await seedQueuedBusinesses(ds, ROWS);
  const sql = buildLoopStatements(WF3_DOMAIN_EXTRACTION);
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let statements = 0;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      clients.map(async (client, i) => {
        for (;;) {
          const owner = `bench-${i}`;
          const { rows } = await client.query<{ id: string }>(sql.claim, [owner, 60_000, batch]);
          statements += 1;
          if (rows.length === 0) return;
          const ids = rows.map((r) => r.id);
          await client.query(sql.acknowledge, allDoneAckParams(ids, owner));
          statements += 1;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    scenario: `the loop's statements alone, ${connections} connection${connections > 1 ? 's' : ''}`,
    batch: String(batch),
    rows: ROWS,
    seconds,
    perSecond: ROWS / seconds,
    statementsPerCycle: (statements / Math.ceil(ROWS / batch)).toFixed(1),
    hot: 'n/a',
  };
}

/** The reference loop (reference-system.md §4.1): claim ids, then per item its own session, a SELECT and an UPDATE. */
async function drainNaive(ds: DataSource, batch: number): Promise<Row> {
  await seedQueuedBusinesses(ds, NAIVE_ROWS);
  const before = await tableCounters(ds);
  let statements = 0;
  let cycles = 0;
  const started = process.hrtime.bigint();
  for (;;) {
    const { result: ids, unit } = await queryRecorder.run('naive', async () => {
      const claimed: string[] = await ds.transaction(async (m) => {
        const rows: { id: string }[] = await m.query(
          `SELECT id FROM local_businesses WHERE domain_extraction_status = 'Queued' ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch],
        );
        if (rows.length > 0)
          await m.query(
            `UPDATE local_businesses SET domain_extraction_status = 'Processing' WHERE id = ANY($1::uuid[])`,
            [rows.map((r) => r.id)],
          );
        return rows.map((r) => r.id);
      });
      for (const id of claimed) {
        await ds.transaction(async (m) => {
          await m.query(`SELECT * FROM local_businesses WHERE id = $1`, [id]);
          await m.query(
            `UPDATE local_businesses SET domain_extraction_status = 'Completed', updated_at = now() WHERE id = $1`,
            [id],
          );
        });
      }
      return claimed;
    });
    if (ids.length === 0) break;
    cycles += 1;
    statements += unit.queries.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = await tableCounters(ds);
  return {
    scenario: 'reference pattern (no-op)',
    batch: String(batch),
    rows: NAIVE_ROWS,
    seconds,
    perSecond: NAIVE_ROWS / seconds,
    statementsPerCycle: (statements / cycles).toFixed(1),
    hot: hotLine(before, after, NAIVE_ROWS),
  };
}

async function drainGraphile(
  url: string,
  label: string,
  preset: {
    concurrentJobs?: number;
    localQueue?: { size: number };
    completeJobBatchDelay?: number;
    failJobBatchDelay?: number;
  },
): Promise<Row> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DELETE FROM graphile_worker._private_jobs`);
  await client.query(
    `SELECT graphile_worker.add_jobs(array(
       SELECT json_populate_record(null::graphile_worker.job_spec, json_build_object('identifier', 'noop', 'payload', '{}'::json))
         FROM generate_series(1, $1::int)))`,
    [ROWS],
  );
  await client.end();
  let completed = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const started = process.hrtime.bigint();
  const runner = await run({
    connectionString: url,
    noHandleSignals: true,
    taskList: {
      noop: async () => {
        completed += 1;
        if (completed === ROWS) finish();
      },
    },
    logger: undefined,
    preset: { worker: { ...preset, logger: quietGraphileLogger() } },
  });
  await allDone;
  // completion is acknowledged after the task returns; wait until the table is empty
  const check = new Client({ connectionString: url });
  await check.connect();
  while (Number((await check.query(`SELECT count(*) AS n FROM graphile_worker._private_jobs`)).rows[0].n) > 0)
    await new Promise((r) => setTimeout(r, 5));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await check.end();
  await runner.stop();
  // graphile-worker ends its pool asynchronously; give it a moment before the database is dropped
  await new Promise((r) => setTimeout(r, 500));
  return {
    scenario: `graphile-worker ${label} (no-op)`,
    batch: '-',
    rows: ROWS,
    seconds,
    perSecond: ROWS / seconds,
    statementsPerCycle: 'n/a',
    hot: 'n/a',
  };
}

function quietGraphileLogger() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Logger: GraphileLogger } = require('graphile-worker') as {
    Logger: new (factory: () => (level: string, message: string) => void) => unknown;
  };
  return new GraphileLogger(() => (level: string, message: string) => {
    if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
  }) as never;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const pg = await benchServer('loop');
  const database = await migratedDatabase(pg, 'curation_bench');
  const { url, version } = database;
  const results: Row[] = [];
  let indexes: string[] = [];
  try {
    await runMigrations({ connectionString: url, logger: quietGraphileLogger() });
    const ds = await openDataSource({ url, poolMax: 4, applicationName: 'curation-bench' });
    try {
      indexes = (
        await ds.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'local_businesses' ORDER BY indexname`)
      ).map((r: { indexdef: string }) => r.indexdef.replace(' ON public.local_businesses USING', ''));
      const noop: WorkflowHandler<LocalBusinessEntity, null> = {
        process: async (items) => items.map(() => outcome.done(null)),
      };
      // Not recorded: the first drain of a run pays for a cold cache and cold plans (up to 2x slower), so the
      // first measured scenario would not be comparable with the others.
      await drainLoop(ds, 'warm-up', 100, noop, 1, WARM_UP_ROWS);
      const wf3 = new Wf3DomainExtractionHandler();
      for (const [batch, inFlight] of LOOP_CONFIGURATIONS)
        results.push(await drainLoop(ds, 'SDK loop, no-op handler', batch, noop, inFlight));
      for (const [batch, inFlight] of LOOP_CONFIGURATIONS)
        results.push(await drainLoop(ds, 'SDK loop, WF3 handler', batch, wf3, inFlight));
      for (const connections of [1, 2, 3]) results.push(await drainStatements(url, ds, 100, connections));
      results.push(await drainNaive(ds, 10));
      results.push(await drainNaive(ds, 100));
    } finally {
      await ds.destroy();
    }
    results.push(await drainGraphile(url, 'default config', {}));
    results.push(
      await drainGraphile(url, 'batched (concurrency 24, local queue 500, batched completion)', {
        concurrentJobs: 24,
        localQueue: { size: 500 },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
      }),
    );
  } finally {
    await database.drop();
    await pg.stop();
  }
  const lines = [
    `bench:loop on ${machineLine()}, ${pg.kind} ${version}`,
    '',
    '| scenario | batch | rows | seconds | rows/s | statements/cycle | row versions written |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.batch} | ${r.rows} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond)} | ${r.statementsPerCycle} | ${r.hot} |`,
    ),
    '',
    `local_businesses indexes (every one takes an entry per non-HOT row version whose new row matches its predicate):`,
    ...indexes.map((i) => `- ${i}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

runBench(main);
