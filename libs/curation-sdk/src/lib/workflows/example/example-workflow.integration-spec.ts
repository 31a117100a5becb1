import { Client } from 'pg';
import { DataSource, getMetadataArgsStorage } from 'typeorm';

import { createTestDatabase, testClients, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { sqlRows } from '../../database/sql-rows';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { buildLoopStatements } from '../../scheduler/loop-sql';
import { queueContract } from '../queue-contract';
import { WF4_SITEMAP_DISCOVERY } from '../workflow-definitions';
import { registerWorkflow, WORKFLOW_REGISTRY } from '../workflow-registry';
import { ExampleCheck, ExampleReview, ExampleSubmission, WF9_EXAMPLE } from './example.definition';
import { ExampleHandler } from './example.handler';
import { CreateExampleSubmissions1900000000000 } from './example.migration';

// The recipe's registry line: in the product it is one more entry of WORKFLOW_REGISTRY.
const REGISTRY = [
  ...WORKFLOW_REGISTRY,
  registerWorkflow({ definition: WF9_EXAMPLE, requires: [], handler: () => new ExampleHandler() }),
];

/** A workflow that declares no client is handed none. */
const NO_CLIENTS = testClients({});

/** The four-file recipe (definition, handler, migration, registry line) runs end to end on real PostgreSQL. */
describe('example workflow: claim → done → edge → downstream queued', () => {
  let db: TestDatabase;
  // The product's DataSource lists the SDK's entities; the example's own entity joins it in the test.
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url, entities: [ExampleSubmission] }).initialize();
    const runner = db.dataSource.createQueryRunner();
    try {
      await new CreateExampleSubmissions1900000000000().up(runner);
    } finally {
      await runner.release();
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('gets its lease columns from the one helper, on the entity as in the table, and a queue table with its triggers', async () => {
    const columns = getMetadataArgsStorage()
      .columns.filter((c) => c.target === ExampleSubmission && c.propertyName.startsWith('check_status_'))
      .map((c) => c.propertyName);
    expect(columns.sort()).toEqual([
      'check_status_attempts',
      'check_status_lease_expires_at',
      'check_status_locked_by',
      'check_status_next_attempt_at',
    ]);
    const entityIndexes = getMetadataArgsStorage()
      .indices.filter((i) => i.target === ExampleSubmission)
      .map((i) => i.name);
    const tableIndexes: { indexname: string }[] = await db.dataSource.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'example_submissions' AND indexname LIKE 'ix_%' ORDER BY 1`,
    );
    expect(tableIndexes.map((i) => i.indexname)).toEqual([...entityIndexes].sort());
    expect(entityIndexes).toEqual([]);
    const queue = queueContract({ table: 'example_submissions', processingColumn: 'check_status' });
    const triggers: { tgname: string }[] = await db.dataSource.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'example_submissions'::regclass AND NOT tgisinternal ORDER BY 1`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(Object.values(queue.triggers).sort());
  });

  it('queues through the status rule, claims, finishes each row and queues the new domain for WF4 with one wake-up', async () => {
    const ids = (
      await db.dataSource.query(
        `INSERT INTO example_submissions (tenant_id, url) VALUES ($1, 'https://www.example-shop.com/about'), ($1, 'not a url') RETURNING id`,
        [DEFAULT_TENANT_ID],
      )
    ).map((r: { id: string }) => r.id);
    expect(await applyCurationStatus(db.dataSource, WF9_EXAMPLE, ids, ExampleReview.Selected)).toMatchObject({
      updated_count: 2,
      queued_count: 2,
    });

    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (m) => received.push(m.channel));
    await listener.query(`LISTEN ${WF4_SITEMAP_DISCOVERY.channel}`);
    try {
      const entry = REGISTRY.find((w) => w.definition.id === WF9_EXAMPLE.id);
      if (!entry) throw new Error('the example is registered');
      const loop = entry.createLoop(dataSource, NO_CLIENTS, {}, { owner: 'example', tuning: WF9_EXAMPLE.defaults });
      expect(await loop.tick()).toMatchObject({ claimed: 2, done: 1, failed: 1 });
      await loop.stop(1000);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toEqual([WF4_SITEMAP_DISCOVERY.channel]);
    } finally {
      await listener.end();
    }

    const rows = await db.dataSource.query(
      `SELECT url, check_status AS s, check_error IS NOT NULL AS has_error, check_status_attempts AS attempts FROM example_submissions ORDER BY url`,
    );
    expect(rows).toEqual([
      { url: 'https://www.example-shop.com/about', s: ExampleCheck.Done, has_error: false, attempts: 1 },
      { url: 'not a url', s: ExampleCheck.Failed, has_error: true, attempts: 1 },
    ]);
    const claimed = await sqlRows<{ domain: string; sitemap_curation_status: string }>(
      db.dataSource,
      buildLoopStatements(WF4_SITEMAP_DISCOVERY).claim,
      ['example', 60_000, 10],
    );
    expect(claimed.map((d) => [d.domain, d.sitemap_curation_status])).toEqual([['example-shop.com', 'Selected']]);
  });
});
