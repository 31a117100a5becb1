// Test-only: the example workflow's table (see example.definition.ts): its lease columns come from
// leaseColumnMigration and its queue table (with the triggers that feed it) from queueMigration.
import { MigrationInterface, QueryRunner } from 'typeorm';

import { leaseColumnMigration } from '../lease-contract';
import { QueueContractSpec, queueMigration } from '../queue-contract';

const SPEC: QueueContractSpec = {
  table: 'example_submissions',
  processingColumn: 'check_status',
  queued: 'Queued',
  processing: 'Processing',
  claimOrder: 'updated_at',
  idType: 'uuid',
};

export class CreateExampleSubmissions1900000000000 implements MigrationInterface {
  name = 'CreateExampleSubmissions1900000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "example_submissions" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "url" text NOT NULL,
      "review_status" varchar NOT NULL DEFAULT 'New',
      "check_status" varchar,
      "check_error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())
      WITH (fillfactor = 50)`);
    for (const statement of [...leaseColumnMigration(SPEC).up, ...queueMigration(SPEC).up])
      await queryRunner.query(statement);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...queueMigration(SPEC).down, ...leaseColumnMigration(SPEC).down])
      await queryRunner.query(statement);
    await queryRunner.query(`DROP TABLE "example_submissions"`);
  }
}
