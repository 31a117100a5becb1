import { PageEntity } from '../entities/page.entity';
import { ContactScrapeStatusEnum } from '../enums/contact-scrape-status.enum';
import { buildLoopStatements } from '../scheduler/loop-sql';
import { defineWorkflow } from './workflow-definition';
import { WF3_DOMAIN_EXTRACTION, WF7_PAGE_CURATION } from './workflow-definitions';

describe('defineWorkflow', () => {
  it('refuses a side status label that its enum does not have', () => {
    expect(() =>
      defineWorkflow<PageEntity>({ ...WF7_PAGE_CURATION, onFailure: { column: 'contact_scrape_status', enum: ContactScrapeStatusEnum, label: 'Failed' } }),
    ).toThrow('wf7-page-curation: Failed is not a ContactScrapeStatus label');
  });

  it('writes the side status in the statements that fail rows, and only there', () => {
    const wf7 = buildLoopStatements(WF7_PAGE_CURATION);
    expect(wf7.acknowledge).toContain(`"contact_scrape_status" = CASE WHEN v.kind = 'fail' THEN 'Error'::"contact_scrape_status" ELSE t."contact_scrape_status" END`);
    expect(wf7.sweep).toContain(`"contact_scrape_status" = CASE WHEN "page_processing_status_attempts" >= $4::int THEN 'Error'::"contact_scrape_status"`);
    expect(wf7.claim).not.toContain('contact_scrape_status');
    expect(wf7.releaseOwned).not.toContain('contact_scrape_status');
    expect(Object.values(buildLoopStatements(WF3_DOMAIN_EXTRACTION)).join('\n')).not.toContain('CASE WHEN v.kind');
  });
});
