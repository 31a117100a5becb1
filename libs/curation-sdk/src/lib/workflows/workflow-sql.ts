import { ident } from '../database/quote-ident';
import { PgEnumDefinition } from '../enums/pg-enum';
import { WorkflowDefinition } from './workflow-definition';

export { ident };

/** A quoted string literal; only for labels a definition has already checked against its enum. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The cast that turns a text parameter into an enum column's type (varchar for text-backed value sets). */
export function enumCast(values: PgEnumDefinition): string {
  return values.pgType === null ? '::varchar' : `::${ident(values.pgType)}`;
}

/** The cast that turns a text parameter into the processing column's type. */
export function processingCast(def: WorkflowDefinition): string {
  return enumCast(def.processing.enum);
}

export function curationCast(def: WorkflowDefinition): string {
  if (!def.curation) throw new Error(`${def.id} has no curation column`);
  return enumCast(def.curation.enum);
}

export function idArrayCast(def: WorkflowDefinition): string {
  return def.idType === 'uuid' ? '::uuid[]' : '::int[]';
}

/** The names used in SQL for one definition, quoted once. */
export function sqlNames(def: WorkflowDefinition) {
  return {
    table: ident(def.table),
    id: ident(def.idColumn),
    status: ident(def.processing.column),
    error: ident(def.errorColumn),
    attempts: ident(def.leaseColumns.attempts),
    leaseExpiresAt: ident(def.leaseColumns.leaseExpiresAt),
    lockedBy: ident(def.leaseColumns.lockedBy),
    nextAttemptAt: ident(def.leaseColumns.nextAttemptAt),
    order: ident(def.claimOrder),
    updatedAt: ident(def.updatedAt),
    statusCast: processingCast(def),
    idArray: idArrayCast(def),
  };
}

/**
 * The assignment that writes a definition's side status on final failure, or '' when it has none.
 * `failed` is the SQL condition under which the row fails for good in that statement.
 */
export function onFailureAssignment(def: WorkflowDefinition, failed: string, alias = ''): string {
  if (!def.onFailure) return '';
  const column = ident(def.onFailure.column);
  return `, ${column} = CASE WHEN ${failed} THEN ${literal(def.onFailure.label)}${enumCast(def.onFailure.enum)} ELSE ${alias}${column} END`;
}
