import { WorkflowDefinition } from '../workflows/workflow-definition';
import { literal, onFailureAssignment, sqlNames } from '../workflows/workflow-sql';

/** The loop's five statements for one workflow, built once from its definition. */
export interface LoopStatements {
  /**
   * $1 processing, $2 owner, $3 lease ms, $4 queued, $5 batch size. Returns the claimed rows in full.
   * `id = ANY(ARRAY(sub-select))` rather than `id IN (sub-select)`: the planner turns IN into a hash
   * semi-join over a sequential scan of the whole table, ANY(ARRAY()) into primary-key lookups.
   * It leaves the updated-at column alone, as the reference's claim did: a claimed row has left the queue,
   * and every statement that returns it (acknowledgement, sweep, release) stamps it, so neither the claim
   * order nor the oldest-queued age ever reads the claim's time, while each index keyed on it would take
   * a new key (a page split more often than not) on every claim.
   */
  readonly claim: string;
  /**
   * One statement for every outcome of a batch: $1 ids, $2 kinds (done|fail|retry|release|defer), $3 reasons,
   * $4 retry delays (ms), $5 done, $6 failed, $7 queued, $8 processing, $9 owner.
   */
  readonly acknowledge: string;
  /** $1 ids, $2 lease ms, $3 processing, $4 owner. Returns the ids still held by this owner (renewals won). */
  /** $1 pause ms, $2 reason, $3 owner. Pauses the workflow in every worker; an existing longer pause stays. */
  readonly pause: string;
  readonly renew: string;
  /** $1 processing, $2 failed, $3 queued, $4 max attempts. */
  readonly sweep: string;
  /**
   * $1 processing, $2 queued, $3 owner, $4 reason, $5 failed, $6 max attempts. Returns every row this owner
   * still holds to the queue; a row on its last attempt fails instead (its attempt was used, as on a lease expiry).
   */
  readonly releaseOwned: string;
}

export function buildLoopStatements(def: WorkflowDefinition): LoopStatements {
  const n = sqlNames(def);
  const s = n.statusCast;
  return {
    claim: `UPDATE ${n.table} SET ${n.status} = $1${s}, ${n.attempts} = ${n.attempts} + 1, ${n.lockedBy} = $2,
              ${n.leaseExpiresAt} = now() + $3::float8 * interval '1 millisecond'
            WHERE ${n.id} = ANY(ARRAY(
              SELECT ${n.id} FROM ${n.table}
               WHERE ${n.status} = $4${s} AND (${n.nextAttemptAt} IS NULL OR ${n.nextAttemptAt} <= now())
                 AND NOT EXISTS (SELECT 1 FROM "workflow_pauses" p WHERE p."workflow_id" = ${literal(def.id)} AND p."paused_until" > now())
               ORDER BY ${n.order}, ${n.id}
               LIMIT $5::int
               FOR UPDATE SKIP LOCKED))
            RETURNING *`,
    acknowledge: `UPDATE ${n.table} AS t SET
              ${n.status} = (CASE v.kind WHEN 'done' THEN $5 WHEN 'fail' THEN $6 ELSE $7 END)${s},
              ${n.error} = CASE v.kind WHEN 'done' THEN NULL WHEN 'release' THEN t.${n.error} ELSE v.reason END,
              ${n.attempts} = CASE WHEN v.kind IN ('release', 'defer') THEN greatest(t.${n.attempts} - 1, 0) ELSE t.${n.attempts} END,
              ${n.nextAttemptAt} = CASE WHEN v.kind IN ('retry', 'defer') THEN now() + v.delay_ms * interval '1 millisecond' ELSE NULL END,
              ${n.lockedBy} = NULL, ${n.leaseExpiresAt} = NULL, ${n.updatedAt} = now()${onFailureAssignment(def, `v.kind = 'fail'`, 't.')}
            FROM unnest($1${n.idArray}, $2::text[], $3::text[], $4::int[]) AS v(id, kind, reason, delay_ms)
            WHERE t.${n.id} = v.id AND t.${n.status} = $8${s} AND t.${n.lockedBy} = $9
            RETURNING t.${n.id} AS id`,
    pause: `INSERT INTO "workflow_pauses" AS w ("workflow_id", "paused_until", "reason", "paused_by", "updated_at")
             VALUES (${literal(def.id)}, now() + $1::float8 * interval '1 millisecond', $2, $3, now())
             ON CONFLICT ("workflow_id") DO UPDATE SET "paused_until" = greatest(w."paused_until", EXCLUDED."paused_until"),
               "reason" = EXCLUDED."reason", "paused_by" = EXCLUDED."paused_by", "updated_at" = now()
             RETURNING "paused_until"`,
    renew: `UPDATE ${n.table} SET ${n.leaseExpiresAt} = now() + $2::float8 * interval '1 millisecond'
             WHERE ${n.id} = ANY($1${n.idArray}) AND ${n.status} = $3${s} AND ${n.lockedBy} = $4
            RETURNING ${n.id} AS id`,
    // Rows the reference system left in processing without a lease got an expired one by migration
    // 1795910400006, so an expired lease is the only case.
    sweep: `UPDATE ${n.table} SET
              ${n.status} = (CASE WHEN ${n.attempts} >= $4::int THEN $2 ELSE $3 END)${s},
              ${n.error} = left(CASE WHEN ${n.attempts} >= $4::int
                  THEN 'lease expired on attempt ' || ${n.attempts} || ' of ' || $4::int || ': the worker ' || coalesce(${n.lockedBy}, '(unknown)') || ' stopped before finishing; giving up'
                  ELSE 'lease expired on attempt ' || ${n.attempts} || ': the worker ' || coalesce(${n.lockedBy}, '(unknown)') || ' stopped before finishing; queued again' END, 1024),
              ${n.nextAttemptAt} = NULL, ${n.lockedBy} = NULL, ${n.leaseExpiresAt} = NULL, ${n.updatedAt} = now()${onFailureAssignment(def, `${n.attempts} >= $4::int`)}
            WHERE ${n.status} = $1${s}
              AND ${n.leaseExpiresAt} < now()
            RETURNING ${n.id} AS id, ${n.status}::text AS status`,
    releaseOwned: `UPDATE ${n.table} SET
              ${n.status} = (CASE WHEN ${n.attempts} >= $6::int THEN $5 ELSE $2 END)${s},
              ${n.error} = CASE WHEN ${n.attempts} >= $6::int THEN 'gave up after ' || ${n.attempts} || ' attempts: ' || $4 ELSE $4 || '; queued again' END,
              ${n.lockedBy} = NULL, ${n.leaseExpiresAt} = NULL, ${n.nextAttemptAt} = NULL, ${n.updatedAt} = now()${onFailureAssignment(def, `${n.attempts} >= $6::int`)}
            WHERE ${n.status} = $1${s} AND ${n.lockedBy} = $3
            RETURNING ${n.id} AS id`,
  };
}
