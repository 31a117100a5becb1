import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim indexes of migration 1795910400002 as they were named then, and the names the lease contract
 * (`ix_<table>_<processing column>_queued`, workflows/lease-contract.ts) gives them. Frozen: a later change
 * to the contract must not change what this migration did.
 */
export const QUEUE_INDEX_RENAMES = [
  { from: 'ix_place_searches_pending', to: 'ix_place_searches_status_queued' },
  { from: 'ix_places_staging_deep_scan_queued', to: 'ix_places_staging_deep_scan_status_queued' },
  {
    from: 'ix_local_businesses_domain_extraction_queued',
    to: 'ix_local_businesses_domain_extraction_status_queued',
  },
  { from: 'ix_domains_sitemap_analysis_queued', to: 'ix_domains_sitemap_analysis_status_queued' },
  { from: 'ix_sitemap_files_sitemap_import_queued', to: 'ix_sitemap_files_sitemap_import_status_queued' },
  { from: 'ix_pages_page_processing_queued', to: 'ix_pages_page_processing_status_queued' },
] as const;

/**
 * The entities now get both partial indexes of each workflow from the one lease-contract helper, which
 * names the claim index after the processing column as migration 1795910400003 named the lease index.
 * The six claim indexes already have the contract's columns (claim order, then id) and predicate (the
 * queued label), so only their names change.
 *
 * For the reviewer:
 * - `ALTER INDEX ... RENAME` changes the catalog only: no index is rebuilt and no table row is read, so it
 *   is instant at any table size, and the claim keeps using the same index throughout.
 * - down() renames them back, so the chain reverts to exactly the indexes of 1795910400002.
 */
export class NameQueueIndexesByContract1795910400007 implements MigrationInterface {
  name = 'NameQueueIndexesByContract1795910400007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { from, to } of QUEUE_INDEX_RENAMES) {
      await queryRunner.query(`ALTER INDEX "public"."${from}" RENAME TO "${to}"`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { from, to } of [...QUEUE_INDEX_RENAMES].reverse()) {
      await queryRunner.query(`ALTER INDEX "public"."${to}" RENAME TO "${from}"`);
    }
  }
}
