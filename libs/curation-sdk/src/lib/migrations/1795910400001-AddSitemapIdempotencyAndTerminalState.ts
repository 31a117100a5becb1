import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two deliberate, additive deviations from the reference schema, safe to apply to a reference database:
 * - `sitemap_files (domain_id, url)` becomes unique: re-running discovery duplicated rows there;
 * - `"SitemapAnalysisStatusEnum"` gains `completed`: the reference never recorded a finished discovery
 *   ("submitted" meant "handed to a fire-and-forget task").
 */
export class AddSitemapIdempotencyAndTerminalState1795910400001 implements MigrationInterface {
  name = 'AddSitemapIdempotencyAndTerminalState1795910400001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD CONSTRAINT "sitemap_files_domain_id_url_key" UNIQUE ("domain_id", "url")`,
    );
    await queryRunner.query(`ALTER TYPE "public"."SitemapAnalysisStatusEnum" ADD VALUE IF NOT EXISTS 'completed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Postgres cannot drop an enum label: rebuild the type without it, mapping finished rows back to the
    // closest reference state.
    await queryRunner.query(
      `UPDATE "domains" SET "sitemap_analysis_status" = 'submitted' WHERE "sitemap_analysis_status" = 'completed'`,
    );
    await queryRunner.query(`ALTER TABLE "domains" ALTER COLUMN "sitemap_analysis_status" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TYPE "public"."SitemapAnalysisStatusEnum" RENAME TO "SitemapAnalysisStatusEnum_old"`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."SitemapAnalysisStatusEnum" AS ENUM('pending', 'queued', 'processing', 'submitted', 'failed')`,
    );
    await queryRunner.query(
      `ALTER TABLE "domains" ALTER COLUMN "sitemap_analysis_status" TYPE "public"."SitemapAnalysisStatusEnum" USING "sitemap_analysis_status"::text::"public"."SitemapAnalysisStatusEnum"`,
    );
    await queryRunner.query(`ALTER TABLE "domains" ALTER COLUMN "sitemap_analysis_status" SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE "public"."SitemapAnalysisStatusEnum_old"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP CONSTRAINT "sitemap_files_domain_id_url_key"`);
  }
}
