import { DataSource } from 'typeorm';

import { queueContract } from '../workflows/queue-contract';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { ident, literal, sqlNames } from '../workflows/workflow-sql';

export interface WorkflowStatus {
  readonly workflow: string;
  readonly table: string;
  readonly curation_column: string | null;
  readonly processing_column: string;
  /** Rows per curation label (absent for WF1); `null` counts rows without one. */
  readonly curation_counts: Record<string, number>;
  /** Rows per processing label; `null` counts rows never queued. */
  readonly processing_counts: Record<string, number>;
  /**
   * True when a count of this entry is not exact: the table is past the exact-count cap, so labels are the
   * planner's statistics scaled to the live row count, and the queued/processing labels, the expired leases,
   * are exact only up to the cap. Labels too rare to appear in the statistics' sample are then absent.
   */
  readonly counts_are_estimates: boolean;
  /** Seconds the oldest claimable row has waited (since it was queued, or its retry fell due); null when nothing waits. */
  readonly oldest_queued_age_seconds: number | null;
  /** Rows in processing whose lease has expired: a worker died and the sweep has not run yet. */
  readonly expired_leases: number;
  /** The newest failures among the table's most recently updated rows ({@link LATEST_ERRORS_WINDOW}). */
  readonly latest_errors: readonly { id: string | number; error: string; updated_at: string }[];
  /** Set while a service has paused the workflow (e.g. DeBounce out of credits): no worker claims until `until`. */
  readonly paused: { readonly until: string; readonly reason: string; readonly paused_by: string | null } | null;
  /**
   * Rows that ended done or failed in the last hour, by their updated_at: read from the newest
   * {@link EXACT_COUNT_CAP} updates only, so `at_least` says the true figures may be higher.
   */
  readonly last_hour: { readonly done: number; readonly failed: number; readonly at_least: boolean };
  /** Workers holding leases now (from the queue table's lease index, capped), with their rows and earliest expiry. */
  readonly lease_holders: readonly {
    readonly worker: string;
    readonly rows: number;
    readonly lease_expires_at: string;
  }[];
}

/** Tables with at most this many rows are counted exactly; every count past it is capped or estimated. */
export const EXACT_COUNT_CAP = 1000;

/**
 * How many of a table's most recently updated rows are searched for latest_errors. No index covers
 * "error is not null", so an unbounded search walks the whole updated_at index when errors are rare;
 * a failure older than this many later updates drops out of the list (its label count still shows it).
 */
export const LATEST_ERRORS_WINDOW = 1000;

export interface WorkflowStatusOptions {
  /** Latest errors per workflow; default 5. */
  readonly errorLimit?: number;
  /** Default {@link EXACT_COUNT_CAP}. */
  readonly exactCountCap?: number;
}

interface ColumnStats {
  readonly table: string;
  readonly column: string;
  readonly null_frac: number;
  readonly vals: string[] | null;
  readonly freqs: number[] | null;
}

interface Probe {
  /** Rows per table, counted up to cap + 1 from the primary key. */
  readonly sizes: Record<string, number>;
  /** Live rows per table by the statistics collector (or the last ANALYZE). */
  readonly live: Record<string, number>;
  readonly stats: ColumnStats[];
  readonly pauses: { workflow_id: string; until: string; reason: string; paused_by: string | null }[];
}

interface LiveRow {
  readonly counts?: { curation: Record<string, number>; processing: Record<string, number> };
  /** Only for tables past the cap (an exact table's counts hold them). */
  readonly queued?: number;
  readonly processing?: number;
  readonly oldest_queued_age_seconds: number | null;
  readonly expired_leases: number;
  readonly latest_errors: WorkflowStatus['latest_errors'];
  readonly last_hour: WorkflowStatus['last_hour'];
  readonly lease_holders: WorkflowStatus['lease_holders'];
}

const EMPTY: LiveRow = {
  oldest_queued_age_seconds: null,
  expired_leases: 0,
  latest_errors: [],
  last_hour: { done: 0, failed: 0, at_least: false },
  lease_holders: [],
};

const groupCounts = (table: string, column: string): string =>
  `(SELECT coalesce(json_object_agg(coalesce(k, 'null'), c), '{}'::json) FROM (SELECT ${column}::text AS k, count(*)::int AS c FROM ${table} GROUP BY 1) s)`;

/**
 * Rows per processing label, a row in flight (leased in the queue table) under the processing label: its
 * curated row still says queued until the outcome is written. Only for tables within the exact-count cap.
 */
const processingGroupCounts = (def: WorkflowDefinition, queue: string): string => {
  const n = sqlNames(def);
  return `(SELECT coalesce(json_object_agg(coalesce(k, 'null'), c), '{}'::json) FROM (
     SELECT CASE WHEN q.locked_by IS NOT NULL THEN ${literal(def.processing.processing)} ELSE t.${n.status}::text END AS k, count(*)::int AS c
       FROM ${n.table} t LEFT JOIN ${queue} q ON q.row_id = t.${n.id} GROUP BY 1) s)`;
};

/**
 * Everything but the label counts of big tables, read from the workflow's queue table (the claim index in
 * claim order, the lease index by expiry) and the curated table's updated_at index, each with a LIMIT: the
 * ORDER BY matches the index, so the planner walks it instead of scanning the table.
 */
function liveExpression(def: WorkflowDefinition, exact: boolean, cap: number, errorLimit: number): string {
  const n = sqlNames(def);
  const q = ident(queueContract({ table: def.table, processingColumn: def.processing.column }).table);
  const limit = cap + 1;
  const counts = exact
    ? `'counts', json_build_object('curation', ${def.curation ? groupCounts(n.table, ident(def.curation.column)) : `'{}'::json`}, 'processing', ${processingGroupCounts(def, q)}),`
    : `'queued', (SELECT count(*)::int FROM (SELECT 1 FROM ${q} WHERE locked_by IS NULL ORDER BY run_at, row_id LIMIT ${limit}) w),
       'processing', (SELECT count(*)::int FROM (SELECT 1 FROM ${q} WHERE locked_by IS NOT NULL ORDER BY lease_expires_at LIMIT ${limit}) p),`;
  const errors =
    errorLimit > 0
      ? `(SELECT coalesce(json_agg(e ORDER BY e.updated_at DESC), '[]'::json) FROM (
           SELECT w.id, w.error, w.updated_at FROM (
             SELECT ${n.id} AS id, ${n.error} AS error, ${n.updatedAt} AS updated_at FROM ${n.table}
              ORDER BY ${n.updatedAt} DESC LIMIT ${LATEST_ERRORS_WINDOW}) w
            WHERE w.error IS NOT NULL ORDER BY w.updated_at DESC LIMIT ${errorLimit}) e)`
      : `'[]'::json`;
  return `json_build_object(${counts}
    'oldest_queued_age_seconds', (SELECT round(extract(epoch FROM now() - run_at))::int FROM ${q} WHERE locked_by IS NULL AND run_at <= now() ORDER BY run_at, row_id LIMIT 1),
    'expired_leases', (SELECT count(*)::int FROM (SELECT 1 FROM ${q} WHERE locked_by IS NOT NULL AND lease_expires_at < now() ORDER BY lease_expires_at LIMIT ${limit}) x),
    'latest_errors', ${errors},
    'last_hour', (SELECT json_build_object(
         'done', count(*) FILTER (WHERE h.status = ${literal(def.processing.done)}),
         'failed', count(*) FILTER (WHERE h.status = ${literal(def.processing.failed)}),
         'at_least', count(*) > ${cap})
       FROM (SELECT ${n.status}::text AS status FROM ${n.table} WHERE ${n.updatedAt} > now() - interval '1 hour'
              ORDER BY ${n.updatedAt} DESC LIMIT ${limit}) h),
    'lease_holders', (SELECT coalesce(json_agg(l ORDER BY l.worker), '[]'::json) FROM (
         SELECT locked_by AS worker, count(*)::int AS rows, min(lease_expires_at) AS lease_expires_at
           FROM (SELECT locked_by, lease_expires_at FROM ${q} WHERE locked_by IS NOT NULL ORDER BY lease_expires_at LIMIT ${limit}) k
          GROUP BY locked_by) l))`;
}

// Every name is from code (definitions), inlined so a recorded statement can be EXPLAINed as it stands.
const literalArray = (values: readonly string[], type: 'text' | 'name' = 'text'): string =>
  `ARRAY[${values.map(literal).join(', ')}]::${type}[]`;
const textArray = (values: readonly string[]): string => literalArray(values);
// pg_stats filtered on its own `name` columns, so the planner looks the tables and columns up by their catalog
// indexes (a (table, column) IN (unnest …) semi-join read every statistics row: 1.8 ms of a 2.1 ms probe). The
// few extra pairs the two lists allow are ignored by the readers, which look each column up by table and name.
const nameArray = (values: readonly string[]): string => literalArray([...new Set(values)], 'name');

/** One statement: how big each table is (capped), the planner's label statistics, and the active pauses. */
async function probe(dataSource: DataSource, defs: readonly WorkflowDefinition[], cap: number): Promise<Probe> {
  const tables = new Map<string, string>();
  const columns: [string, string][] = [];
  for (const def of defs) {
    tables.set(def.table, def.idColumn);
    columns.push([def.table, def.processing.column]);
    if (def.curation) columns.push([def.table, def.curation.column]);
  }
  const sizes = [...tables]
    .map(
      ([table, id]) =>
        `${literal(table)}, (SELECT count(*)::int FROM (SELECT 1 FROM ${ident(table)} ORDER BY ${ident(id)} LIMIT ${cap + 1}) s)`,
    )
    .join(', ');
  const [row] = await dataSource.query(
    `SELECT json_build_object(${sizes}) AS sizes,
            (SELECT coalesce(json_object_agg(c.relname, greatest(coalesce(nullif(pg_stat_get_live_tuples(c.oid), 0), c.reltuples::bigint), 0)), '{}'::json)
               FROM pg_class c
              WHERE c.relname = ANY(${textArray([...tables.keys()])}) AND c.relkind IN ('r', 'p') AND c.relnamespace = to_regnamespace(current_schema())) AS live,
            (SELECT coalesce(json_agg(json_build_object('table', s.tablename, 'column', s.attname, 'null_frac', s.null_frac,
                                                        'vals', s.most_common_vals::text::text[], 'freqs', s.most_common_freqs)), '[]'::json)
               FROM pg_stats s
              WHERE s.schemaname = current_schema()
                AND s.tablename = ANY(${nameArray(columns.map((c) => c[0]))}) AND s.attname = ANY(${nameArray(columns.map((c) => c[1]))})) AS stats,
            (SELECT coalesce(json_agg(json_build_object('workflow_id', p.workflow_id, 'until', p.paused_until, 'reason', p.reason, 'paused_by', p.paused_by)), '[]'::json)
               FROM "workflow_pauses" p WHERE p.workflow_id = ANY(${textArray(defs.map((d) => d.id))}) AND p.paused_until > now()) AS pauses`,
  );
  return row;
}

/** The planner's view of one column: its most common labels and null fraction, scaled to the live rows. */
function estimatedCounts(stats: ColumnStats | undefined, rows: number): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!stats) return counts;
  (stats.vals ?? []).forEach((label, i) => (counts[label] = Math.round((stats.freqs?.[i] ?? 0) * rows)));
  if (stats.null_frac > 0) counts['null'] = Math.round(stats.null_frac * rows);
  return counts;
}

/** An index-read count replaces the estimate: exact up to the cap, and never below the cap past it. */
function withCapped(counts: Record<string, number>, label: string, capped: number, cap: number): void {
  if (capped > cap) {
    counts[label] = Math.max(cap, counts[label] ?? 0);
    return;
  }
  if (capped > 0) counts[label] = capped;
  else delete counts[label];
}

/**
 * What an operator needs to see whether each workflow is healthy, at a cost that does not grow with the
 * tables: two statements for any number of workflows (one when every table is empty). Tables up to the cap are counted exactly; bigger
 * ones read only bounded index ranges and the planner's statistics (`counts_are_estimates`).
 */
export async function readWorkflowStatuses(
  dataSource: DataSource,
  defs: readonly WorkflowDefinition[],
  options: WorkflowStatusOptions = {},
): Promise<WorkflowStatus[]> {
  const cap = options.exactCountCap ?? EXACT_COUNT_CAP;
  const errorLimit = options.errorLimit ?? 5;
  if (defs.length === 0) return [];
  const probed = await probe(dataSource, defs, cap);
  const size = (def: WorkflowDefinition) => probed.sizes[def.table] ?? 0;
  const exact = defs.map((def) => size(def) <= cap);
  // Planning the subqueries is most of a refresh's cost, so an empty table gets none: it has nothing to show.
  const read = defs.filter((def) => size(def) > 0);
  const live = new Map<WorkflowDefinition, LiveRow>();
  if (read.length > 0) {
    const [row] = await dataSource.query(
      `SELECT json_build_array(${read.map((def) => liveExpression(def, size(def) <= cap, cap, errorLimit)).join(',\n')}) AS live`,
    );
    read.forEach((def, i) => live.set(def, row.live[i]));
  }
  return defs.map((def, i) => {
    const r = live.get(def) ?? EMPTY;
    const pause = probed.pauses.find((p) => p.workflow_id === def.id);
    const base = {
      workflow: def.id,
      table: def.table,
      curation_column: def.curation?.column ?? null,
      processing_column: def.processing.column,
      oldest_queued_age_seconds: r.oldest_queued_age_seconds,
      latest_errors: r.latest_errors,
      last_hour: r.last_hour,
      lease_holders: r.lease_holders,
      paused: pause ? { until: pause.until, reason: pause.reason, paused_by: pause.paused_by } : null,
    };
    if (exact[i])
      return {
        ...base,
        curation_counts: r.counts?.curation ?? {},
        processing_counts: r.counts?.processing ?? {},
        counts_are_estimates: false,
        expired_leases: r.expired_leases,
      };
    const rows = Math.max(probed.live[def.table] ?? 0, probed.sizes[def.table] ?? 0);
    const stats = (column: string) => probed.stats.find((s) => s.table === def.table && s.column === column);
    const processingCounts = estimatedCounts(stats(def.processing.column), rows);
    withCapped(processingCounts, def.processing.queued, r.queued ?? 0, cap);
    withCapped(processingCounts, def.processing.processing, r.processing ?? 0, cap);
    return {
      ...base,
      curation_counts: def.curation ? estimatedCounts(stats(def.curation.column), rows) : {},
      processing_counts: processingCounts,
      counts_are_estimates: true,
      expired_leases: Math.min(r.expired_leases, cap),
    };
  });
}

/** One workflow's status (two statements); {@link readWorkflowStatuses} reads many for the same cost. */
export async function readWorkflowStatus(
  dataSource: DataSource,
  def: WorkflowDefinition,
  errorLimit = 5,
): Promise<WorkflowStatus> {
  const [status] = await readWorkflowStatuses(dataSource, [def], { errorLimit });
  return status;
}
