import { queueContract } from '../workflows/queue-contract';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { ident, literal, onFailureAssignment, sqlNames } from '../workflows/workflow-sql';

/**
 * The loop's statements for one workflow, built once from its definition. The lease state of a flight (owner,
 * expiry, attempts) lives in the workflow's queue table (workflows/queue-contract.ts): the claim writes only
 * there, and each outcome writes the curated row once. No statement of the loop sets the curated row's
 * updated-at column: it says when people last changed the row, and with no index of the curated table on a
 * column the loop writes, the outcome's write is HOT (no index entry), which is what makes the loop cheap.
 * Every statement that writes both tables takes the queue rows first (the claim takes nothing else).
 */
export interface LoopStatements {
  /**
   * $1 owner, $2 lease ms, $3 batch size. Returns the claimed curated rows in full, plus the flight's attempt
   * count and lease as `__queue_attempts` and `__queue_lease_expires_at` (the curated row still holds the values
   * of its last outcome). `row_id = ANY(ARRAY(sub-select))` rather than `IN`: primary-key lookups, not a hash
   * semi-join over the whole queue.
   */
  readonly claim: string;
  /**
   * One statement for every outcome of a batch: $1 ids, $2 kinds (done|fail|retry|release|defer), $3 reasons,
   * $4 retry delays (ms), $5 done, $6 failed, $7 queued, $8 owner. Returns the ids this owner still held.
   */
  readonly acknowledge: string;
  /** $1 ids, $2 lease ms, $3 owner. Returns the ids still held by this owner (renewals won). */
  readonly renew: string;
  /** $1 pause ms, $2 reason, $3 owner. Pauses the workflow in every worker; an existing longer pause stays. */
  readonly pause: string;
  /** $1 failed, $2 queued, $3 max attempts. Returns the recovered ids and the label each now has. */
  readonly sweep: string;
  /**
   * $1 queued, $2 owner, $3 reason, $4 failed, $5 max attempts. Returns every row this owner still holds to the
   * queue; a row on its last attempt fails instead (its attempt was used, as on a lease expiry).
   */
  readonly releaseOwned: string;
}

export function buildLoopStatements(def: WorkflowDefinition): LoopStatements {
  const n = sqlNames(def);
  const s = n.statusCast;
  const q = ident(queueContract({ table: def.table, processingColumn: def.processing.column }).table);
  // The curated row once a flight ends with `status` (an SQL expression over `e`, the flight's queue row).
  const ended = (status: string, error: string, failed: string) => `${n.status} = (${status})${s},
              ${n.error} = ${error}, ${n.attempts} = e.attempts, ${n.nextAttemptAt} = NULL,
              ${n.lockedBy} = NULL, ${n.leaseExpiresAt} = NULL${onFailureAssignment(def, failed)}`;
  // The acknowledgement finds its queue rows by primary key, one probe per row of the batch: the owner test is
  // written IS NOT DISTINCT FROM (the same for an owner that is never NULL) so that the planner cannot walk the
  // lease index instead. Statistics taken while few rows were leased make that walk look like one row, and it
  // was planned as a nested loop over the batch for every leased row: 10,000 comparisons per 100-row batch.
  return {
    claim: `WITH c AS (
              UPDATE ${q} AS q SET locked_by = $1, lease_expires_at = now() + $2::float8 * interval '1 millisecond',
                     attempts = q.attempts + 1
               WHERE q.row_id = ANY(ARRAY(
                 SELECT row_id FROM ${q}
                  WHERE locked_by IS NULL AND run_at <= now()
                    AND NOT EXISTS (SELECT 1 FROM "workflow_pauses" p WHERE p."workflow_id" = ${literal(def.id)} AND p."paused_until" > now())
                  ORDER BY run_at, row_id
                  LIMIT $3::int
                  FOR UPDATE SKIP LOCKED))
              RETURNING q.row_id, q.attempts, q.lease_expires_at)
            SELECT t.*, c.attempts AS "__queue_attempts", c.lease_expires_at AS "__queue_lease_expires_at"
              FROM ${n.table} AS t JOIN c ON t.${n.id} = c.row_id`,
    acknowledge: `WITH v AS (
              SELECT * FROM unnest($1${n.idArray}, $2::text[], $3::text[], $4::int[]) AS v(id, kind, reason, delay_ms)
            ), back AS (
              UPDATE ${q} AS q SET locked_by = NULL, lease_expires_at = NULL,
                     run_at = now() + (CASE WHEN v.kind IN ('retry', 'defer') THEN v.delay_ms ELSE 0 END) * interval '1 millisecond',
                     attempts = CASE WHEN v.kind IN ('release', 'defer') THEN greatest(q.attempts - 1, 0) ELSE q.attempts END
                FROM v WHERE q.row_id = v.id AND q.locked_by IS NOT DISTINCT FROM $8 AND v.kind IN ('retry', 'release', 'defer')
              RETURNING q.row_id, q.attempts
            ), gone AS (
              DELETE FROM ${q} AS q USING v WHERE q.row_id = v.id AND q.locked_by IS NOT DISTINCT FROM $8 AND v.kind IN ('done', 'fail')
              RETURNING q.row_id, q.attempts
            ), e AS (SELECT * FROM back UNION ALL SELECT * FROM gone)
            UPDATE ${n.table} AS t SET
              ${n.status} = (CASE v.kind WHEN 'done' THEN $5 WHEN 'fail' THEN $6 ELSE $7 END)${s},
              ${n.error} = CASE v.kind WHEN 'done' THEN NULL WHEN 'release' THEN t.${n.error} ELSE v.reason END,
              ${n.attempts} = e.attempts,
              ${n.nextAttemptAt} = CASE WHEN v.kind IN ('retry', 'defer') THEN now() + v.delay_ms * interval '1 millisecond' ELSE NULL END,
              ${n.lockedBy} = NULL, ${n.leaseExpiresAt} = NULL${onFailureAssignment(def, `v.kind = 'fail'`, 't.')}
            FROM e JOIN v ON v.id = e.row_id
            WHERE t.${n.id} = e.row_id
            RETURNING t.${n.id} AS id`,
    pause: `INSERT INTO "workflow_pauses" AS w ("workflow_id", "paused_until", "reason", "paused_by", "updated_at")
             VALUES (${literal(def.id)}, now() + $1::float8 * interval '1 millisecond', $2, $3, now())
             ON CONFLICT ("workflow_id") DO UPDATE SET "paused_until" = greatest(w."paused_until", EXCLUDED."paused_until"),
               "reason" = EXCLUDED."reason", "paused_by" = EXCLUDED."paused_by", "updated_at" = now()
             RETURNING "paused_until"`,
    renew: `UPDATE ${q} SET lease_expires_at = now() + $2::float8 * interval '1 millisecond'
             WHERE row_id = ANY($1${n.idArray}) AND locked_by = $3
            RETURNING row_id AS id`,
    sweep: `WITH x AS (
              SELECT row_id, attempts, locked_by FROM ${q}
               WHERE locked_by IS NOT NULL AND lease_expires_at < now()
               ORDER BY lease_expires_at
               FOR UPDATE SKIP LOCKED
            ), back AS (
              UPDATE ${q} AS q SET locked_by = NULL, lease_expires_at = NULL, run_at = now()
                FROM x WHERE q.row_id = x.row_id AND x.attempts < $3::int
              RETURNING q.row_id
            ), gone AS (
              DELETE FROM ${q} AS q USING x WHERE q.row_id = x.row_id AND x.attempts >= $3::int
              RETURNING q.row_id
            ), e AS (
              SELECT x.* FROM x JOIN (SELECT row_id FROM back UNION ALL SELECT row_id FROM gone) w USING (row_id)
            )
            UPDATE ${n.table} AS t SET ${ended(
              `CASE WHEN e.attempts >= $3::int THEN $1 ELSE $2 END`,
              `left(CASE WHEN e.attempts >= $3::int
                  THEN 'lease expired on attempt ' || e.attempts || ' of ' || $3::int || ': the worker ' || e.locked_by || ' stopped before finishing; giving up'
                  ELSE 'lease expired on attempt ' || e.attempts || ': the worker ' || e.locked_by || ' stopped before finishing; queued again' END, 1024)`,
              `e.attempts >= $3::int`,
            )}
              FROM e WHERE t.${n.id} = e.row_id AND t.${n.id} = ANY(ARRAY(SELECT row_id FROM e))
            RETURNING t.${n.id} AS id, t.${n.status}::text AS status`,
    releaseOwned: `WITH x AS (
              SELECT row_id, attempts FROM ${q} WHERE locked_by = $2 FOR UPDATE
            ), back AS (
              UPDATE ${q} AS q SET locked_by = NULL, lease_expires_at = NULL, run_at = now()
                FROM x WHERE q.row_id = x.row_id AND x.attempts < $5::int
              RETURNING q.row_id
            ), gone AS (
              DELETE FROM ${q} AS q USING x WHERE q.row_id = x.row_id AND x.attempts >= $5::int
              RETURNING q.row_id
            ), e AS (
              SELECT x.* FROM x JOIN (SELECT row_id FROM back UNION ALL SELECT row_id FROM gone) w USING (row_id)
            )
            UPDATE ${n.table} AS t SET ${ended(
              `CASE WHEN e.attempts >= $5::int THEN $4 ELSE $1 END`,
              `CASE WHEN e.attempts >= $5::int THEN 'gave up after ' || e.attempts || ' attempts: ' || $3 ELSE $3 || '; queued again' END`,
              `e.attempts >= $5::int`,
            )}
              FROM e WHERE t.${n.id} = e.row_id AND t.${n.id} = ANY(ARRAY(SELECT row_id FROM e))
            RETURNING t.${n.id} AS id`,
  };
}
