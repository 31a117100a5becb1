import { migrateDatabase, openDataSource, revertAllMigrations } from '../../index';
import { createEmptyTestDatabase, createTestDatabase } from '../../testing';

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
      ]);
      const probe = await openDataSource({ url: empty.url, poolMax: 1 });
      try {
        const [built] = await probe.query(userTablesAndTypes);
        expect(built.tables).toBe(8);
        expect(built.enum_types).toBe(19);
        expect(await revertAllMigrations(empty.url)).toBe(5);
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
      expect(pending.upQueries.map((q) => q.query).join('\n')).toContain(`ALTER TABLE "local_businesses" ADD "website_url" character varying`);
    } finally {
      await db.drop();
    }
  });
});
