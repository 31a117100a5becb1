import { ident } from '../database/quote-ident';
import { literal } from './workflow-sql';

/**
 * What a workflow's queue table is derived from. Frozen copies of these specs live in the migrations that
 * created the queue tables, so a later change to a definition cannot change what a migration did.
 */
export interface QueueContractSpec {
  readonly table: string;
  readonly processingColumn: string;
  readonly queued: string;
  readonly processing: string;
  readonly claimOrder: string;
  readonly idType: 'uuid' | 'integer';
  /** Default `id`. */
  readonly idColumn?: string;
}

export interface QueueContract {
  /** `<table>_<processing column>_queue`. */
  readonly table: string;
  /** The claim's index: claimable rows (no lease) in claim order. */
  readonly claimIndex: string;
  /** The sweep's index: leased rows by expiry. */
  readonly leaseIndex: string;
  /** The trigger function that keeps the queue in step with the curated table's processing column. */
  readonly syncFunction: string;
  readonly triggers: {
    readonly insert: string;
    readonly update: string;
    readonly delete: string;
    readonly truncate: string;
  };
}

export function queueContract(spec: Pick<QueueContractSpec, 'table' | 'processingColumn'>): QueueContract {
  const table = `${spec.table}_${spec.processingColumn}_queue`;
  return {
    table,
    claimIndex: `${table}_claim`,
    leaseIndex: `${table}_lease`,
    syncFunction: `${table}_sync`,
    triggers: {
      insert: `${table}_on_insert`,
      update: `${table}_on_update`,
      delete: `${table}_on_delete`,
      truncate: `${table}_on_truncate`,
    },
  };
}

/**
 * The statements that create (up) and remove (down) one workflow's queue table.
 *
 * The queue table is the loop's index of work: one narrow row per curated row whose processing status is
 * queued (or processing, for rows that arrive in that state: legacy data, a restore). The claim leases rows
 * there, so it writes no curated row; the acknowledgement writes each curated row once, and since no index of
 * the curated table holds the processing status any more, that write can be HOT. The loop's lease state
 * (owner, expiry, attempts of the flight) lives only here.
 *
 * Statement-level triggers keep the table in step with every write path: the API's status rule, the loop's
 * own acknowledgements, a handler creating queued rows downstream, an operator's SQL. One INSERT … SELECT and
 * one DELETE … USING per statement over its transition table, so a 10,000-row status change costs two
 * set-based statements, not 10,000 trigger calls. No foreign key: the curated tables are truncated by tests
 * and tools without CASCADE, so deletes and truncates are followed by triggers instead.
 */
export function queueMigration(spec: QueueContractSpec): {
  readonly up: readonly string[];
  readonly down: readonly string[];
} {
  const q = queueContract(spec);
  const t = ident(spec.table);
  const id = ident(spec.idColumn ?? 'id');
  const status = ident(spec.processingColumn);
  const p = spec.processingColumn;
  const attempts = ident(`${p}_attempts`);
  const lockedBy = ident(`${p}_locked_by`);
  const lease = ident(`${p}_lease_expires_at`);
  const next = ident(`${p}_next_attempt_at`);
  const order = ident(spec.claimOrder);
  const queued = literal(spec.queued);
  const processing = literal(spec.processing);
  const idType = spec.idType === 'uuid' ? 'uuid' : 'integer';
  // Rows entering the queue: queued ones are claimable from their next attempt, else at once, in claim order
  // (a claim-order time in the future, a clock ahead of the database's, counts as now: it orders, it does not delay);
  // rows written in processing (legacy data, a restore, an operator) bring their owner and lease, so the
  // sweep recovers them. A row already in the queue follows its curated row while no worker holds it (a
  // re-selection resets its attempts, a changed next attempt time moves it), as the claim read the curated
  // row before the queue existed; a flight in progress is the loop's alone.
  const enqueue = (
    rows: string,
  ) => `INSERT INTO ${ident(q.table)} AS q (row_id, run_at, attempts, locked_by, lease_expires_at)
      SELECT n.${id}, coalesce(n.${next}, least(n.${order}, now()), now()), coalesce(n.${attempts}, 0),
             CASE WHEN n.${status} = ${processing} THEN coalesce(n.${lockedBy}, '(unknown)') END,
             CASE WHEN n.${status} = ${processing} THEN coalesce(n.${lease}, now()) END
        FROM ${rows} n WHERE n.${status} IN (${queued}, ${processing})
      ON CONFLICT (row_id) DO UPDATE SET run_at = EXCLUDED.run_at, attempts = EXCLUDED.attempts,
             locked_by = EXCLUDED.locked_by, lease_expires_at = EXCLUDED.lease_expires_at
       WHERE (q.locked_by IS NULL OR EXCLUDED.locked_by IS NOT NULL)
         AND (q.run_at, q.attempts, q.locked_by, q.lease_expires_at)
             IS DISTINCT FROM (EXCLUDED.run_at, EXCLUDED.attempts, EXCLUDED.locked_by, EXCLUDED.lease_expires_at);`;
  return {
    up: [
      `CREATE TABLE ${ident(q.table)} (
         row_id ${idType} PRIMARY KEY,
         run_at timestamptz NOT NULL,
         attempts integer NOT NULL DEFAULT 0,
         locked_by text,
         lease_expires_at timestamptz,
         CONSTRAINT ${ident(`${q.table}_lease_check`)} CHECK ((locked_by IS NULL) = (lease_expires_at IS NULL))
       )`,
      `CREATE INDEX ${ident(q.claimIndex)} ON ${ident(q.table)} (run_at, row_id) WHERE locked_by IS NULL`,
      `CREATE INDEX ${ident(q.leaseIndex)} ON ${ident(q.table)} (lease_expires_at) WHERE locked_by IS NOT NULL`,
      `CREATE FUNCTION ${ident(q.syncFunction)}() RETURNS trigger LANGUAGE plpgsql AS $fn$
       BEGIN
         -- The rows to remove as an array of primary keys (= ANY(ARRAY(...))), probed one by one, never a join
         -- with the transition table: the join was planned as a hash join over a sequential scan of the whole
         -- queue (20,000 rows: 3 ms of a 100-row acknowledgement's 6), on every acknowledgement and status change.
         IF TG_OP = 'TRUNCATE' THEN
           TRUNCATE ${ident(q.table)};
         ELSIF TG_OP = 'DELETE' THEN
           DELETE FROM ${ident(q.table)} q WHERE q.row_id = ANY(ARRAY(SELECT o.${id} FROM old_rows o));
         ELSE
           ${enqueue('new_rows')}
           IF TG_OP = 'UPDATE' THEN
             -- A row that left both states (done, failed, de-selected) leaves the queue; a flight whose row
             -- was taken away this way has no lease left, so its acknowledgement changes nothing.
             DELETE FROM ${ident(q.table)} q WHERE q.row_id = ANY(ARRAY(
               SELECT n.${id} FROM new_rows n
                WHERE n.${status} IS DISTINCT FROM ${queued} AND n.${status} IS DISTINCT FROM ${processing}));
           END IF;
         END IF;
         RETURN NULL;
       END $fn$`,
      `CREATE TRIGGER ${ident(q.triggers.insert)} AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION ${ident(q.syncFunction)}()`,
      `CREATE TRIGGER ${ident(q.triggers.update)} AFTER UPDATE ON ${t} REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION ${ident(q.syncFunction)}()`,
      `CREATE TRIGGER ${ident(q.triggers.delete)} AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION ${ident(q.syncFunction)}()`,
      `CREATE TRIGGER ${ident(q.triggers.truncate)} AFTER TRUNCATE ON ${t}
         FOR EACH STATEMENT EXECUTE FUNCTION ${ident(q.syncFunction)}()`,
      // The rows already waiting or in flight when the table is created.
      enqueue(t).replace(/;$/, ''),
      `ANALYZE ${ident(q.table)}`,
    ],
    down: [
      `DROP TRIGGER ${ident(q.triggers.truncate)} ON ${t}`,
      `DROP TRIGGER ${ident(q.triggers.delete)} ON ${t}`,
      `DROP TRIGGER ${ident(q.triggers.update)} ON ${t}`,
      `DROP TRIGGER ${ident(q.triggers.insert)} ON ${t}`,
      `DROP FUNCTION ${ident(q.syncFunction)}()`,
      `DROP TABLE ${ident(q.table)}`,
    ],
  };
}
