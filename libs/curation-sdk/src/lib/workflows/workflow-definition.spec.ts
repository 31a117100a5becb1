import { PageEntity } from '../entities/page.entity';
import { ContactScrapeStatusEnum } from '../enums/contact-scrape-status.enum';
import { buildLoopStatements } from '../scheduler/loop-sql';
import { defaultBatchTimeoutMs, defineWorkflow, MAX_TIMEOUT_MS } from './workflow-definition';
import { WF3_DOMAIN_EXTRACTION, WF7_PAGE_CURATION, WORKFLOWS } from './workflow-definitions';

describe('defineWorkflow', () => {
  it('refuses a side status label that its enum does not have', () => {
    expect(() =>
      defineWorkflow<PageEntity>({
        ...WF7_PAGE_CURATION,
        onFailure: { column: 'contact_scrape_status', enum: ContactScrapeStatusEnum, label: 'Failed' },
      }),
    ).toThrow('wf7-page-curation: onFailure label "Failed" is not a ContactScrapeStatus label');
  });

  it('refuses a queueing label or an idle label that its enum does not have', () => {
    const curation = WF7_PAGE_CURATION.curation;
    if (!curation) throw new Error('WF7 is curated');
    expect(() =>
      defineWorkflow<PageEntity>({ ...WF7_PAGE_CURATION, curation: { ...curation, queueingLabel: 'selected' } }),
    ).toThrow('wf7-page-curation: queueingLabel "selected" is not a PageCurationStatus label');
    expect(() =>
      defineWorkflow<PageEntity>({
        ...WF7_PAGE_CURATION,
        processing: { ...WF7_PAGE_CURATION.processing, idle: 'Idle' },
      }),
    ).toThrow('wf7-page-curation: idle "Idle" is not a PageProcessingStatus label');
  });

  it('names the last-change column in the definition, updated_at unless given', () => {
    for (const w of WORKFLOWS) expect(w.updatedAt).toBe('updated_at');
    const renamed = defineWorkflow<PageEntity>({ ...WF7_PAGE_CURATION, updatedAt: 'created_at' });
    expect(renamed.updatedAt).toBe('created_at');
    // no loop statement stamps the last-change column, renamed or not: it says when people last changed the row
    // (the curation status rule stamps it), and the loop writing it would cost an index entry per row per write
    const statements = buildLoopStatements(renamed);
    const { pause, ...curatedRowStatements } = statements;
    for (const [name, sql] of Object.entries(curatedRowStatements))
      expect({ name, stamps: /"(created_at|updated_at)" = now\(\)/.test(sql) }).toEqual({ name, stamps: false });
    // the pause writes its own table's column only
    expect(pause).toContain('INSERT INTO "workflow_pauses"');
    expect(pause).not.toContain('"pages"');
  });

  it('derives the batch cap from the item deadline unless a definition sets one', () => {
    // WF7: 20 pages, 5 at a time, 90 s each: four rounds and one spare
    expect(WF7_PAGE_CURATION.defaults).toMatchObject({ itemTimeoutMs: 90_000, batchTimeoutMs: 450_000 });
    expect(defaultBatchTimeoutMs({ batchSize: 100, concurrency: 32, itemTimeoutMs: 1_000 })).toBe(5_000);
    expect(defaultBatchTimeoutMs({ batchSize: 10_000, concurrency: 1, itemTimeoutMs: 86_400_000 })).toBe(
      MAX_TIMEOUT_MS,
    );
    const explicit = defineWorkflow<PageEntity>({
      ...WF7_PAGE_CURATION,
      defaults: { ...WF7_PAGE_CURATION.defaults, batchTimeoutMs: 1_234 },
    });
    expect(explicit.defaults.batchTimeoutMs).toBe(1_234);
    for (const w of WORKFLOWS) {
      expect(w.defaults.batchTimeoutMs).toBeGreaterThanOrEqual(w.defaults.itemTimeoutMs);
      // renewed every third of the lease: a renewal may come 10 s late (a stalled event loop or database) and still hold it
      expect(w.defaults.leaseMs / 3).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('writes the side status in the statements that fail rows, and only there', () => {
    const wf7 = buildLoopStatements(WF7_PAGE_CURATION);
    expect(wf7.acknowledge).toContain(
      `"contact_scrape_status" = CASE WHEN v.kind = 'fail' THEN 'Error'::"contact_scrape_status" ELSE t."contact_scrape_status" END`,
    );
    expect(wf7.sweep).toContain(
      `"contact_scrape_status" = CASE WHEN e.attempts >= $3::int THEN 'Error'::"contact_scrape_status"`,
    );
    // a row still held at shutdown on its last attempt fails for good there too
    expect(wf7.releaseOwned).toContain(
      `"contact_scrape_status" = CASE WHEN e.attempts >= $5::int THEN 'Error'::"contact_scrape_status"`,
    );
    expect(wf7.claim).not.toContain('contact_scrape_status');
    expect(wf7.renew).not.toContain('contact_scrape_status');
    expect(Object.values(buildLoopStatements(WF3_DOMAIN_EXTRACTION)).join('\n')).not.toContain(
      "CASE WHEN v.kind = 'fail'",
    );
  });
});
