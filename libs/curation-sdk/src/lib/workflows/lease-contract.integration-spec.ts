import { createTestDatabase, queueTableOf, TestDatabase } from '../../testing';
import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';
import { generateFixtures } from '../fixtures/fixture-generator';
import { insertFixtures } from '../fixtures/insert-fixtures';
import { buildLoopStatements } from '../scheduler/loop-sql';
import { definitionLeaseContract } from './lease-contract';
import { queueContract } from './queue-contract';
import { WORKFLOW_REGISTRY } from './workflow-registry';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/** For every registered workflow: its entity and its migrated table carry what the loop needs, and the loop's hot statements use it. */
describe('lease contract of every registered workflow', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Realistic volumes (every table in the thousands, labels spread as the reference's data): on an empty
    // table the planner rightly prefers a sequential scan, so the plans below mean nothing without rows.
    await insertFixtures(db.dataSource, generateFixtures({ count: 5_000 }));
    // The fixtures hold a few dozen searches; a deployment gathers thousands, nearly all finished.
    await db.dataSource.query(
      `INSERT INTO place_searches (tenant_id, business_type, location, params, status)
       SELECT $1, 'dentist', 'City ' || i, '{}'::jsonb, 'complete' FROM generate_series(1, 20000) AS i`,
      [DEFAULT_TENANT_ID],
    );
    // A busy queue: thousands waiting, a few in flight (rows of no curated row: only the plans are looked at).
    for (const { definition: def } of WORKFLOW_REGISTRY) {
      const id = def.idType === 'uuid' ? 'gen_random_uuid()' : '1000000000 + i';
      await db.dataSource.query(
        `INSERT INTO ${queueTableOf(def)} (row_id, run_at, attempts, locked_by, lease_expires_at)
         SELECT ${id}, now() - i * interval '1 second', 0, CASE WHEN i % 50 = 0 THEN 'w' END,
                CASE WHEN i % 50 = 0 THEN now() + interval '1 minute' END
           FROM generate_series(1, 20000) AS i`,
      );
    }
    await db.dataSource.query('ANALYZE');
  }, 120_000);

  /**
   * Indexes on a column the loop writes that a documented list filter needs: acknowledgements of these
   * workflows write an index entry (one per outcome, where before …0015 claim and outcome each wrote one
   * in every index of the table).
   */
  const FILTER_INDEXES: Record<string, string> = {
    'wf7-page-curation': 'ix_pages_page_processing_status',
    'wf8-brevo': 'ix_contacts_brevo_sync_status',
    'wf8-hubspot': 'ix_contacts_hubspot_sync_status',
    'wf8-n8n': 'ix_contacts_n8n_sync_status',
  };

  afterAll(() => db.drop());

  const explain = async (sql: string, params: unknown[]): Promise<PlanNode[]> => {
    // Only as many parameters as the statement has.
    const arity = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const [row] = await db.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params.slice(0, arity));
    return nodes(row['QUERY PLAN'][0].Plan);
  };

  /** Every index of `table` whose key or predicate names one of `columns`, with its definition. */
  const indexesOn = async (table: string, columns: readonly string[]): Promise<string[]> => {
    const rows: { indexdef: string }[] = await db.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
      [table],
    );
    const named = (def: string, column: string) => new RegExp(`[("\\s]${column}[)"\\s:]`).test(def);
    return rows.map((r) => r.indexdef).filter((def) => columns.some((c) => named(def, c)));
  };

  it.each(WORKFLOW_REGISTRY.map((w) => [w.definition.id, w.definition] as const))(
    '%s: entity lease columns, a queue table whose indexes the claim and sweep use, no curated index on a column the loop writes',
    async (_id, def) => {
      const contract = definitionLeaseContract(def);
      const meta = db.dataSource.getMetadata(def.entity);
      for (const column of contract.columns) {
        const declared = meta.columns.find((c) => c.databaseName === column.name);
        expect({
          name: declared?.databaseName,
          type: declared?.type,
          nullable: declared?.isNullable,
          default: declared?.default,
        }).toEqual({
          name: column.name,
          type: column.type,
          nullable: column.nullable,
          default: column.default,
        });
      }

      // What makes the outcome's write HOT: no index of the curated table holds a column the loop writes.
      const written = [
        def.processing.column,
        def.errorColumn,
        ...Object.values(def.leaseColumns),
        ...(def.onFailure ? [def.onFailure.column] : []),
      ];
      const allowed = FILTER_INDEXES[def.id];
      expect((await indexesOn(def.table, written)).map((d) => d.split(' ')[2])).toEqual(allowed ? [allowed] : []);
      expect(
        meta.indices.filter((i) => i.columns.some((c) => written.includes(c.databaseName))).map((i) => i.name),
      ).toEqual(allowed ? [allowed] : []);

      const queue = queueContract({ table: def.table, processingColumn: def.processing.column });
      const sql = buildLoopStatements(def);
      const p = def.processing;
      const claim = await explain(sql.claim, ['explain', 60_000, def.defaults.batchSize]);
      const sweep = await explain(sql.sweep, [p.failed, p.queued, def.defaults.maxAttempts]);
      const ids = def.idType === 'uuid' ? ['00000000-0000-4000-8000-000000000000'] : [1];
      const ack = await explain(sql.acknowledge, [ids, ['done'], [null], [0], p.done, p.failed, p.queued, 'explain']);
      const scans = (plan: PlanNode[]) =>
        plan
          .filter((n) => n['Relation Name'] === def.table || n['Relation Name'] === queue.table || n['Index Name'])
          .map((n) => `${n['Node Type']}:${n['Index Name'] ?? n['Relation Name'] ?? ''}`);
      expect(scans(claim)).toContain(`Index Scan:${queue.claimIndex}`);
      expect(scans(claim).filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      expect(scans(sweep).some((s) => s.endsWith(`:${queue.leaseIndex}`))).toBe(true);
      expect(scans(sweep).filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      expect(scans(ack).filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
    },
  );
});

/**
 * The queue's sync trigger runs on every write of a curated table (each acknowledgement, each status change):
 * its statements must probe the queue by primary key, not read the whole queue. auto_explain prints the plans
 * of the statements the trigger runs, nested inside the UPDATE and DELETE that fire it.
 */
describe('queue sync trigger plans', () => {
  let db: TestDatabase;
  let table: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 5_000 }));
    const def = WORKFLOW_REGISTRY.find((w) => w.definition.table === 'local_businesses')?.definition;
    if (!def) throw new Error('no local_businesses workflow');
    table = queueContract({ table: def.table, processingColumn: def.processing.column }).table;
    // 20,000 waiting rows of no curated row, and 100 real businesses queued through the trigger itself
    await db.dataSource.query(
      `INSERT INTO ${queueTableOf(def)} (row_id, run_at) SELECT gen_random_uuid(), now() - i * interval '1 second' FROM generate_series(1, 20000) AS i`,
    );
    await db.dataSource.query(
      `UPDATE local_businesses SET domain_extraction_status = 'Queued'
        WHERE id IN (SELECT id FROM local_businesses ORDER BY id LIMIT 100)`,
    );
    await db.dataSource.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.drop());

  /** The plans of every statement `sql` runs, the trigger's included, as auto_explain prints them. */
  const nestedPlans = async (sql: string): Promise<{ text: string; plan: PlanNode }[]> => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: import('pg').PoolClient }).databaseConnection;
    const notices: string[] = [];
    const listen = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', listen);
    try {
      await runner.query(`LOAD 'auto_explain'`);
      for (const setting of [
        'auto_explain.log_min_duration = 0',
        'auto_explain.log_nested_statements = on',
        'auto_explain.log_format = json',
        'auto_explain.log_level = notice',
      ])
        await runner.query(`SET ${setting}`);
      await runner.query(sql);
      await runner.query('RESET auto_explain.log_min_duration');
    } finally {
      client.off('notice', listen);
      await runner.release();
    }
    return notices
      .map((m) => m.slice(m.indexOf('{')))
      .filter((m) => m.startsWith('{'))
      .map((m) => JSON.parse(m) as { 'Query Text': string; Plan: PlanNode })
      .map((e) => ({ text: e['Query Text'], plan: e.Plan }));
  };

  it.each([
    [
      'an UPDATE that takes rows out of the queue',
      `UPDATE local_businesses SET domain_extraction_status = 'Completed' WHERE domain_extraction_status = 'Queued'`,
    ],
    [
      'a DELETE of queued rows',
      `DELETE FROM local_businesses WHERE id IN (SELECT id FROM local_businesses ORDER BY id LIMIT 50)`,
    ],
  ])('%s: the trigger deletes from the queue by primary key, never a scan of the whole queue', async (_case, sql) => {
    const plans = await nestedPlans(sql);
    const deletes = plans.filter((p) => p.text.includes(`DELETE FROM "${table}"`));
    expect(deletes.length).toBe(1);
    const scans = nodes(deletes[0].plan)
      .filter((n) => n['Relation Name'] === table || n['Index Name']?.startsWith(table))
      .map((n) => `${n['Node Type']}:${n['Index Name'] ?? n['Relation Name']}`);
    expect(scans.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
    expect(scans.some((s) => s.endsWith(`:${table}_pkey`))).toBe(true);
  });
});
