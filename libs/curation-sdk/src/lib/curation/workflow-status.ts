import { DataSource } from 'typeorm';

import { WorkflowDefinition } from '../workflows/workflow-definition';
import { ident, sqlNames } from '../workflows/workflow-sql';

export interface WorkflowStatus {
  readonly workflow: string;
  readonly table: string;
  readonly curation_column: string | null;
  readonly processing_column: string;
  /** Rows per curation label (absent for WF1); `null` counts rows without one. */
  readonly curation_counts: Record<string, number>;
  /** Rows per processing label; `null` counts rows never queued. */
  readonly processing_counts: Record<string, number>;
  /** Seconds since the oldest queued row was queued (its claim-order timestamp); null when nothing waits. */
  readonly oldest_queued_age_seconds: number | null;
  /** Rows in processing whose lease has expired: a worker died and the sweep has not run yet. */
  readonly expired_leases: number;
  readonly latest_errors: readonly { id: string | number; error: string; updated_at: string }[];
  /** Set while a service has paused the workflow (e.g. DeBounce out of credits): no worker claims until `until`. */
  readonly paused: { readonly until: string; readonly reason: string; readonly paused_by: string | null } | null;
}

/** One statement per workflow: what an operator needs to see whether it is healthy. */
export async function readWorkflowStatus(
  dataSource: DataSource,
  def: WorkflowDefinition,
  errorLimit = 5,
): Promise<WorkflowStatus> {
  const n = sqlNames(def);
  const curation = def.curation ? ident(def.curation.column) : null;
  const curationCounts = curation
    ? `(SELECT coalesce(json_object_agg(coalesce(k, 'null'), c), '{}'::json) FROM (SELECT ${curation}::text AS k, count(*)::int AS c FROM ${n.table} GROUP BY 1) s)`
    : `'{}'::json`;
  const [row] = await dataSource.query(
    `SELECT ${curationCounts} AS curation_counts,
            (SELECT coalesce(json_object_agg(coalesce(k, 'null'), c), '{}'::json) FROM (SELECT ${n.status}::text AS k, count(*)::int AS c FROM ${n.table} GROUP BY 1) s) AS processing_counts,
            (SELECT round(extract(epoch FROM now() - min(${n.order})))::int FROM ${n.table} WHERE ${n.status} = $1${n.statusCast}) AS oldest_queued_age_seconds,
            (SELECT count(*)::int FROM ${n.table} WHERE ${n.status} = $2${n.statusCast} AND ${n.leaseExpiresAt} < now()) AS expired_leases,
            (SELECT coalesce(json_agg(e), '[]'::json) FROM (
               SELECT ${n.id} AS id, ${n.error} AS error, ${n.updatedAt} AS updated_at FROM ${n.table}
                WHERE ${n.error} IS NOT NULL ORDER BY ${n.updatedAt} DESC LIMIT $3::int) e) AS latest_errors,
            (SELECT json_build_object('until', p.paused_until, 'reason', p.reason, 'paused_by', p.paused_by)
               FROM "workflow_pauses" p WHERE p.workflow_id = $4 AND p.paused_until > now()) AS paused`,
    [def.processing.queued, def.processing.processing, errorLimit, def.id],
  );
  return {
    workflow: def.id,
    table: def.table,
    curation_column: def.curation?.column ?? null,
    processing_column: def.processing.column,
    ...row,
  };
}
