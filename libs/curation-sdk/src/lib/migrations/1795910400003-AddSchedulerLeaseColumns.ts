import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookkeeping the scheduler loop needs, added to each workflow's table and named after its processing
 * status column: attempts, lease expiry, lease owner and next attempt time, plus a partial index per table
 * for the lease sweep. Also `place_searches.error_message` (WF1 had nowhere to store why a search failed)
 * and `local_businesses.domain_id` (WF3 links the business to its domain as well as the domain to the
 * business). All additive.
 */
export class AddSchedulerLeaseColumns1795910400003 implements MigrationInterface {
  name = 'AddSchedulerLeaseColumns1795910400003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "local_businesses" ADD "domain_extraction_status_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "local_businesses" ADD "domain_extraction_status_lease_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "local_businesses" ADD "domain_extraction_status_locked_by" text`);
    await queryRunner.query(
      `ALTER TABLE "local_businesses" ADD "domain_extraction_status_next_attempt_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "local_businesses" ADD "domain_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "domains" ADD "sitemap_analysis_status_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "domains" ADD "sitemap_analysis_status_lease_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "domains" ADD "sitemap_analysis_status_locked_by" text`);
    await queryRunner.query(
      `ALTER TABLE "domains" ADD "sitemap_analysis_status_next_attempt_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD "sitemap_import_status_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD "sitemap_import_status_lease_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "sitemap_files" ADD "sitemap_import_status_locked_by" text`);
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD "sitemap_import_status_next_attempt_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "pages" ADD "page_processing_status_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "pages" ADD "page_processing_status_lease_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "pages" ADD "page_processing_status_locked_by" text`);
    await queryRunner.query(
      `ALTER TABLE "pages" ADD "page_processing_status_next_attempt_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "place_searches" ADD "error_message" text`);
    await queryRunner.query(`ALTER TABLE "place_searches" ADD "status_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "place_searches" ADD "status_lease_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "place_searches" ADD "status_locked_by" text`);
    await queryRunner.query(`ALTER TABLE "place_searches" ADD "status_next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "places_staging" ADD "deep_scan_status_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "places_staging" ADD "deep_scan_status_lease_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "places_staging" ADD "deep_scan_status_locked_by" text`);
    await queryRunner.query(
      `ALTER TABLE "places_staging" ADD "deep_scan_status_next_attempt_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`CREATE INDEX "ix_local_businesses_domain_id" ON "local_businesses" ("domain_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_local_businesses_domain_extraction_status_lease" ON "local_businesses" ("domain_extraction_status_lease_expires_at") WHERE "domain_extraction_status" = 'Processing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domains_sitemap_analysis_status_lease" ON "domains" ("sitemap_analysis_status_lease_expires_at") WHERE "sitemap_analysis_status" = 'processing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sitemap_files_sitemap_import_status_lease" ON "sitemap_files" ("sitemap_import_status_lease_expires_at") WHERE "sitemap_import_status" = 'Processing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_pages_page_processing_status_lease" ON "pages" ("page_processing_status_lease_expires_at") WHERE "page_processing_status" = 'Processing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_place_searches_status_lease" ON "place_searches" ("status_lease_expires_at") WHERE "status" = 'processing'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_places_staging_deep_scan_status_lease" ON "places_staging" ("deep_scan_status_lease_expires_at") WHERE "deep_scan_status" = 'Processing'`,
    );
    await queryRunner.query(
      `ALTER TABLE "local_businesses" ADD CONSTRAINT "local_businesses_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP CONSTRAINT "local_businesses_domain_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."ix_places_staging_deep_scan_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_place_searches_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_page_processing_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sitemap_files_sitemap_import_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domains_sitemap_analysis_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_domain_extraction_status_lease"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_domain_id"`);
    await queryRunner.query(`ALTER TABLE "places_staging" DROP COLUMN "deep_scan_status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "places_staging" DROP COLUMN "deep_scan_status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "places_staging" DROP COLUMN "deep_scan_status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "places_staging" DROP COLUMN "deep_scan_status_attempts"`);
    await queryRunner.query(`ALTER TABLE "place_searches" DROP COLUMN "status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "place_searches" DROP COLUMN "status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "place_searches" DROP COLUMN "status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "place_searches" DROP COLUMN "status_attempts"`);
    await queryRunner.query(`ALTER TABLE "place_searches" DROP COLUMN "error_message"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "page_processing_status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "page_processing_status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "page_processing_status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "page_processing_status_attempts"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP COLUMN "sitemap_import_status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP COLUMN "sitemap_import_status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP COLUMN "sitemap_import_status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP COLUMN "sitemap_import_status_attempts"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP COLUMN "sitemap_analysis_status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP COLUMN "sitemap_analysis_status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP COLUMN "sitemap_analysis_status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP COLUMN "sitemap_analysis_status_attempts"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP COLUMN "domain_id"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP COLUMN "domain_extraction_status_next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP COLUMN "domain_extraction_status_locked_by"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP COLUMN "domain_extraction_status_lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP COLUMN "domain_extraction_status_attempts"`);
  }
}
