// Test-only: the example workflow's table (see example.definition.ts); its lease columns and indexes come from leaseMigration.
import { MigrationInterface, QueryRunner } from 'typeorm';

import { leaseMigration } from '../lease-contract';

const LEASE = leaseMigration({
  table: 'example_submissions',
  processingColumn: 'check_status',
  queued: 'Queued',
  processing: 'Processing',
  claimOrder: 'updated_at',
});

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
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    for (const statement of LEASE.up) await queryRunner.query(statement);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of LEASE.down) await queryRunner.query(statement);
    await queryRunner.query(`DROP TABLE "example_submissions"`);
  }
}
