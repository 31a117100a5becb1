import { createTestDatabase, TestDatabase } from '../../testing';
import { WORKFLOWS } from './workflow-definitions';

describe('workflow definitions against the migrated schema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it.each(WORKFLOWS.map((w) => [w.id, w] as const))('%s names real columns and real labels', (_id, def) => {
    const meta = db.dataSource.getMetadata(def.entity);
    expect(meta.tableName).toBe(def.table);
    const columns = new Set(meta.columns.map((c) => c.databaseName));
    const named = [
      def.idColumn,
      def.processing.column,
      def.errorColumn,
      def.claimOrder,
      ...Object.values(def.leaseColumns),
      'updated_at',
    ];
    if (def.curation) named.push(def.curation.column);
    expect(named.filter((c) => !columns.has(c))).toEqual([]);
    const processingColumn = meta.columns.find((c) => c.databaseName === def.processing.column);
    if (def.processing.enum.pgType) expect(processingColumn?.enumName).toBe(def.processing.enum.pgType);
    for (const label of [
      def.processing.queued,
      def.processing.processing,
      def.processing.done,
      def.processing.failed,
    ]) {
      expect(def.processing.enum.labels).toContain(label);
    }
    if (def.curation) expect(def.curation.enum.labels).toContain(def.curation.queueingLabel);
  });

  it('gives every workflow its own channel and config prefix', () => {
    expect(new Set(WORKFLOWS.map((w) => w.channel)).size).toBe(10);
    expect(WORKFLOWS.map((w) => w.configPrefix)).toEqual([
      'WF1_PLACE_SEARCH',
      'WF2_DEEP_SCAN',
      'WF3_DOMAIN_EXTRACTION',
      'WF4_SITEMAP_DISCOVERY',
      'WF5_SITEMAP_IMPORT',
      'WF7_PAGE_CURATION',
      'WF8_DEBOUNCE',
      'WF8_BREVO',
      'WF8_HUBSPOT',
      'WF8_N8N',
    ]);
  });
});
