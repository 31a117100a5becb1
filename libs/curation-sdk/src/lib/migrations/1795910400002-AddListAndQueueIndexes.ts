import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the reference lacked: one per list filter and sort key of the curation API, and one partial
 * index per processing status on its queued label, in claim order (oldest first, then id), so worker
 * claims read the first rows of an index instead of sorting every queued row, however many
 * finished rows pile up.
 */
export class AddListAndQueueIndexes1795910400002 implements MigrationInterface {
  name = 'AddListAndQueueIndexes1795910400002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_local_businesses_domain_extraction_queued" ON "local_businesses" ("updated_at", "id") WHERE "domain_extraction_status" = 'Queued'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_local_businesses_created_at" ON "local_businesses" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_local_businesses_updated_at" ON "local_businesses" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_local_businesses_status" ON "local_businesses" ("status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_domains_sitemap_analysis_queued" ON "domains" ("updated_at", "id") WHERE "sitemap_analysis_status" = 'queued'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_domains_created_at" ON "domains" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_domains_updated_at" ON "domains" ("updated_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_domains_sitemap_analysis_status" ON "domains" ("sitemap_analysis_status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domains_sitemap_curation_status" ON "domains" ("sitemap_curation_status") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_domains_status" ON "domains" ("status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_sitemap_files_sitemap_import_queued" ON "sitemap_files" ("updated_at", "id") WHERE "sitemap_import_status" = 'Queued'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sitemap_files_updated_at" ON "sitemap_files" ("updated_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_sitemap_files_deep_scrape_curation_status" ON "sitemap_files" ("deep_scrape_curation_status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_pages_page_processing_queued" ON "pages" ("updated_at", "id") WHERE "page_processing_status" = 'Queued'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_pages_updated_at" ON "pages" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_pages_sitemap_file_id" ON "pages" ("sitemap_file_id") `);
    await queryRunner.query(`CREATE INDEX "ix_pages_page_type" ON "pages" ("page_type") `);
    await queryRunner.query(`CREATE INDEX "ix_pages_page_processing_status" ON "pages" ("page_processing_status") `);
    await queryRunner.query(`CREATE INDEX "ix_pages_page_curation_status" ON "pages" ("page_curation_status") `);
    await queryRunner.query(`CREATE INDEX "ix_contacts_updated_at" ON "contacts" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_contacts_email_type" ON "contacts" ("email_type") `);
    await queryRunner.query(`CREATE INDEX "ix_contacts_page_id" ON "contacts" ("page_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_place_searches_pending" ON "place_searches" ("created_at", "id") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_place_searches_created_at" ON "place_searches" ("created_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_places_staging_deep_scan_queued" ON "places_staging" ("updated_at", "id") WHERE "deep_scan_status" = 'Queued'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_places_staging_search_job_id" ON "places_staging" ("search_job_id") `);
    await queryRunner.query(`CREATE INDEX "ix_places_staging_updated_at" ON "places_staging" ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_places_staging_status" ON "places_staging" ("status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_places_staging_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_places_staging_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_places_staging_search_job_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_places_staging_deep_scan_queued"`);
    await queryRunner.query(`DROP INDEX "public"."ix_place_searches_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_place_searches_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_page_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_email_type"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_page_curation_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_page_processing_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_page_type"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_sitemap_file_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_page_processing_queued"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sitemap_files_deep_scrape_curation_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sitemap_files_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sitemap_files_sitemap_import_queued"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_sitemap_curation_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_sitemap_analysis_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_sitemap_analysis_queued"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_domain_extraction_queued"`);
  }
}
