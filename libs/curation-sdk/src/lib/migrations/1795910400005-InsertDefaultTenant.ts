import { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen copy of DEFAULT_TENANT_ID: a migration must not change meaning if the constant ever does. */
const DEFAULT_TENANT_ID = '550e8400-e29b-41d4-a716-446655440000';
/** Marks the row as this migration's, so down() never removes a tenant the reference system created. */
const INSERTED_BY = 'Default tenant (inserted by migration InsertDefaultTenant1795910400005)';
/** Every table with a tenant_id column, with or without a foreign key: a row there belongs to the tenant. */
const TENANT_TABLES = [
  'local_businesses',
  'domains',
  'sitemap_files',
  'pages',
  'place_searches',
  'places_staging',
] as const;

/**
 * The default tenant every API write and every Google workflow row belongs to. Before this, a freshly
 * migrated database had no tenant, so the first `POST /api/v3/domains/direct-submit` of a new deployment
 * was a 500 (`domains_tenant_id_fkey`) and WF1/WF2 inserted the tenant in every batch.
 *
 * For the reviewer:
 * - Data, not schema: it leaves `migration:generate --check` and the enum check unchanged.
 * - `ON CONFLICT (id) DO NOTHING`: a database the reference created already holds this tenant ("Last Apple");
 *   its row is kept exactly as it is (name, description, timestamps).
 * - down() deletes the row only if this migration inserted it (its description says so) and nothing refers
 *   to it: the foreign keys are ON DELETE NO ACTION, so deleting a referenced tenant would fail the revert,
 *   and tables without a foreign key (pages, place_searches) would be left pointing at nothing.
 *   When the row stays, reverting is still safe: the schema before this migration accepts it.
 */
export class InsertDefaultTenant1795910400005 implements MigrationInterface {
  name = 'InsertDefaultTenant1795910400005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "tenants" ("id", "name", "description") VALUES ($1, 'Last Apple', $2) ON CONFLICT ("id") DO NOTHING`,
      [DEFAULT_TENANT_ID, INSERTED_BY],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const unreferenced = TENANT_TABLES.map(
      (table) => `NOT EXISTS (SELECT 1 FROM "${table}" WHERE "tenant_id" = $1)`,
    ).join(' AND ');
    await queryRunner.query(`DELETE FROM "tenants" WHERE "id" = $1 AND "description" = $2 AND ${unreferenced}`, [
      DEFAULT_TENANT_ID,
      INSERTED_BY,
    ]);
  }
}
