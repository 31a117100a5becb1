import { MigrationInterface, QueryRunner } from 'typeorm';

import { LeaseContractSpec, leaseMigration } from '../workflows/lease-contract';

/**
 * The four WF8 workflows' lease specs as they were when this migration was written (frozen: labels are
 * literals, not the enums, so a later definition cannot change what it did).
 */
export const WF8_LEASE_SPECS: readonly LeaseContractSpec[] = [
  'debounce_processing_status',
  'brevo_processing_status',
  'hubspot_processing_status',
  'n8n_processing_status',
].map((processingColumn) => ({
  table: 'contacts',
  processingColumn,
  queued: 'Queued',
  processing: 'Processing',
  claimOrder: 'updated_at',
}));

/** Each WF8 processing column and its processing label, for the legacy-lease backfill below. */
export const WF8_LEGACY_PROCESSING_COLUMNS = WF8_LEASE_SPECS.map((s) => ({
  table: s.table,
  column: s.processingColumn,
  processing: s.processing,
}));

/**
 * The lease columns and both partial indexes of each WF8 workflow on `contacts` (DeBounce, Brevo, HubSpot,
 * n8n), from the lease contract's one helper, so each integration has its own attempts and next attempt
 * time. The reference's shared `retry_count` / `last_retry_at` / `next_retry_at` / `last_failed_crm` are
 * left as they are (reference data and the API read them); no workflow uses them.
 *
 * For the reviewer:
 * - Columns: nullable or `NOT NULL DEFAULT 0`, a catalog change only (no rewrite).
 * - Indexes: eight partial indexes, each over the few rows in one label; built with a plain CREATE INDEX,
 *   which blocks writes to `contacts` for one scan of the table (the reference's production had 73 rows).
 * - Data: rows the reference left in `Processing` hold no lease; like 1795910400006 they get one that has
 *   already expired, so the first sweep returns them to the queue instead of leaving them stuck.
 * - down() drops the indexes, then the columns; the backfill goes with its column.
 */
export class AddWf8LeaseColumns1795910400010 implements MigrationInterface {
  name = 'AddWf8LeaseColumns1795910400010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const spec of WF8_LEASE_SPECS) {
      for (const statement of leaseMigration(spec).up) await queryRunner.query(statement);
    }
    for (const { table, column, processing } of WF8_LEGACY_PROCESSING_COLUMNS) {
      await queryRunner.query(
        `UPDATE "${table}" SET "${column}_lease_expires_at" = now() WHERE "${column}" = $1 AND "${column}_lease_expires_at" IS NULL`,
        [processing],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const spec of [...WF8_LEASE_SPECS].reverse()) {
      for (const statement of leaseMigration(spec).down) await queryRunner.query(statement);
    }
  }
}
