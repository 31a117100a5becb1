import { DataSource } from 'typeorm';

import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';

/** Inserts one business per website URL (of the default tenant, which the migrations create), set-based; returns ids in order. */
export async function insertBusinesses(
  dataSource: DataSource,
  websiteUrls: readonly (string | null)[],
): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO local_businesses (tenant_id, business_name, website_url, updated_at)
     SELECT $1, 'Business ' || n, url, now() - (count(*) OVER () - n) * interval '1 millisecond'
       FROM unnest($2::text[]) WITH ORDINALITY AS u(url, n)
     ORDER BY n
     RETURNING id`,
    [DEFAULT_TENANT_ID, websiteUrls],
  );
  return rows.map((r) => r.id);
}
