// npm run bench:loop-designs: the issue-16 design question for the loop's hot path, measured rather than argued.
// The same 20,000 queued local_businesses rows drained at batch 100 by raw claim/ack statements under four
// designs: (a) before migration …0015 (claim and ack each write a version of the wide row, whose processing
// status was in two partial indexes), (b) a narrow lease table that the claim inserts into (the wide row is
// written once, at the ack), (c) (a) with only the four indexes the loop itself needed, (d) the loop's own
// statements since …0015 (a queue table per workflow; the outcome is a HOT write of the wide row). No
// handler, no SDK loop: what is left is the storage cost of each design.
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';

import { WF3_DOMAIN_EXTRACTION } from '@curation/sdk';
import { buildLoopStatements, MoveClaimsToQueueTables1795910400015 } from '@curation/sdk/worker';

import {
  allDoneAckParams,
  benchServer,
  machineLine,
  migratedDatabase,
  runBench,
  seedQueuedBusinesses,
} from './bench-support';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const BATCH = 100;

const CLAIM_TODAY = `UPDATE local_businesses SET domain_extraction_status = 'Processing',
    domain_extraction_status_attempts = domain_extraction_status_attempts + 1, domain_extraction_status_locked_by = 'bench',
    domain_extraction_status_lease_expires_at = now() + interval '1 minute'
  WHERE id = ANY(ARRAY(SELECT id FROM local_businesses WHERE domain_extraction_status = 'Queued'
    ORDER BY updated_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)) RETURNING *`;
const ACK_TODAY = `UPDATE local_businesses SET domain_extraction_status = 'Completed', domain_extraction_error = NULL,
    domain_extraction_status_locked_by = NULL, domain_extraction_status_lease_expires_at = NULL, updated_at = now()
  WHERE id = ANY($1::uuid[])`;
// The unique row_id is the lock that outlives the claim's transaction; ON CONFLICT keeps a racing claim's rows out.
const CLAIM_LEASE_TABLE = `WITH c AS (INSERT INTO bench_leases (row_id, locked_by, lease_expires_at)
    SELECT id, 'bench', now() + interval '1 minute' FROM local_businesses t
     WHERE domain_extraction_status = 'Queued' AND NOT EXISTS (SELECT 1 FROM bench_leases l WHERE l.row_id = t.id)
     ORDER BY updated_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    ON CONFLICT DO NOTHING RETURNING row_id)
  SELECT t.* FROM local_businesses t JOIN c ON c.row_id = t.id`;
const ACK_LEASE_TABLE = `WITH d AS (DELETE FROM bench_leases WHERE row_id = ANY($1::uuid[]) RETURNING row_id)
  UPDATE local_businesses t SET domain_extraction_status = 'Completed', domain_extraction_error = NULL, updated_at = now()
    FROM d WHERE t.id = d.row_id`;
const LOOP_INDEXES = new Set([
  'local_businesses_pkey',
  'local_businesses_place_id_key',
  'ix_local_businesses_domain_extraction_status_queued',
  'ix_local_businesses_domain_extraction_status_lease',
]);

interface Design {
  readonly name: string;
  readonly claim: string;
  readonly ack: string;
  readonly claimParams?: readonly unknown[];
  readonly ackParams?: (ids: readonly string[]) => readonly unknown[];
  readonly onlyLoopIndexes?: boolean;
  /** Runs on the schema since …0015; the other designs get …0015 reverted first. */
  readonly queueTables?: boolean;
}

const SDK = buildLoopStatements(WF3_DOMAIN_EXTRACTION);

const DESIGNS: readonly Design[] = [
  { name: 'before …0015: claim and ack write the wide row', claim: CLAIM_TODAY, ack: ACK_TODAY },
  { name: 'narrow lease table: the wide row written once', claim: CLAIM_LEASE_TABLE, ack: ACK_LEASE_TABLE },
  {
    name: 'before …0015, only the 4 indexes the loop needed',
    claim: CLAIM_TODAY,
    ack: ACK_TODAY,
    onlyLoopIndexes: true,
  },
  {
    name: 'since …0015: queue table, HOT outcome (the loop’s statements)',
    claim: SDK.claim,
    claimParams: ['bench', 60_000, BATCH],
    ack: SDK.acknowledge,
    ackParams: (ids) => allDoneAckParams(ids, 'bench'),
    queueTables: true,
  },
];

/** …0015 reverted through its own down(): the partial indexes back, the queue tables gone. */
async function revertQueueTables(c: Client): Promise<void> {
  const runner = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows };
  await new MoveClaimsToQueueTables1795910400015().down(runner as unknown as QueryRunner);
}

async function reset(c: Client): Promise<void> {
  await seedQueuedBusinesses(c, ROWS);
  await c.query(`DROP TABLE IF EXISTS bench_leases`);
  await c.query(
    `CREATE TABLE bench_leases (row_id uuid PRIMARY KEY, locked_by text NOT NULL, lease_expires_at timestamptz NOT NULL)`,
  );
}

/** The share of the curated table's updates that were HOT (no index entry written), once the counters settle. */
async function hotShare(c: Client): Promise<string> {
  let last = '';
  for (let i = 0; i < 20; i += 1) {
    await new Promise((r) => setTimeout(r, 300));
    await c.query(`SELECT pg_stat_clear_snapshot()`);
    const { rows } = await c.query<{ upd: string; hot: string }>(
      `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'local_businesses'`,
    );
    const now = `${rows[0].hot}/${rows[0].upd}`;
    if (now === last && Number(rows[0].upd) > 0)
      return `${Math.round((100 * Number(rows[0].hot)) / Number(rows[0].upd))}%`;
    last = now;
  }
  return 'n/a';
}

async function drain(c: Client, design: Design): Promise<{ rowsPerSecond: number; hot: string }> {
  if (!design.queueTables) await revertQueueTables(c);
  await reset(c);
  if (design.onlyLoopIndexes) {
    const { rows } = await c.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'local_businesses'`,
    );
    for (const { name } of rows) if (!LOOP_INDEXES.has(name)) await c.query(`DROP INDEX "${name}"`);
  }
  let drained = 0;
  const started = process.hrtime.bigint();
  for (;;) {
    const claimed = await c.query<{ id: string }>(design.claim, design.claimParams ? [...design.claimParams] : []);
    if (claimed.rows.length === 0) break;
    drained += claimed.rows.length;
    const ids = claimed.rows.map((r) => r.id);
    await c.query(design.ack, design.ackParams ? [...design.ackParams(ids)] : [ids]);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (drained !== ROWS) throw new Error(`${design.name}: drained ${drained} of ${ROWS}`);
  return { rowsPerSecond: ROWS / seconds, hot: await hotShare(c) };
}

async function main(): Promise<void> {
  const pg = await benchServer('loop-designs');
  const lines: string[] = [];
  try {
    // BENCH_DESIGNS=0015,before runs the designs whose names contain one of the words.
    const only = process.env.BENCH_DESIGNS?.split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
    for (const design of DESIGNS.filter((d) => !only || only.some((w) => d.name.includes(w)))) {
      // A database per design: dropping indexes must not leak into the next one.
      const database = await migratedDatabase(pg, 'curation_bench_designs');
      const c = new Client({ connectionString: database.url });
      await c.connect();
      try {
        const { rowsPerSecond, hot } = await drain(c, design);
        lines.push(`| ${design.name} | ${BATCH} | ${ROWS} | ${Math.round(rowsPerSecond)} | ${hot} |`);
      } finally {
        await c.end();
        await database.drop();
      }
    }
  } finally {
    await pg.stop();
  }
  process.stdout.write(
    [
      `bench:loop-designs on ${machineLine()}, ${pg.kind}`,
      '',
      '| design | batch | rows | rows/s | HOT updates |',
      '|---|---:|---:|---:|---:|',
      ...lines,
      '',
    ].join('\n'),
  );
}

runBench(main);
