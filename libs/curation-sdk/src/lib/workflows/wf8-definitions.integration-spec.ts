import { Client } from 'pg';

import { createTestDatabase, queueTableOf, TestDatabase } from '../../testing';
import { applyCurationStatus } from '../curation/apply-curation-status';
import { generateFixtures } from '../fixtures/fixture-generator';
import { insertFixtures } from '../fixtures/insert-fixtures';
import {
  AddWf8LeaseColumns1795910400010,
  WF8_LEASE_SPECS,
  WF8_LEGACY_PROCESSING_COLUMNS,
} from '../migrations/1795910400010-AddWf8LeaseColumns';
import { MoveClaimsToQueueTables1795910400015 } from '../migrations/1795910400015-MoveClaimsToQueueTables';
import { definitionLeaseContract, leaseContract } from './lease-contract';
import { queueContract } from './queue-contract';
import { VALIDATION_CACHE_SQL } from './wf8-debounce/validation-cache';
import { WorkflowDefinition } from './workflow-definition';
import { WF8_BREVO, WF8_WORKFLOWS, WORKFLOWS } from './workflow-definitions';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

const byId = WF8_WORKFLOWS.map((w) => [w.id, w] as const);

/** The four WF8 definitions against the migrated `contacts` table, at a realistic size. */
describe('WF8 workflow definitions', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Thousands of contacts with every status label spread as in the reference's data: on a near-empty
    // table the planner rightly prefers a sequential scan, so the plans below would prove nothing.
    await insertFixtures(db.dataSource, generateFixtures({ count: 4_000 }));
    await db.dataSource.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.drop());

  const explain = async (sql: string, params: unknown[]): Promise<PlanNode[]> => {
    const arity = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const [row] = await db.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params.slice(0, arity));
    return nodes(row['QUERY PLAN'][0].Plan);
  };

  it('are four distinct loops on contacts with their own ids, prefixes and channels, last in WORKFLOWS', () => {
    expect(WF8_WORKFLOWS.map((w) => [w.id, w.configPrefix, w.channel])).toEqual([
      ['wf8-debounce', 'WF8_DEBOUNCE', 'curation_wf8_debounce'],
      ['wf8-brevo', 'WF8_BREVO', 'curation_wf8_brevo'],
      ['wf8-hubspot', 'WF8_HUBSPOT', 'curation_wf8_hubspot'],
      ['wf8-n8n', 'WF8_N8N', 'curation_wf8_n8n'],
    ]);
    expect(new Set(WORKFLOWS.map((w) => w.channel)).size).toBe(WORKFLOWS.length);
    expect(new Set(WORKFLOWS.map((w) => w.configPrefix)).size).toBe(WORKFLOWS.length);
    expect(WORKFLOWS.slice(-4)).toEqual([...WF8_WORKFLOWS]);
    for (const w of WF8_WORKFLOWS) {
      expect(w.table).toBe('contacts');
      expect(w.processing.idle).toBeNull();
      expect(w.defaults.leaseMs / 3).toBeGreaterThanOrEqual(10_000);
      expect(w.defaults.batchTimeoutMs).toBeGreaterThanOrEqual(w.defaults.itemTimeoutMs);
    }
  });

  it('match the migration: same table, processing column and labels as 1795910400010 froze', () => {
    const fromDefinitions = WF8_WORKFLOWS.map((d) => ({
      table: d.table,
      column: d.processing.column,
      processing: d.processing.processing,
    }));
    expect([...WF8_LEGACY_PROCESSING_COLUMNS]).toEqual(fromDefinitions);
    expect(WF8_LEASE_SPECS.map((s) => leaseContract(s))).toEqual(WF8_WORKFLOWS.map(definitionLeaseContract));
  });

  it.each(byId)('%s names real columns of the entity and the table, and real labels', async (_id, def) => {
    const meta = db.dataSource.getMetadata(def.entity);
    expect(meta.tableName).toBe(def.table);
    const named = [
      def.idColumn,
      def.processing.column,
      def.errorColumn,
      def.claimOrder,
      def.updatedAt,
      ...Object.values(def.leaseColumns),
    ];
    if (def.curation) named.push(def.curation.column);
    const entityColumns = new Set(meta.columns.map((c) => c.databaseName));
    expect(named.filter((c) => !entityColumns.has(c))).toEqual([]);
    const tableColumns: { column_name: string; udt_name: string }[] = await db.dataSource.query(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [def.table],
    );
    const types = new Map(tableColumns.map((c) => [c.column_name, c.udt_name]));
    expect(named.filter((c) => !types.has(c))).toEqual([]);

    // The status columns are the reference's enum types, and the definition's labels are theirs.
    expect(types.get(def.processing.column)).toBe(def.processing.enum.pgType);
    const labels = async (type: string | null): Promise<string[]> =>
      (
        await db.dataSource.query(
          `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
          [type],
        )
      ).map((r: { enumlabel: string }) => r.enumlabel);
    const processingLabels = await labels(def.processing.enum.pgType);
    const p = def.processing;
    expect([p.queued, p.processing, p.done, p.failed].filter((l) => !processingLabels.includes(l))).toEqual([]);
    if (!def.curation) throw new Error(`${def.id} is curated`);
    expect(types.get(def.curation.column)).toBe(def.curation.enum.pgType);
    expect(await labels(def.curation.enum.pgType)).toContain(def.curation.queueingLabel);
  });

  it.each(byId)('%s: a queue table of its own on contacts, kept in step by its triggers', async (_id, def) => {
    // Its claim and sweep plans are checked with every other workflow's in lease-contract.integration-spec.ts.
    const queue = queueContract({ table: def.table, processingColumn: def.processing.column });
    const triggers: { tgname: string }[] = await db.dataSource.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'contacts'::regclass AND tgname LIKE $1 ORDER BY 1`,
      [`${queue.table}%`],
    );
    expect(triggers.map((t) => t.tgname)).toEqual(Object.values(queue.triggers).sort());
    const [{ queued }] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM contacts WHERE "${def.processing.column}" IN ($1, $2)) AS queued`,
      [def.processing.queued, def.processing.processing],
    );
    const [{ held }] = await db.dataSource.query(`SELECT count(*)::int AS held FROM ${queueTableOf(def)}`);
    expect(held).toBe(queued);
  });

  /** Status of every contact in the workflow's two columns and its lease bookkeeping, by id. */
  const snapshot = async (def: WorkflowDefinition) => {
    if (!def.curation) throw new Error(`${def.id} is curated`);
    const rows: { id: string; cur: string; proc: string | null; err: string | null; attempts: number }[] =
      await db.dataSource.query(
        `SELECT id, "${def.curation.column}"::text AS cur, "${def.processing.column}"::text AS proc,
                "${def.errorColumn}" AS err, "${def.leaseColumns.attempts}" AS attempts
           FROM contacts`,
      );
    return new Map(rows.map((r) => [r.id, r]));
  };

  it.each(byId)(
    "%s: applyCurationStatus 'Selected' queues exactly the given contacts, with one wake-up",
    async (_id, def) => {
      const before = await snapshot(def);
      // Contacts not being processed right now (those the status rule leaves to their worker), a few already
      // failed ones among them: selecting again must give them a fresh start.
      const candidates = [...before.values()].filter((r) => r.proc !== def.processing.processing);
      const failed = candidates.filter((r) => r.proc === def.processing.failed).slice(0, 5);
      const ids = [...new Set([...failed, ...candidates.slice(0, 40)].map((r) => r.id))];
      expect(failed.length).toBeGreaterThan(0);

      const listener = new Client({ connectionString: db.url });
      await listener.connect();
      const received: string[] = [];
      listener.on('notification', (m) => received.push(m.channel));
      await listener.query(`LISTEN ${def.channel}`);
      try {
        expect(await applyCurationStatus(db.dataSource, def, ids, 'Selected')).toEqual({
          updated_count: ids.length,
          queued_count: ids.length,
          cancelled_count: 0,
        });
        await new Promise((r) => setTimeout(r, 200));
        expect(received).toEqual([def.channel]);
      } finally {
        await listener.end();
      }

      const after = await snapshot(def);
      const selected = new Set(ids);
      for (const id of ids)
        expect(after.get(id)).toEqual({ id, cur: 'Selected', proc: def.processing.queued, err: null, attempts: 0 });
      const changed = [...after.values()].filter(
        (r) => !selected.has(r.id) && JSON.stringify(r) !== JSON.stringify(before.get(r.id)),
      );
      expect(changed).toEqual([]);
    },
  );

  it('the migration gives contacts the reference left in Processing an expired lease, and down/up round-trips', async () => {
    const runner = db.dataSource.createQueryRunner();
    const migration = new AddWf8LeaseColumns1795910400010();
    const queues = new MoveClaimsToQueueTables1795910400015();
    try {
      await queues.down(runner);
      await migration.down(runner);
      const [{ id }]: { id: string }[] = await db.dataSource.query(`SELECT id FROM contacts ORDER BY id LIMIT 1`);
      await db.dataSource.query(
        `UPDATE contacts SET brevo_processing_status = 'Processing', hubspot_processing_status = NULL WHERE id = $1`,
        [id],
      );
      await migration.up(runner);
      const [row] = await db.dataSource.query(
        `SELECT brevo_processing_status_lease_expires_at <= now() AS brevo_expired,
                hubspot_processing_status_lease_expires_at AS hubspot_lease
           FROM contacts WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ brevo_expired: true, hubspot_lease: null });
      await queues.up(runner);
      // …0015 carries the expired lease into the queue, where the sweep finds it.
      const [held] = await db.dataSource.query(
        `SELECT lease_expires_at <= now() AS expired FROM ${queueTableOf(WF8_BREVO)} WHERE row_id = $1`,
        [id],
      );
      expect(held).toEqual({ expired: true });
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
  it("finds DeBounce's cached results by index, not by scanning every contact", async () => {
    // A deployment's contacts table holds far more than the fixtures: 100,000 validated ones, as WF7 and WF8 leave them.
    await db.dataSource.query(
      `INSERT INTO contacts (domain_id, page_id, email, debounce_result, debounce_validated_at)
       SELECT c.domain_id, c.page_id, 'cached' || i || '@example.org', 'valid', now() - (i % 60) * interval '1 day'
         FROM (SELECT domain_id, page_id FROM contacts ORDER BY id LIMIT 1) c, generate_series(1, 100000) AS i`,
    );
    await db.dataSource.query('ANALYZE contacts');
    const emails = Array.from({ length: 50 }, (_, i) => `cached${i * 97 + 1}@example.org`);
    const plan = await explain(VALIDATION_CACHE_SQL, [emails, 30, ['valid', 'invalid']]);
    // An index scan, or a bitmap heap scan fed by a bitmap index scan of the same index.
    expect(plan.map((n) => n['Index Name'])).toContain('ix_contacts_lower_email_validated');
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
  });
});
