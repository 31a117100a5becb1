import { DataSource } from 'typeorm';

import { DEFAULT_TENANT_ID, migrateDatabase, openDataSource, revertAllMigrations, WORKFLOWS } from '../../index';
import { createEmptyTestDatabase, createTestDatabase } from '../../testing';
import { InsertDefaultTenant1795910400005 } from './1795910400005-InsertDefaultTenant';
import { LEGACY_PROCESSING_COLUMNS } from './1795910400006-BackfillLegacyLeaseExpiry';
import { WF8_LEGACY_PROCESSING_COLUMNS } from './1795910400010-AddWf8LeaseColumns';

const userTablesAndTypes = `
  SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations') AS tables,
         (SELECT count(*)::int FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype = 'e') AS enum_types,
         (SELECT count(*)::int FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations') AS indexes`;

describe('migrations', () => {
  it('build the whole schema from an empty database, and every down leaves no table, type or index behind', async () => {
    const empty = await createEmptyTestDatabase();
    try {
      const applied = await migrateDatabase(empty.url);
      expect(applied).toEqual([
        'CreateReferenceSchema1795910400000',
        'AddSitemapIdempotencyAndTerminalState1795910400001',
        'AddListAndQueueIndexes1795910400002',
        'AddSchedulerLeaseColumns1795910400003',
        'AddLocalBusinessListIndex1795910400004',
        'InsertDefaultTenant1795910400005',
        'BackfillLegacyLeaseExpiry1795910400006',
        'NameQueueIndexesByContract1795910400007',
        'CreateWorkflowPauses1795910400008',
        'AddContactEnrichmentColumns1795910400009',
        'AddWf8LeaseColumns1795910400010',
        'AddContactValidationCacheIndex1795910400011',
        'AddListSearchIndexes1795910400012',
        'CreateHostPoliteness1795910400014',
        'MoveClaimsToQueueTables1795910400015',
      ]);
      const probe = await openDataSource({ url: empty.url, poolMax: 1 });
      try {
        const [built] = await probe.query(userTablesAndTypes);
        expect(built.tables).toBe(20); // 10, and one queue table per workflow since …0015
        expect(built.enum_types).toBe(19);
        expect(await revertAllMigrations(empty.url)).toBe(applied.length);
        const [after] = await probe.query(userTablesAndTypes);
        expect(after).toEqual({ tables: 0, enum_types: 0, indexes: 0 });
        // and the chain can be replayed after a full revert
        await migrateDatabase(empty.url);
        const [rebuilt] = await probe.query(userTablesAndTypes);
        expect(rebuilt).toEqual(built);
      } finally {
        await probe.destroy();
      }
    } finally {
      await empty.drop();
    }
  });

  it('leave nothing for the schema builder to change (the in-process form of migration:generate --check)', async () => {
    const db = await createTestDatabase();
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('the gate can fail: a column the entities have but the database lacks is reported', async () => {
    const db = await createTestDatabase();
    try {
      await db.dataSource.query(`ALTER TABLE "local_businesses" DROP COLUMN "website_url"`);
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query).join('\n')).toContain(
        `ALTER TABLE "local_businesses" ADD "website_url" character varying`,
      );
    } finally {
      await db.drop();
    }
  });

  describe('the default tenant (1795910400005)', () => {
    const tenants = (ds: DataSource) => ds.query(`SELECT id, name, description FROM tenants ORDER BY id`);
    const runDown = async (ds: DataSource) => {
      const runner = ds.createQueryRunner();
      try {
        await new InsertDefaultTenant1795910400005().down(runner);
      } finally {
        await runner.release();
      }
    };

    it('is in every migrated database, and down removes it only while nothing refers to it', async () => {
      const db = await createTestDatabase();
      try {
        expect(await tenants(db.dataSource)).toEqual([
          {
            id: DEFAULT_TENANT_ID,
            name: 'Last Apple',
            description: expect.stringContaining('InsertDefaultTenant1795910400005'),
          },
        ]);
        await db.dataSource.query(
          `INSERT INTO place_searches (tenant_id, business_type, location) VALUES ($1, 'bakery', 'Austin')`,
          [DEFAULT_TENANT_ID],
        );
        await runDown(db.dataSource);
        expect(await tenants(db.dataSource)).toHaveLength(1);
        await db.dataSource.query(`DELETE FROM place_searches`);
        await runDown(db.dataSource);
        expect(await tenants(db.dataSource)).toEqual([]);
      } finally {
        await db.drop();
      }
    });

    it("keeps a database's own default tenant as it was (the reference's row), and down never deletes it", async () => {
      const db = await createTestDatabase();
      try {
        await db.dataSource.query(`DELETE FROM tenants`);
        await db.dataSource.query(
          `INSERT INTO tenants (id, name, description) VALUES ($1, 'Last Apple', 'from the reference')`,
          [DEFAULT_TENANT_ID],
        );
        const runner = db.dataSource.createQueryRunner();
        try {
          await new InsertDefaultTenant1795910400005().up(runner);
        } finally {
          await runner.release();
        }
        expect(await tenants(db.dataSource)).toEqual([
          { id: DEFAULT_TENANT_ID, name: 'Last Apple', description: 'from the reference' },
        ]);
        await runDown(db.dataSource);
        expect(await tenants(db.dataSource)).toHaveLength(1);
      } finally {
        await db.drop();
      }
    });
  });

  it("the lease backfill (1795910400006) covers every workflow's processing column and label", () => {
    const fromDefinitions = WORKFLOWS.map((d) => ({
      table: d.table,
      column: d.processing.column,
      processing: d.processing.processing,
    }));
    // 1795910400006 gave the first six workflows' legacy rows an expired lease; 1795910400010 does it for WF8's.
    const order = (a: { table: string; column: string }, b: { table: string; column: string }) =>
      a.table.localeCompare(b.table) || a.column.localeCompare(b.column);
    expect([...LEGACY_PROCESSING_COLUMNS, ...WF8_LEGACY_PROCESSING_COLUMNS].sort(order)).toEqual(
      fromDefinitions.sort(order),
    );
  });
});
