import { MigrationInterface, QueryRunner } from 'typeorm';

import { ident } from '../database/quote-ident';
import { leaseContract } from '../workflows/lease-contract';
import { queueContract, QueueContractSpec, queueMigration } from '../workflows/queue-contract';
import { literal } from '../workflows/workflow-sql';

/** The ten workflows as they were when this migration was written (frozen literals, not the definitions). */
export const QUEUE_SPECS: readonly QueueContractSpec[] = [
  {
    table: 'place_searches',
    processingColumn: 'status',
    queued: 'pending',
    processing: 'processing',
    claimOrder: 'created_at',
    idType: 'uuid',
  },
  {
    table: 'places_staging',
    processingColumn: 'deep_scan_status',
    queued: 'Queued',
    processing: 'Processing',
    claimOrder: 'updated_at',
    idType: 'integer',
  },
  {
    table: 'local_businesses',
    processingColumn: 'domain_extraction_status',
    queued: 'Queued',
    processing: 'Processing',
    claimOrder: 'updated_at',
    idType: 'uuid',
  },
  {
    table: 'domains',
    processingColumn: 'sitemap_analysis_status',
    queued: 'queued',
    processing: 'processing',
    claimOrder: 'updated_at',
    idType: 'uuid',
  },
  {
    table: 'sitemap_files',
    processingColumn: 'sitemap_import_status',
    queued: 'Queued',
    processing: 'Processing',
    claimOrder: 'updated_at',
    idType: 'uuid',
  },
  {
    table: 'pages',
    processingColumn: 'page_processing_status',
    queued: 'Queued',
    processing: 'Processing',
    claimOrder: 'updated_at',
    idType: 'uuid',
  },
  ...[
    'brevo_processing_status',
    'debounce_processing_status',
    'hubspot_processing_status',
    'n8n_processing_status',
  ].map(
    (processingColumn): QueueContractSpec => ({
      table: 'contacts',
      processingColumn,
      queued: 'Queued',
      processing: 'Processing',
      claimOrder: 'updated_at',
      idType: 'uuid',
    }),
  ),
];

/**
 * An index on a column the loop writes that no documented list filter needs (the domains list's sort by
 * sitemap_analysis_status reads the table, like every processing-status sort): it would make WF4's outcomes
 * non-HOT for nothing. The ones a filter needs stay (lease-contract.integration-spec.ts names them).
 */
export const DROPPED_PROCESSING_INDEXES = [
  { name: 'ix_domains_sitemap_analysis_status', table: 'domains', column: 'sitemap_analysis_status' },
] as const;

/** Free space left in each new page of a curated table, so an outcome's write finds room on its row's page. */
export const CURATED_FILLFACTOR = 50;

/**
 * The loop's claim and lease state leave the curated rows for one narrow queue table per workflow
 * (workflows/queue-contract.ts), and the two partial indexes each workflow had on its curated table go.
 *
 * Why: a claim and an acknowledgement each wrote a new version of the wide curated row, and since the
 * processing status was in those indexes' predicates, every version took an entry in every index of the
 * table (13 on local_businesses): `npm run bench:loop-designs` measured that storage cost as the whole gap
 * to graphile-worker. Now the claim writes only the queue row and the outcome writes the curated row once,
 * touching no indexed column, so it is a HOT update.
 *
 * For the reviewer:
 * - Each queue table starts with the rows queued or in processing when the migration runs (one INSERT …
 *   SELECT per workflow, reading the partial index it is about to drop); in-flight leases are kept.
 * - The triggers are statement-level with transition tables: one set-based INSERT and DELETE per statement,
 *   not a call per row. They fire for every INSERT, UPDATE, DELETE and TRUNCATE of the curated tables.
 * - fillfactor applies to pages written from now on; an operator can rewrite a large table (pg_repack,
 *   VACUUM FULL in a maintenance window) to give the existing pages the same room. Nothing depends on it.
 * - Deviation from the reference, recorded in the README: while a row is in flight its curated processing
 *   column still says queued (the flight is in the queue table, and the API and dashboard read it there),
 *   and outcomes no longer stamp updated_at.
 * - down() writes the flights back to the curated rows (processing label, owner, lease, attempts), recreates
 *   the partial indexes of 1795910400003/…0010 and drops the queue tables.
 */
export class MoveClaimsToQueueTables1795910400015 implements MigrationInterface {
  name = 'MoveClaimsToQueueTables1795910400015';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const spec of QUEUE_SPECS) {
      for (const statement of queueMigration(spec).up) await queryRunner.query(statement);
      const lease = leaseContract(spec);
      for (const index of [lease.claimIndex, lease.leaseIndex])
        await queryRunner.query(`DROP INDEX ${ident(index.name)}`);
    }
    for (const index of DROPPED_PROCESSING_INDEXES) await queryRunner.query(`DROP INDEX ${ident(index.name)}`);
    for (const table of new Set(QUEUE_SPECS.map((s) => s.table)))
      await queryRunner.query(`ALTER TABLE ${ident(table)} SET (fillfactor = ${CURATED_FILLFACTOR})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of new Set(QUEUE_SPECS.map((s) => s.table)))
      await queryRunner.query(`ALTER TABLE ${ident(table)} RESET (fillfactor)`);
    for (const index of DROPPED_PROCESSING_INDEXES)
      await queryRunner.query(`CREATE INDEX ${ident(index.name)} ON ${ident(index.table)} (${ident(index.column)})`);
    for (const spec of [...QUEUE_SPECS].reverse()) {
      const p = spec.processingColumn;
      const q = ident(queueContract(spec).table);
      await queryRunner.query(
        `UPDATE ${ident(spec.table)} AS t SET ${ident(p)} = ${literal(spec.processing)}, ${ident(`${p}_locked_by`)} = q.locked_by,
           ${ident(`${p}_lease_expires_at`)} = q.lease_expires_at, ${ident(`${p}_attempts`)} = q.attempts
          FROM ${q} AS q WHERE q.row_id = t.${ident(spec.idColumn ?? 'id')} AND q.locked_by IS NOT NULL`,
      );
      const lease = leaseContract(spec);
      for (const index of [lease.claimIndex, lease.leaseIndex])
        await queryRunner.query(
          `CREATE INDEX ${ident(index.name)} ON ${ident(spec.table)} (${index.columns.map(ident).join(', ')}) WHERE ${ident(p)} = ${literal(index.label)}`,
        );
      for (const statement of queueMigration(spec).down) await queryRunner.query(statement);
    }
  }
}
