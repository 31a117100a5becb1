import { DataSource, EntityManager } from 'typeorm';

import {
  applyCurationStatus,
  CrmProcessingStatus,
  CrmSyncStatus,
  CurationFilter,
  filterSql,
  WF8_DEBOUNCE,
} from '@curation/sdk';

import { definedFilters } from '../curation/curation-status.service';
import { ContactValidationFilters, ValidationFilter, ValidationStage } from './contact-validation.dto';

/** Which contacts a validate call names: an id list, or every contact matching the filters (up to `limit` queued). */
export type ValidationTarget =
  | { readonly ids: readonly string[] }
  | { readonly filters: ContactValidationFilters; readonly limit: number };

export interface ValidationQueueResult {
  readonly total_matched: number;
  readonly queued_count: number;
  readonly already_processing: number;
  readonly already_validated: number;
  /** Requested ids that are not contacts (id targets only). */
  readonly invalid_ids: readonly string[];
}

const DEBOUNCE_RESULTS: ReadonlySet<ValidationFilter> = new Set([
  'valid',
  'invalid',
  'disposable',
  'catch-all',
  'unknown',
]);

/** SQL over `contacts t` for the reference's validation filters, binding from `$first`. */
export function validationFilterSql(
  f: ContactValidationFilters,
  first: number,
): { sql: string; params: (string | readonly string[])[] } {
  const filters: CurationFilter[] = definedFilters([
    ['contact_curation_status', 'eq', f.curation_status],
    ['email', 'contains', f.search_email],
    ['name', 'contains', f.search_name],
    ['domain_id', 'eq', f.domain_id],
    ['page_id', 'eq', f.page_id],
    [
      'debounce_result',
      'eq',
      f.validation_status && DEBOUNCE_RESULTS.has(f.validation_status) ? f.validation_status : undefined,
    ],
  ]);
  const base = filterSql(filters, first, 't');
  const extra =
    f.validation_status === ValidationStage.Pending
      ? `t."debounce_processing_status"::text IN ('${CrmProcessingStatus.Queued}', '${CrmProcessingStatus.Processing}')`
      : f.validation_status === ValidationStage.NotValidated
        ? `(t."debounce_validation_status" IS NULL OR t."debounce_validation_status"::text = '${CrmSyncStatus.New}')`
        : undefined;
  return { sql: extra ? `${base.sql} AND ${extra}` : base.sql, params: base.params };
}

/**
 * Queues DeBounce validation as the reference did: contacts being validated and contacts already validated are
 * left alone (each validation is a paid call) and counted. Two statements in one transaction, whatever the
 * count: one reads the targets' states, one applies the dual-status rule to the rest (Selected → Queued, NOTIFY).
 */
export async function queueValidation(db: DataSource, target: ValidationTarget): Promise<ValidationQueueResult> {
  const byIds = 'ids' in target;
  const where = byIds
    ? { sql: `t."id" = ANY($4::uuid[])`, params: [target.ids] }
    : validationFilterSql(target.filters, 4);
  return db.transaction(async (manager: EntityManager) => {
    const [row]: {
      total_matched: number;
      already_processing: number;
      already_validated: number;
      queue_ids: string[];
      found_ids: string[] | null;
    }[] = await manager.query(
      `WITH matched AS (
         SELECT t."id",
                t."debounce_processing_status" IS NOT DISTINCT FROM $1::crm_processing_status AS processing,
                t."debounce_validation_status" IS NOT DISTINCT FROM $2::crm_sync_status AS validated
           FROM "contacts" t
          WHERE ${where.sql}
       )
       SELECT count(*)::int AS total_matched,
              count(*) FILTER (WHERE processing)::int AS already_processing,
              count(*) FILTER (WHERE validated AND NOT processing)::int AS already_validated,
              coalesce((SELECT array_agg(q."id"::text ORDER BY q."id") FROM (
                 SELECT m."id" FROM matched m WHERE NOT m.processing AND NOT m.validated ORDER BY m."id" LIMIT $3::int
              ) q), '{}') AS queue_ids,
              ${byIds ? `array_agg(matched."id"::text)` : 'NULL'} AS found_ids
         FROM matched`,
      [CrmProcessingStatus.Processing, CrmSyncStatus.Complete, byIds ? null : target.limit, ...where.params],
    );
    const queued = await applyCurationStatus(manager, WF8_DEBOUNCE, row.queue_ids, CrmSyncStatus.Selected);
    const found = new Set(row.found_ids ?? []);
    return {
      total_matched: row.total_matched,
      queued_count: queued.queued_count,
      already_processing: row.already_processing,
      already_validated: row.already_validated,
      invalid_ids: byIds ? [...new Set(target.ids)].filter((id) => !found.has(id.toLowerCase())) : [],
    };
  });
}

/** One contact's validation state, as the reference's `ContactValidationStatus`. */
export interface ContactValidationStatus {
  readonly id: string;
  readonly email: string;
  readonly validation_status: string;
  readonly processing_status: string;
  readonly result: string | null;
  readonly score: number | null;
  readonly reason: string | null;
  readonly suggestion: string | null;
  readonly validated_at: Date | null;
  readonly error: string | null;
}

/** One statement; contacts in the order asked, unknown ids left out (as the reference). */
export function readValidationStatus(db: DataSource, ids: readonly string[]): Promise<ContactValidationStatus[]> {
  return db.query(
    `SELECT t."id", t."email",
            coalesce(t."debounce_validation_status"::text, 'New') AS validation_status,
            coalesce(t."debounce_processing_status"::text, 'New') AS processing_status,
            t."debounce_result" AS result, t."debounce_score" AS score, t."debounce_reason" AS reason,
            t."debounce_suggestion" AS suggestion, t."debounce_validated_at" AS validated_at,
            t."debounce_processing_error" AS error
       FROM "contacts" t
      WHERE t."id" = ANY($1::uuid[])
      ORDER BY array_position($1::uuid[], t."id")`,
    [ids],
  );
}

export interface ValidationCounts {
  readonly total: number;
  readonly validated: number;
  readonly valid: number;
  readonly invalid: number;
  readonly disposable: number;
  readonly catch_all: number;
  readonly unknown: number;
  readonly not_validated: number;
  readonly pending: number;
  readonly last_updated: Date;
}

/** The reference's summary counts in one aggregate (it loaded every contact into memory to count them). */
export async function readValidationCounts(
  db: DataSource,
  filters: readonly CurationFilter[],
): Promise<ValidationCounts> {
  const where = filterSql(filters, 1, 't');
  const [row]: ValidationCounts[] = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE c.validated)::int AS validated,
            count(*) FILTER (WHERE c.validated AND c.result = 'valid')::int AS valid,
            count(*) FILTER (WHERE c.validated AND c.result = 'invalid')::int AS invalid,
            count(*) FILTER (WHERE c.validated AND c.result = 'disposable')::int AS disposable,
            count(*) FILTER (WHERE c.validated AND c.result = 'catch-all')::int AS catch_all,
            count(*) FILTER (WHERE c.validated AND c.result = 'unknown')::int AS unknown,
            count(*) FILTER (WHERE c.v_status IS NULL OR c.v_status = '${CrmSyncStatus.New}')::int AS not_validated,
            count(*) FILTER (WHERE c.p_status IN ('${CrmProcessingStatus.Queued}', '${CrmProcessingStatus.Processing}'))::int AS pending,
            coalesce(max(c.validated_at) FILTER (WHERE c.validated), now()) AS last_updated
       FROM (SELECT t."debounce_validation_status"::text AS v_status,
                    t."debounce_processing_status"::text AS p_status,
                    t."debounce_validation_status"::text = '${CrmSyncStatus.Complete}' AS validated,
                    t."debounce_result" AS result,
                    t."debounce_validated_at" AS validated_at
               FROM "contacts" t WHERE ${where.sql}) c`,
    where.params,
  );
  return row;
}
