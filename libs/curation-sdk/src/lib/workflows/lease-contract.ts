import { Column } from 'typeorm';

import { WorkflowDefinition } from './workflow-definition';
import { ident, literal } from './workflow-sql';

/** What a workflow's table needs for the loop, named after its processing column (migration 1795910400003's rule). */
export interface LeaseContractSpec {
  readonly table: string;
  readonly processingColumn: string;
  readonly queued: string;
  readonly processing: string;
  readonly claimOrder: string;
  /** Default `id`. */
  readonly idColumn?: string;
}

export interface LeaseColumnContract {
  readonly name: string;
  readonly type: 'integer' | 'timestamptz' | 'text';
  readonly nullable: boolean;
  readonly default?: number;
}

export interface PartialIndexContract {
  readonly name: string;
  readonly columns: readonly string[];
  /** The processing label the index is restricted to. */
  readonly label: string;
}

export interface LeaseContract {
  readonly columns: readonly LeaseColumnContract[];
  /** The claim's partial index: queued rows in claim order. */
  readonly claimIndex: PartialIndexContract;
  /** The sweep's partial index: rows in processing by lease expiry. */
  readonly leaseIndex: PartialIndexContract;
}

/** The four lease columns and the two partial indexes of one workflow; the entity and migration helpers both use it. */
export function leaseContract(spec: LeaseContractSpec): LeaseContract {
  const p = spec.processingColumn;
  return {
    columns: [
      { name: `${p}_attempts`, type: 'integer', nullable: false, default: 0 },
      { name: `${p}_lease_expires_at`, type: 'timestamptz', nullable: true },
      { name: `${p}_locked_by`, type: 'text', nullable: true },
      { name: `${p}_next_attempt_at`, type: 'timestamptz', nullable: true },
    ],
    claimIndex: {
      name: `ix_${spec.table}_${p}_queued`,
      columns: [spec.claimOrder, spec.idColumn ?? 'id'],
      label: spec.queued,
    },
    leaseIndex: { name: `ix_${spec.table}_${p}_lease`, columns: [`${p}_lease_expires_at`], label: spec.processing },
  };
}

/** The contract a definition implies. */
export function definitionLeaseContract(def: WorkflowDefinition): LeaseContract {
  return leaseContract({
    table: def.table,
    processingColumn: def.processing.column,
    queued: def.processing.queued,
    processing: def.processing.processing,
    claimOrder: def.claimOrder,
    idColumn: def.idColumn,
  });
}

/**
 * Class decorator: puts the lease columns on an entity, so they are not copied by hand. The entity still
 * declares the four properties for TypeScript (`declare <p>_attempts: number;` …). The two partial indexes
 * of the contract are history: migration 1795910400015 moved the claim and the sweep to the workflow's queue
 * table (queue-contract.ts), and no index of a curated table holds a column the loop writes.
 */
export function LeaseColumns(spec: LeaseContractSpec): ClassDecorator {
  const contract = leaseContract(spec);
  return (target) => {
    for (const column of contract.columns) {
      Column({
        type: column.type,
        nullable: column.nullable,
        ...(column.default === undefined ? {} : { default: column.default }),
      })(target.prototype, column.name);
    }
  };
}

const SQL_TYPES: Record<LeaseColumnContract['type'], string> = {
  integer: 'integer',
  timestamptz: 'TIMESTAMP WITH TIME ZONE',
  text: 'text',
};

/** The statements that add (up) and remove (down) a workflow's four lease columns. */
export function leaseColumnMigration(spec: Pick<LeaseContractSpec, 'table' | 'processingColumn'>): {
  readonly up: readonly string[];
  readonly down: readonly string[];
} {
  const { columns } = leaseContract({ ...spec, queued: '', processing: '', claimOrder: '' });
  const table = ident(spec.table);
  return {
    up: columns.map(
      (c) =>
        `ALTER TABLE ${table} ADD ${ident(c.name)} ${SQL_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}${c.default === undefined ? '' : ` DEFAULT '${c.default}'`}`,
    ),
    down: columns.map((c) => `ALTER TABLE ${table} DROP COLUMN ${ident(c.name)}`),
  };
}

/**
 * The lease columns and the two partial indexes of the contract as migrations 1795910400003 and …0010 created
 * them (frozen history: …0015 replaced the indexes by queue tables). A new workflow's migration uses
 * {@link leaseColumnMigration} and `queueMigration` instead (see the example workflow).
 */
export function leaseMigration(spec: LeaseContractSpec): {
  readonly up: readonly string[];
  readonly down: readonly string[];
} {
  const contract = leaseContract(spec);
  const table = ident(spec.table);
  const indexes = [contract.claimIndex, contract.leaseIndex];
  const columns = leaseColumnMigration(spec);
  return {
    up: [
      ...columns.up,
      ...indexes.map(
        (i) =>
          `CREATE INDEX ${ident(i.name)} ON ${table} (${i.columns.map(ident).join(', ')}) WHERE ${ident(spec.processingColumn)} = ${literal(i.label)}`,
      ),
    ],
    down: [...indexes.map((i) => `DROP INDEX ${ident(i.name)}`), ...columns.down],
  };
}
