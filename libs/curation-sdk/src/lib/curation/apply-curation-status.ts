import { DataSource, EntityManager } from 'typeorm';

import { ident } from '../database/quote-ident';
import { parseEnumLabel } from '../enums/enum-parser';
import { queueContract } from '../workflows/queue-contract';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { curationCast, sqlNames } from '../workflows/workflow-sql';
import { CurationFilter, filterSql } from './curation-filter';

export interface CurationStatusResult {
  /** Rows whose curation status was set. */
  readonly updated_count: number;
  /** Rows that are queued for the workflow after this update. */
  readonly queued_count: number;
  /** Still-queued rows whose work was cancelled because they were de-selected. */
  readonly cancelled_count: number;
}

/**
 * The dual-status rule, for a set of rows, in one statement:
 * - the curation column takes `label`;
 * - when `label` is the queueing label, the processing status becomes queued, the error, attempts and
 *   retry time are cleared, unless the row is being processed right now (it is not re-queued);
 * - when `label` is anything else, a row that is still queued (not yet claimed) is cancelled: its
 *   processing status returns to the definition's idle value; claimed or finished rows keep theirs;
 * - when anything was queued, the workflow's channel is notified (delivered at commit).
 * `label` must already be a parsed label (see parseEnumLabel).
 */
/** Which rows to update: an explicit id list, or every row matching filters ("select all"). */
export type CurationTarget = readonly (string | number)[] | { readonly filters: readonly CurationFilter[] };

export async function applyCurationStatus(
  runner: DataSource | EntityManager,
  def: WorkflowDefinition,
  target: CurationTarget,
  label: string,
): Promise<CurationStatusResult> {
  const curation = def.curation;
  if (!curation) throw new Error(`${def.id} is not curated through a status column`);
  const parsed = parseEnumLabel(curation.enum, label);
  if (!parsed.ok || parsed.value !== label)
    throw parsed.ok ? new Error(`${label} is not an exact ${curation.enum.name} label`) : parsed.error;
  const byIds = Array.isArray(target);
  if (byIds && target.length === 0) return { updated_count: 0, queued_count: 0, cancelled_count: 0 };
  const n = sqlNames(def);
  // $1 is the id list, or NULL for select-all (its filters bind from $8).
  const filters = filterSql(byIds ? [] : (target as { filters: readonly CurationFilter[] }).filters, 8);
  // Ids as a semi-join on unnest: one primary-key probe per id. `id = ANY($1)` with 10,000 ids is costed above a
  // sequential scan, which then reads the whole table (at 1,000,000 rows, most of a 10,000-id update's time).
  const where = byIds ? `${n.id} IN (SELECT unnest($1${n.idArray}))` : `$1${n.idArray} IS NULL AND ${filters.sql}`;
  const cur = curationCast(def);
  const column = ident(curation.column);
  // A row in flight still says queued on the curated table (its lease is in the queue table): it is neither
  // re-queued nor cancelled, as a row in processing never was.
  const q = ident(queueContract({ table: def.table, processingColumn: def.processing.column }).table);
  const notInFlight = `t.${n.status} IS DISTINCT FROM $4${n.statusCast} AND NOT EXISTS (SELECT 1 FROM ${q} q WHERE q.row_id = t.${n.id} AND q.locked_by IS NOT NULL)`;
  const queue = `$2${cur} = $3${cur} AND ${notInFlight}`;
  const cancel = `$2${cur} <> $3${cur} AND t.${n.status} = $5${n.statusCast} AND ${notInFlight}`;
  const rows: { updated_count: number; queued_count: number; cancelled_count: number }[] = await runner.query(
    `WITH target AS (
       SELECT ${n.id} AS id, ${n.status} AS old_status FROM ${n.table} WHERE ${where} ORDER BY ${n.id} FOR UPDATE
     ), updated AS (
       UPDATE ${n.table} AS t SET
         ${column} = $2${cur},
         ${n.status} = CASE WHEN ${queue} THEN $5${n.statusCast} WHEN ${cancel} THEN $6${n.statusCast} ELSE t.${n.status} END,
         ${n.error} = CASE WHEN ${queue} THEN NULL ELSE t.${n.error} END,
         ${n.attempts} = CASE WHEN ${queue} THEN 0 ELSE t.${n.attempts} END,
         ${n.nextAttemptAt} = CASE WHEN ${queue} OR ${cancel} THEN NULL ELSE t.${n.nextAttemptAt} END,
         ${n.updatedAt} = now()
       FROM target WHERE t.${n.id} = target.id
       RETURNING t.${n.status} AS new_status, target.old_status
     ), counts AS (
       SELECT count(*)::int AS updated_count,
              count(*) FILTER (WHERE new_status = $5${n.statusCast})::int AS queued_count,
              count(*) FILTER (WHERE old_status = $5${n.statusCast} AND new_status IS DISTINCT FROM $5${n.statusCast})::int AS cancelled_count
         FROM updated
     )
     SELECT updated_count, queued_count, cancelled_count,
            CASE WHEN queued_count > 0 THEN pg_notify($7, 'queued') END AS notified
       FROM counts`,
    [
      byIds ? target : null,
      label,
      curation.queueingLabel,
      def.processing.processing,
      def.processing.queued,
      def.processing.idle,
      def.channel,
      ...filters.params,
    ],
  );
  const [{ updated_count, queued_count, cancelled_count }] = rows;
  return { updated_count, queued_count, cancelled_count };
}
