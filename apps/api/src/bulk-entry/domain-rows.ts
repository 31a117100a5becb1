import { EntityManager } from 'typeorm';

import { DEFAULT_TENANT_ID } from '@curation/sdk';

export interface DomainRow {
  readonly id: string;
  /** False when the domain existed before this statement. */
  readonly created: boolean;
}

/**
 * Get-or-create for a set of normalised domain names, in one statement (two when another transaction created one of
 * them concurrently). New domains take the column defaults: curation `New`, as the reference's imports wrote them.
 */
export async function getOrCreateDomains(
  manager: EntityManager,
  names: readonly string[],
): Promise<Map<string, DomainRow>> {
  const byName = new Map<string, DomainRow>();
  if (names.length === 0) return byName;
  // The CTE's INSERT and the SELECT share one snapshot, so the SELECT sees exactly the rows that existed before.
  const rows: { id: string; domain: string; created: boolean }[] = await manager.query(
    `WITH input AS (SELECT DISTINCT name FROM unnest($1::text[]) AS name),
     created AS (
       INSERT INTO domains (domain, tenant_id) SELECT name, $2 FROM input ORDER BY name
       ON CONFLICT (domain) DO NOTHING RETURNING id, domain
     )
     SELECT id, domain, true AS created FROM created
     UNION ALL
     SELECT d.id, d.domain, false FROM domains d JOIN input ON input.name = d.domain`,
    [names, DEFAULT_TENANT_ID],
  );
  for (const row of rows) byName.set(row.domain, { id: row.id, created: row.created });
  // Committed by someone else after this statement's snapshot was taken: neither created nor seen.
  const raced = names.filter((name) => !byName.has(name));
  if (raced.length > 0) {
    const late: { id: string; domain: string }[] = await manager.query(
      `SELECT id, domain FROM domains WHERE domain = ANY($1::text[])`,
      [raced],
    );
    for (const row of late) byName.set(row.domain, { id: row.id, created: false });
  }
  return byName;
}
