import { createTestDatabase, TestDatabase } from '../../testing';
import { DEFAULT_TENANT_ID } from '../entities/tenant.entity';
import { generateFixtures } from '../fixtures/fixture-generator';
import { insertFixtures } from '../fixtures/insert-fixtures';
import { buildLoopStatements } from '../scheduler/loop-sql';
import { definitionLeaseContract, PartialIndexContract } from './lease-contract';
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
    await db.dataSource.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.drop());

  /** The migrated partial index on `columns` restricted to `label` of the processing column, if any. */
  const partialIndex = async (
    table: string,
    processingColumn: string,
    index: PartialIndexContract,
  ): Promise<string | null> => {
    const rows: { indexname: string; indexdef: string }[] = await db.dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
      [table],
    );
    const columns = `(${index.columns.join(', ')})`;
    // An enum column prints as `(status = 'x'::type)`, a varchar one as `((status)::text = 'x'::text)`.
    const where = [
      `WHERE (${processingColumn} = '${index.label}'::`,
      `WHERE ((${processingColumn})::text = '${index.label}'::text)`,
    ];
    const found = rows.find(
      (r) => r.indexdef.includes(` USING btree ${columns} `) && where.some((w) => r.indexdef.includes(w)),
    );
    if (!found)
      throw new Error(`no partial index ${columns} ${where} on ${table}: ${rows.map((r) => r.indexdef).join('; ')}`);
    return found.indexname;
  };

  const explain = async (sql: string, params: unknown[]): Promise<PlanNode[]> => {
    // Only as many parameters as the statement has.
    const arity = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const [row] = await db.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params.slice(0, arity));
    return nodes(row['QUERY PLAN'][0].Plan);
  };

  it.each(WORKFLOW_REGISTRY.map((w) => [w.definition.id, w.definition] as const))(
    '%s: entity lease columns, partial indexes, claim and sweep on those indexes',
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

      for (const index of [contract.claimIndex, contract.leaseIndex]) {
        const declared = meta.indices.find((i) => i.name === index.name);
        expect({ name: declared?.name, columns: declared?.columns.map((c) => c.databaseName) }).toEqual({
          name: index.name,
          columns: [...index.columns],
        });
      }

      const claimIndex = await partialIndex(def.table, def.processing.column, contract.claimIndex);
      const leaseIndex = await partialIndex(def.table, def.processing.column, contract.leaseIndex);
      // Found by shape; the names must be the contract's too, since the entity's indexes are named by it.
      expect({ claimIndex, leaseIndex }).toEqual({
        claimIndex: contract.claimIndex.name,
        leaseIndex: contract.leaseIndex.name,
      });

      const sql = buildLoopStatements(def);
      const p = def.processing;
      const claim = await explain(sql.claim, [p.processing, 'explain', 60_000, p.queued, def.defaults.batchSize]);
      const sweep = await explain(sql.sweep, [
        p.processing,
        p.failed,
        p.queued,
        def.defaults.maxAttempts,
        def.defaults.leaseMs,
      ]);
      const scans = (plan: PlanNode[]) =>
        plan
          .filter((n) => n['Relation Name'] === def.table || n['Index Name'])
          .map((n) => `${n['Node Type']}:${n['Index Name'] ?? ''}`);
      expect(scans(claim)).toContain(`Index Scan:${claimIndex}`);
      expect(scans(claim).filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      expect(scans(sweep).some((s) => s.endsWith(`:${leaseIndex}`))).toBe(true);
      expect(scans(sweep).filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
    },
  );
});
