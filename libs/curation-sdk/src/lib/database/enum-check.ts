import { DataSource } from 'typeorm';

import { PG_ENUMS } from '../enums/enum-registry';
import { CatalogEnum, diffEnum, EnumTypeDrift, formatEnumDrift } from './enum-drift';

/** Raised when the database's enum types disagree with the code; the message is the readable diff. */
export class EnumDriftError extends Error {
  constructor(readonly drifts: readonly EnumTypeDrift[]) {
    super(formatEnumDrift(drifts));
    this.name = 'EnumDriftError';
  }
}

interface CatalogRow {
  typname: string;
  typtype: string;
  labels: string[] | null;
}

/** Reads every registered enum type from pg_type/pg_enum (labels in enumsortorder) in one statement. */
export async function readEnumCatalog(dataSource: DataSource): Promise<Map<string, CatalogEnum>> {
  const rows: CatalogRow[] = await dataSource.query(
    `SELECT t.typname, t.typtype::text AS typtype,
            array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FILTER (WHERE e.enumlabel IS NOT NULL) AS labels
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = current_schema() AND t.typname = ANY($1)
      GROUP BY t.typname, t.typtype`,
    [PG_ENUMS.map((e) => e.pgType)],
  );
  return new Map(rows.map((r) => [r.typname, { labels: r.labels ?? [], isEnum: r.typtype === 'e' }]));
}

/** Compares every registered enum with the database. */
export async function checkEnums(dataSource: DataSource): Promise<EnumTypeDrift[]> {
  const catalog = await readEnumCatalog(dataSource);
  return PG_ENUMS.map((def) => diffEnum(def, catalog.get(def.pgType)));
}

/** Throws EnumDriftError when any registered enum differs; the apps call this before serving. */
export async function assertEnumsMatch(dataSource: DataSource): Promise<void> {
  const drifts = await checkEnums(dataSource);
  if (drifts.some((d) => d.items.length > 0)) throw new EnumDriftError(drifts);
}
