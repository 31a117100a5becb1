// npm run bench:loop-designs: the issue-16 design question for the loop's hot path, measured rather than argued.
// The same 20,000 queued local_businesses rows drained at batch 100 by raw claim/ack statements under three
// designs: (a) today's (claim and ack each write a version of the wide row), (b) a narrow lease table that the
// claim inserts into (the wide row is written once, at the ack), (c) today's statements with only the four
// indexes the loop itself needs. No handler, no SDK loop: what is left is the storage cost of each design.
import { Client } from 'pg';

import { benchServer, machineLine, migratedDatabase, runBench, seedQueuedBusinesses } from './bench-support';

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
  readonly onlyLoopIndexes?: boolean;
}

const DESIGNS: readonly Design[] = [
  { name: 'today: claim and ack write the wide row', claim: CLAIM_TODAY, ack: ACK_TODAY },
  { name: 'narrow lease table: the wide row written once', claim: CLAIM_LEASE_TABLE, ack: ACK_LEASE_TABLE },
  { name: 'today, only the 4 indexes the loop needs', claim: CLAIM_TODAY, ack: ACK_TODAY, onlyLoopIndexes: true },
];

async function reset(c: Client): Promise<void> {
  await seedQueuedBusinesses(c, ROWS);
  await c.query(`DROP TABLE IF EXISTS bench_leases`);
  await c.query(
    `CREATE TABLE bench_leases (row_id uuid PRIMARY KEY, locked_by text NOT NULL, lease_expires_at timestamptz NOT NULL)`,
  );
}

async function drain(c: Client, design: Design): Promise<number> {
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
    const claimed = await c.query<{ id: string }>(design.claim);
    if (claimed.rows.length === 0) break;
    drained += claimed.rows.length;
    await c.query(design.ack, [claimed.rows.map((r) => r.id)]);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (drained !== ROWS) throw new Error(`${design.name}: drained ${drained} of ${ROWS}`);
  return ROWS / seconds;
}

async function main(): Promise<void> {
  const pg = await benchServer('loop-designs');
  const lines: string[] = [];
  try {
    for (const design of DESIGNS) {
      // A database per design: dropping indexes must not leak into the next one.
      const database = await migratedDatabase(pg, 'curation_bench_designs');
      const c = new Client({ connectionString: database.url });
      await c.connect();
      try {
        lines.push(`| ${design.name} | ${BATCH} | ${ROWS} | ${Math.round(await drain(c, design))} |`);
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
      '| design | batch | rows | rows/s |',
      '|---|---:|---:|---:|',
      ...lines,
      '',
    ].join('\n'),
  );
}

runBench(main);
