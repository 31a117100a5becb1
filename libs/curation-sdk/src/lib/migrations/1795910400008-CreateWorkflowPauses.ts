import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `workflow_pauses`: one row per workflow that a service stopped (DeBounce 401/402), so every worker stops
 * claiming for that workflow until `paused_until` and `/api/v3/workflows/status` can say why.
 *
 * For the reviewer: a new table (not a reference one), additive; the claim statement checks it by primary key,
 * so a pause costs no extra statement per cycle.
 */
export class CreateWorkflowPauses1795910400008 implements MigrationInterface {
  name = 'CreateWorkflowPauses1795910400008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "workflow_pauses" ("workflow_id" text NOT NULL, "paused_until" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "paused_by" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "workflow_pauses_pkey" PRIMARY KEY ("workflow_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "workflow_pauses"`);
  }
}
