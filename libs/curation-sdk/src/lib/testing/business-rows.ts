import { DataSource } from 'typeorm';
import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';

/** Inserts the default tenant (if missing) and one business per website URL, set-based; returns ids in order. */
export async function insertBusinesses(dataSource: DataSource, websiteUrls: readonly (string | null)[]): Promise<string[]> {
  await dataSource.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Last Apple') ON CONFLICT (id) DO NOTHING`, [DEFAULT_TENANT_ID]);
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
