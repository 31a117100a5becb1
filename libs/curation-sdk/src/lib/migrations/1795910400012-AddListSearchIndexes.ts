import { MigrationInterface, QueryRunner } from 'typeorm';

import { ident } from '../database/quote-ident';

/** A substring filter of a curated list (`filterSql`'s `contains`: `col ILIKE '%…%'`), served by a trigram GIN index. */
export const TRIGRAM_INDEXES = [
  { name: 'ix_local_businesses_business_name_trgm', table: 'local_businesses', column: 'business_name' },
  { name: 'ix_domains_domain_trgm', table: 'domains', column: 'domain' },
  { name: 'ix_sitemap_files_url_trgm', table: 'sitemap_files', column: 'url' },
  { name: 'ix_pages_url_trgm', table: 'pages', column: 'url' },
  { name: 'ix_contacts_email_trgm', table: 'contacts', column: 'email' },
  { name: 'ix_contacts_name_trgm', table: 'contacts', column: 'name' },
] as const;

/**
 * A documented sort key (with the list's `id` tie-break, so one index gives the whole ORDER BY, the ids of a
 * deferred join and a keyset seek) or equality filter that otherwise read the whole table. Spelled as TypeORM
 * spells the same `@Index` on the entity, so the migration gate sees them as in sync.
 */
export const BTREE_INDEXES = [
  { name: 'ix_local_businesses_business_name', table: 'local_businesses', columns: ['business_name', 'id'] },
  { name: 'ix_local_businesses_full_address', table: 'local_businesses', columns: ['full_address', 'id'] },
  { name: 'ix_local_businesses_phone', table: 'local_businesses', columns: ['phone', 'id'] },
  { name: 'ix_local_businesses_website_url', table: 'local_businesses', columns: ['website_url', 'id'] },
  { name: 'ix_sitemap_files_created_at', table: 'sitemap_files', columns: ['created_at', 'id'] },
  { name: 'ix_sitemap_files_url', table: 'sitemap_files', columns: ['url', 'id'] },
  { name: 'ix_sitemap_files_sitemap_type', table: 'sitemap_files', columns: ['sitemap_type', 'id'] },
  { name: 'ix_sitemap_files_discovery_method', table: 'sitemap_files', columns: ['discovery_method', 'id'] },
  { name: 'ix_sitemap_files_url_count', table: 'sitemap_files', columns: ['url_count', 'id'] },
  { name: 'ix_sitemap_files_status', table: 'sitemap_files', columns: ['status', 'id'] },
  { name: 'ix_contacts_contact_curation_status', table: 'contacts', columns: ['contact_curation_status'] },
  { name: 'ix_contacts_contact_processing_status', table: 'contacts', columns: ['contact_processing_status'] },
  { name: 'ix_contacts_hubspot_sync_status', table: 'contacts', columns: ['hubspot_sync_status'] },
  { name: 'ix_contacts_brevo_sync_status', table: 'contacts', columns: ['brevo_sync_status'] },
  { name: 'ix_contacts_mautic_sync_status', table: 'contacts', columns: ['mautic_sync_status'] },
  { name: 'ix_contacts_n8n_sync_status', table: 'contacts', columns: ['n8n_sync_status'] },
  { name: 'ix_contacts_has_gmail', table: 'contacts', columns: ['has_gmail'] },
] as const;

/**
 * The lists' default sort key, indexed until now without the id tie-break: a deep page (the deferred join's ids
 * from an index-only scan) then had to visit every skipped row in the table, and the planner read the table
 * and sorted it instead. Rebuilt under the same name with `id`, which serves everything the old one did.
 */
export const UPDATED_AT_INDEXES = [
  'places_staging',
  'local_businesses',
  'domains',
  'sitemap_files',
  'pages',
  'contacts',
] as const;

/** Where pg_trgm is installed, or undefined when it is not. */
async function trigramSchema(queryRunner: QueryRunner): Promise<string | undefined> {
  const rows: { schema: string }[] = await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_trgm'`,
  );
  return rows[0]?.schema;
}

/**
 * Indexes so that every documented filter and sort of the curated lists is an index scan at any table size
 * (apps/api/src/curation/list-plans.integration-spec.ts EXPLAINs each one): trigram GIN indexes for the
 * substring filters, which `ILIKE '%…%'` otherwise answers by reading every row, and btree indexes for the
 * sort keys and equality filters nothing indexed yet.
 *
 * For the reviewer:
 * - pg_trgm ships with PostgreSQL's contrib (the server packages and the embedded binaries both have it) and is
 *   a trusted extension since PostgreSQL 13: a database owner with CREATE privilege may install it, no superuser.
 * - Where extensions live: if pg_trgm is installed already it is used wherever it is (Supabase puts extensions
 *   in the `extensions` schema). If not, it is created in `extensions` when that schema exists (Supabase), else
 *   in the default creation schema (`public` on plain PostgreSQL). The operator class is then named with that
 *   schema, so the indexes do not depend on the migration role's search_path. Filters need nothing from
 *   pg_trgm at query time: `ILIKE` is a core operator the index's operator class serves.
 * - `IF NOT EXISTS`: creating an index blocks writes to its table while it builds (the migration runs in a
 *   transaction, where CONCURRENTLY is not allowed). On a large table an operator can build the same indexes
 *   first with `CREATE INDEX CONCURRENTLY` under these names; the migration then only records itself.
 * - Processing-status columns (written on every claim and ack) get no new index: see the plan test for the
 *   sorts on them.
 * - down() drops the indexes but keeps the extension: other objects (another application's indexes, or
 *   functions on Supabase) may use it, and it was possibly installed before this migration ran.
 */
export class AddListSearchIndexes1795910400012 implements MigrationInterface {
  name = 'AddListSearchIndexes1795910400012';

  public async up(queryRunner: QueryRunner): Promise<void> {
    let schema = await trigramSchema(queryRunner);
    if (schema === undefined) {
      const [{ supabase }]: { supabase: boolean }[] = await queryRunner.query(
        `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'extensions') AS supabase`,
      );
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm${supabase ? ' WITH SCHEMA extensions' : ''}`);
      schema = await trigramSchema(queryRunner);
    }
    if (schema === undefined) throw new Error('pg_trgm could not be installed');
    for (const index of TRIGRAM_INDEXES) {
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS ${ident(index.name)} ON ${ident(index.table)} USING gin (${ident(index.column)} ${ident(schema)}.gin_trgm_ops)`,
      );
    }
    for (const table of UPDATED_AT_INDEXES) {
      await queryRunner.query(`DROP INDEX "public".${ident(`ix_${table}_updated_at`)}`);
      await queryRunner.query(
        `CREATE INDEX ${ident(`ix_${table}_updated_at`)} ON ${ident(table)} ("updated_at", "id")`,
      );
    }
    for (const index of BTREE_INDEXES) {
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS ${ident(index.name)} ON ${ident(index.table)} (${index.columns.map(ident).join(', ')})`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [...BTREE_INDEXES, ...TRIGRAM_INDEXES].reverse()) {
      await queryRunner.query(`DROP INDEX IF EXISTS "public".${ident(index.name)}`);
    }
    for (const table of [...UPDATED_AT_INDEXES].reverse()) {
      await queryRunner.query(`DROP INDEX "public".${ident(`ix_${table}_updated_at`)}`);
      await queryRunner.query(`CREATE INDEX ${ident(`ix_${table}_updated_at`)} ON ${ident(table)} ("updated_at")`);
    }
  }
}
