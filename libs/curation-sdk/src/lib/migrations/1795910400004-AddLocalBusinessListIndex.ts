import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The curation list filters by status and sorts by updated_at with id as tie-break: one composite index
 * serves the count and every page in both directions, so it replaces the status-only index (one index
 * fewer to maintain on the hottest table).
 */
export class AddLocalBusinessListIndex1795910400004 implements MigrationInterface {
  name = 'AddLocalBusinessListIndex1795910400004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_local_businesses_status_updated_at" ON "local_businesses" ("status", "updated_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_status"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_local_businesses_status" ON "local_businesses" ("status")`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_businesses_status_updated_at"`);
  }
}
