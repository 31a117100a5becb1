import { In } from 'typeorm';

import { DEFAULT_TENANT_ID, findNPlusOne, LocalBusinessEntity, NPlusOneMode, runInQueryScope } from '../../index';
import { createTestDatabase, expectNoNPlusOne, expectQueryBudget, recordQueries, TestDatabase } from '../../testing';

describe('N+1 detector and query budget on a real database', () => {
  let db: TestDatabase;
  let ids: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const rows = Array.from({ length: 10 }, (_, i) => ({
      tenant_id: DEFAULT_TENANT_ID,
      business_name: `Business ${i}`,
      website_url: `https://b${i}.example`,
    }));
    const result = await db.dataSource.manager.insert(LocalBusinessEntity, rows);
    ids = result.identifiers.map((r) => r.id as string);
  });

  afterAll(() => db.drop());

  // The reference pattern: select ids, then one SELECT per item (reference-system.md §4.3).
  const perItemLoop = async (): Promise<string[]> => {
    const repo = db.dataSource.getRepository(LocalBusinessEntity);
    const urls: string[] = [];
    for (const id of ids) {
      const business = await repo.findOneByOrFail({ id });
      urls.push(business.website_url ?? '');
    }
    return urls;
  };

  const setBased = async (): Promise<string[]> => {
    const businesses = await db.dataSource.getRepository(LocalBusinessEntity).findBy({ id: In(ids) });
    return businesses.map((b) => b.website_url ?? '');
  };

  it('catches a deliberately N+1 loop and names its call site', async () => {
    await expect(expectNoNPlusOne(perItemLoop)).rejects.toThrow(
      /N\+1 in expectNoNPlusOne: 10x "SELECT "LocalBusinessEntity".* from .*n-plus-one\.integration-spec\.ts:\d+/,
    );
  });

  it('passes the set-based version of the same work', async () => {
    const urls = await expectNoNPlusOne(setBased);
    expect(urls).toHaveLength(10);
  });

  it('honours an allow-list entry, which must carry a reason', async () => {
    await expect(
      expectNoNPlusOne(perItemLoop, [{ sql: /FROM "local_businesses"/, reason: 'demonstrating the allow-list' }]),
    ).resolves.toHaveLength(10);
  });

  it('does not flag the same statement issued from two different call sites', async () => {
    const repo = db.dataSource.getRepository(LocalBusinessEntity);
    await expectNoNPlusOne(async () => {
      await repo.findOneByOrFail({ id: ids[0] });
      await repo.findOneByOrFail({ id: ids[1] });
    });
  });

  it('enforces a query budget that does not depend on the number of rows', async () => {
    await expect(expectQueryBudget(setBased, 1)).resolves.toHaveLength(10);
    await expect(expectQueryBudget(perItemLoop, 1)).rejects.toThrow(/query budget exceeded: 10 statements > 1/);
  });

  it('logs one warning per offending call site in app mode, and records nothing when off', async () => {
    const warnings: string[] = [];
    await runInQueryScope('tick wf3', NPlusOneMode.Warn, perItemLoop, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^N\+1 in tick wf3: 10x/);
    const off: string[] = [];
    await runInQueryScope('tick wf3', NPlusOneMode.Off, perItemLoop, (m) => off.push(m));
    expect(off).toEqual([]);
  });

  it('scopes recordings per unit of work even when units run concurrently', async () => {
    const [a, b] = await Promise.all([recordQueries(setBased, 'a'), recordQueries(perItemLoop, 'b')]);
    expect(a.queries).toHaveLength(1);
    expect(b.queries).toHaveLength(10);
    expect(findNPlusOne(a.queries)).toEqual([]);
  });
});
