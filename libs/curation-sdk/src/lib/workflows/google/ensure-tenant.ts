import { EntityManager } from 'typeorm';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';

/** Rows written by the Google workflows belong to the default tenant, which a fresh database may lack. */
export async function ensureDefaultTenant(manager: EntityManager): Promise<void> {
  await manager.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Default tenant') ON CONFLICT (id) DO NOTHING`, [DEFAULT_TENANT_ID]);
}
