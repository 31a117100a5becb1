import { DataSource } from 'typeorm';

import { EnrichmentCompleteBody } from './enrichment-complete.dto';

export type EnrichmentWrite =
  | { readonly outcome: 'written'; readonly updated_fields: readonly string[] }
  | { readonly outcome: 'replayed' }
  | { readonly outcome: 'not_found' };

/** An object's set fields, nulls dropped (the reference stored `model_dump(exclude_none=True)`). */
function compact(value: object | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)));
}

const list = (value: readonly string[] | null | undefined): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

const first = (...values: (number | null | undefined)[]): number | null =>
  values.find((v): v is number => typeof v === 'number') ?? null;

/**
 * One statement: finds the contact and, unless its `last_enrichment_id` is already this run's, writes the
 * enrichment. A replay (or two deliveries racing: the second re-checks the condition on the row the first
 * wrote) writes nothing. Enriched fields absent from the body keep their values, as in the reference; the run's
 * status, time, error and id are always the latest run's.
 */
export async function recordEnrichment(db: DataSource, body: EnrichmentCompleteBody): Promise<EnrichmentWrite> {
  const data = body.enriched_data ?? undefined;
  const meta = body.metadata ?? undefined;
  const duration = first(meta?.enrichment_duration_seconds, meta?.duration_seconds);
  const fields: [column: string, value: string | number | null, cast: string][] = [
    ['enriched_phone', data?.phone ?? null, 'varchar'],
    ['enriched_address', compact(data?.address), 'jsonb'],
    ['enriched_social_profiles', compact(data?.social_profiles), 'jsonb'],
    ['enriched_company', compact(data?.company), 'jsonb'],
    ['enriched_additional_emails', list(data?.additional_emails), 'jsonb'],
    ['enrichment_confidence_score', data?.confidence_score ?? null, 'int'],
    ['enrichment_sources', list(data?.sources), 'jsonb'],
  ];
  const metadata: [column: string, value: number | null, cast: string][] = [
    ['enrichment_duration_seconds', duration, 'float8'],
    ['enrichment_api_calls', first(meta?.api_calls_made, meta?.api_calls), 'int'],
    ['enrichment_cost_estimate', first(meta?.cost_estimate), 'float8'],
  ];
  const keep = [...fields, ...metadata].map(
    ([column, , cast], i) => `"${column}" = coalesce($${i + 7}::${cast}, t."${column}")`,
  );
  const [row]: { found: boolean; written: boolean }[] = await db.query(
    `WITH target AS (
       SELECT "id" FROM "contacts" WHERE "id" = $1
     ), written AS (
       UPDATE "contacts" AS t SET
         "enrichment_status" = $3,
         "enrichment_completed_at" = $4::timestamptz,
         "enrichment_started_at" = coalesce($4::timestamptz - make_interval(secs => $6::float8), t."enrichment_started_at"),
         "enrichment_error" = $5,
         "last_enrichment_id" = $2,
         ${keep.join(',\n         ')},
         "updated_at" = now()
        FROM target
       WHERE t."id" = target."id" AND t."last_enrichment_id" IS DISTINCT FROM $2
       RETURNING t."id"
     )
     SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM written) AS written`,
    [
      body.contact_id,
      body.enrichment_id,
      body.status,
      body.timestamp,
      body.error ?? null,
      duration,
      ...fields.map(([, value]) => value),
      ...metadata.map(([, value]) => value),
    ],
  );
  if (!row.found) return { outcome: 'not_found' };
  if (!row.written) return { outcome: 'replayed' };
  return { outcome: 'written', updated_fields: fields.filter(([, value]) => value !== null).map(([column]) => column) };
}
