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
    // every loop statement that returns or ends a row stamps the definition's column, never a hard-coded one;
    // the claim stamps none (a claimed row has left the queue, and writing an indexed column there costs an
    // index entry per row on every claim)
    const statements = buildLoopStatements(renamed);
    for (const name of ['acknowledge', 'sweep', 'releaseOwned'] as const) {
      expect(statements[name]).toContain('"created_at" = now()');
      expect(statements[name]).not.toContain('"updated_at" = now()');
    }
    expect(statements.claim).not.toMatch(/"(created_at|updated_at)" = now\(\)/);
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
      `"contact_scrape_status" = CASE WHEN "page_processing_status_attempts" >= $4::int THEN 'Error'::"contact_scrape_status"`,
    );
    // a row still held at shutdown on its last attempt fails for good there too
    expect(wf7.releaseOwned).toContain(
      `"contact_scrape_status" = CASE WHEN "page_processing_status_attempts" >= $6::int THEN 'Error'::"contact_scrape_status"`,
    );
    expect(wf7.claim).not.toContain('contact_scrape_status');
    expect(wf7.renew).not.toContain('contact_scrape_status');
    expect(Object.values(buildLoopStatements(WF3_DOMAIN_EXTRACTION)).join('\n')).not.toContain(
      "CASE WHEN v.kind = 'fail'",
    );
  });
});
