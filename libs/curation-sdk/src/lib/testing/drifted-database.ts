import { PlaceStatus } from '../enums/place-status.enum';
import { createTestDatabase, TestDatabase } from './test-database';

/** The WO-004.8 production state: a migrated database whose place_status_enum spells `Not_a_Fit`. */
export async function createDriftedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await db.dataSource.query(`ALTER TYPE "place_status_enum" RENAME VALUE '${PlaceStatus.NotAFit}' TO 'Not_a_Fit'`);
  return db;
}
