import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WF8's DeBounce cache looks up, once per batch, the newest result of any contact with the same address
 * (case-insensitive) validated within DEBOUNCE_CACHE_DAYS. Without this index that is a scan of every contact
 * per batch. Partial (only validated rows), so contacts never validated cost it nothing.
 *
 * For the reviewer: an expression index TypeORM cannot describe, declared on the entity with
 * `synchronize: false` so the migration gate leaves it alone; additive.
 */
export class AddContactValidationCacheIndex1795910400011 implements MigrationInterface {
  name = 'AddContactValidationCacheIndex1795910400011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_contacts_lower_email_validated" ON "contacts" (lower("email"), "debounce_validated_at" DESC) WHERE "debounce_validated_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_lower_email_validated"`);
  }
}
