import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

/**
 * Runs SQL and returns its rows, whatever the command. TypeORM's `query()` returns `[rows, rowCount]` for
 * UPDATE/DELETE but plain rows for SELECT/INSERT; `UPDATE … RETURNING` is the heart of the scheduler, so
 * every such statement goes through here and asks for the structured result.
 */
export async function sqlRows<T extends ObjectLiteral>(
  runner: DataSource | EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<T[]> {
  const existing = runner instanceof EntityManager ? runner.queryRunner : undefined;
  const queryRunner = existing ?? (runner instanceof EntityManager ? runner.connection : runner).createQueryRunner();
  try {
    const result = await queryRunner.query(sql, [...parameters], true);
    return result.records as T[];
  } finally {
    if (!existing) await queryRunner.release();
  }
}
