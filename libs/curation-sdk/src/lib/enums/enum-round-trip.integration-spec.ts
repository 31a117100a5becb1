import { ObjectLiteral } from 'typeorm';

import {
  ContactEntity,
  DEFAULT_TENANT_ID,
  DomainEntity,
  LocalBusinessEntity,
  PageEntity,
  PG_ENUMS,
  PlaceSearchEntity,
  PlaceStagingEntity,
  PlaceStatus,
  SitemapFileEntity,
} from '../../index';
import { createTestDatabase, TestDatabase } from '../../testing';

describe('every label of every enum round-trips through the entities', () => {
  let db: TestDatabase;
  const ids = new Map<string, string | number>();

  beforeAll(async () => {
    db = await createTestDatabase();
    const m = db.dataSource.manager;
    const business = await m.save(LocalBusinessEntity, {
      tenant_id: DEFAULT_TENANT_ID,
      business_name: 'Round Trip Bakery',
      place_id: 'p-1',
    });
    const domain = await m.save(DomainEntity, { tenant_id: DEFAULT_TENANT_ID, domain: 'roundtrip.example' });
    const sitemap = await m.save(SitemapFileEntity, {
      domain_id: domain.id,
      url: 'https://roundtrip.example/sitemap.xml',
      sitemap_type: 'standard',
    });
    const page = await m.save(PageEntity, {
      tenant_id: DEFAULT_TENANT_ID,
      domain_id: domain.id,
      url: 'https://roundtrip.example/contact',
    });
    const contact = await m.save(ContactEntity, {
      domain_id: domain.id,
      page_id: page.id,
      email: 'hello@roundtrip.example',
    });
    const place = await m.save(PlaceStagingEntity, {
      tenant_id: DEFAULT_TENANT_ID,
      place_id: 'ChIJ-round-trip',
      name: 'Round Trip Bakery',
    });
    const search = await m.save(PlaceSearchEntity, { location: 'Springfield', business_type: 'bakery' });
    for (const [table, id] of [
      ['local_businesses', business.id],
      ['domains', domain.id],
      ['sitemap_files', sitemap.id],
      ['pages', page.id],
      ['contacts', contact.id],
      ['places_staging', place.id],
      ['place_searches', search.id],
    ] as const) {
      ids.set(table, id);
    }
  });

  afterAll(() => db.drop());

  const columnsUsing = (pgType: string) =>
    db.dataSource.entityMetadatas.flatMap((meta) =>
      meta.columns
        .filter((c) => c.type === 'enum' && c.enumName === pgType)
        .map((c) => ({ meta, column: c.databaseName })),
    );

  it('maps every registered Postgres enum to at least one entity column', () => {
    for (const def of PG_ENUMS)
      expect({ type: def.pgType, columns: columnsUsing(def.pgType).length }).not.toEqual({
        type: def.pgType,
        columns: 0,
      });
  });

  it('writes each label through TypeORM and reads back exactly that label, in raw SQL and through the entity', async () => {
    let checked = 0;
    for (const def of PG_ENUMS) {
      for (const { meta, column } of columnsUsing(def.pgType)) {
        const id = ids.get(meta.tableName);
        if (id === undefined) throw new Error(`no base row for ${meta.tableName}`);
        for (const label of def.labels) {
          await db.dataSource.getRepository(meta.target).update(id, { [column]: label } as ObjectLiteral);
          const raw: { value: string }[] = await db.dataSource.query(
            `SELECT "${column}"::text AS value FROM "${meta.tableName}" WHERE id = $1`,
            [id],
          );
          expect(`${meta.tableName}.${column}=${raw[0].value}`).toBe(`${meta.tableName}.${column}=${label}`);
          const entity = (await db.dataSource
            .getRepository(meta.target)
            .findOneByOrFail({ id } as ObjectLiteral)) as Record<string, unknown>;
          expect(entity[column]).toBe(label);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('stores "Not a Fit" with its spaces on local_businesses.status', async () => {
    const id = ids.get('local_businesses');
    await db.dataSource.getRepository(LocalBusinessEntity).update(id as string, { status: PlaceStatus.NotAFit });
    const [row] = await db.dataSource.query(
      `SELECT status::text AS status, status = 'Not a Fit'::place_status_enum AS exact FROM local_businesses WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'Not a Fit', exact: true });
  });

  it('is rejected by Postgres when a member name is written where the label belongs', async () => {
    await expect(
      db.dataSource.query(`UPDATE local_businesses SET status = $1 WHERE id = $2`, [
        'Not_a_Fit',
        ids.get('local_businesses'),
      ]),
    ).rejects.toThrow(/invalid input value for enum place_status_enum: "Not_a_Fit"/);
  });
});
