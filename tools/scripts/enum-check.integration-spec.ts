import { createDriftedDatabase, createTestDatabase, runTsScript, TestDatabase } from '@curation/sdk/testing';

describe('npm run enum-check', () => {
  let good: TestDatabase;
  let drifted: TestDatabase;

  beforeAll(async () => {
    [good, drifted] = await Promise.all([createTestDatabase(), createDriftedDatabase()]);
  });

  afterAll(() => Promise.all([good.drop(), drifted.drop()]));

  it('exits 0 on a migrated database', async () => {
    const result = await runTsScript('tools/scripts/enum-check.ts', [], { DATABASE_URL: good.url });
    expect(result.stdout).toMatch(/enum check: all \d+ enum types match the database/);
    expect(result.code).toBe(0);
  });

  it('exits 1 with a readable diff when place_status_enum has Not_a_Fit instead of Not a Fit', async () => {
    const result = await runTsScript('tools/scripts/enum-check.ts', [], { DATABASE_URL: drifted.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('enum check: 1 of ');
    expect(result.stderr).toContain('place_status_enum (PlaceStatus):');
    expect(result.stderr).toContain('- likely renamed: code has "Not a Fit", database has "Not_a_Fit"');
  });

  it('only reads: it refuses to write through its connection', async () => {
    const before = await drifted.dataSource.query(`SELECT count(*)::int AS n FROM pg_enum`);
    await runTsScript('tools/scripts/enum-check.ts', [], { DATABASE_URL: drifted.url });
    expect(await drifted.dataSource.query(`SELECT count(*)::int AS n FROM pg_enum`)).toEqual(before);
  });

  it('exits 2 when it cannot connect', async () => {
    const result = await runTsScript('tools/scripts/enum-check.ts', [], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('enum check could not run');
  });
});
