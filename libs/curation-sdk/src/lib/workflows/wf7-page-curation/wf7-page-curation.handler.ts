import { ExtractedContacts, extractContacts, RobotsCache, SafeFetcher, SafeFetchError } from '@curation/integrations';
import { CountryCode } from 'libphonenumber-js';
import { EntityManager } from 'typeorm';
import { PageEntity } from '../../entities/page.entity';
import { ContactScrapeStatus } from '../../enums/contact-scrape-status.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { isPermanentFetchFailure, isRetryableHttpStatus } from '../web/fetch-failure';

/**
 * WF7: fetches each selected page through the safe fetcher (robots.txt honoured, no transaction open),
 * extracts every e-mail and phone with an HTML parser, and writes the batch in one statement: contacts
 * upserted on `(domain_id, email)` and each page's `contact_scrape_status`. A page that fails for good gets
 * `contact_scrape_status = Error` from the loop itself (the definition's `onFailure`), retries exhausted included. Phones are normalised with
 * the business's country where known. Nothing is ever stored as a placeholder.
 */
export class Wf7PageCurationHandler implements WorkflowHandler<PageEntity, ExtractedContacts> {
  private readonly robots: RobotsCache;

  constructor(private readonly fetcher: SafeFetcher) {
    this.robots = new RobotsCache(fetcher);
  }

  async process(items: readonly PageEntity[], ctx: BatchContext<PageEntity>): Promise<Outcome<ExtractedContacts>[]> {
    const countries: { id: string; country: string | null }[] = await ctx.dataSource.query(
      `SELECT p.id, lb.country FROM pages p JOIN domains d ON d.id = p.domain_id LEFT JOIN local_businesses lb ON lb.id = d.local_business_id
        WHERE p.id = ANY($1::uuid[])`,
      [items.map((p) => p.id)],
    );
    const countryOf = new Map(countries.map((c) => [c.id, c.country && /^[A-Z]{2}$/.test(c.country) ? (c.country as CountryCode) : undefined]));
    return ctx.eachItem(items, async (page) => {
      try {
        const verdict = await this.robots.check(page.url);
        if (!verdict.allowed) return outcome.failed(`robots.txt disallows ${page.url}`);
        const response = await this.fetcher.fetch(page.url, { accept: 'text/html,application/xhtml+xml' });
        if (response.status !== 200) {
          const reason = `${page.url} answered HTTP ${response.status}`;
          return isRetryableHttpStatus(response.status) ? outcome.retry(reason) : outcome.failed(reason);
        }
        return outcome.done(extractContacts(response.body.toString('utf8'), { pageUrl: response.url, defaultCountry: countryOf.get(page.id) ?? 'US' }));
      } catch (error) {
        if (error instanceof SafeFetchError) return isPermanentFetchFailure(error) ? outcome.failed(error.message) : outcome.retry(error.message);
        throw error;
      }
    });
  }

  async persist(manager: EntityManager, done: readonly DoneItem<PageEntity, ExtractedContacts>[]): Promise<void> {
    const contacts = done.flatMap(({ item, result }) =>
      result.emails.map((e) => ({
        domain_id: item.domain_id,
        page_id: item.id,
        email: e.email,
        email_type: e.email_type,
        has_gmail: e.has_gmail,
        context: e.context,
        source_url: item.url,
        phone_number: result.phones[0]?.e164 ?? null,
      })),
    );
    const pages = done.map(({ item, result }) => ({
      id: item.id,
      status: result.emails.length > 0 ? ContactScrapeStatus.ContactFound : ContactScrapeStatus.NoContactFound,
    }));
    await manager.query(
      `WITH contact_rows AS (
         SELECT DISTINCT ON (domain_id, email) * FROM jsonb_to_recordset($1::jsonb) AS c(domain_id uuid, page_id uuid, email text,
           email_type text, has_gmail boolean, context text, source_url text, phone_number text) ORDER BY domain_id, email
       ), upserted AS (
         INSERT INTO contacts (domain_id, page_id, email, email_type, has_gmail, context, source_url, phone_number)
         SELECT domain_id, page_id, email, email_type::contact_email_type_enum, has_gmail, left(context, 1000), source_url, phone_number
           FROM contact_rows
         ON CONFLICT (domain_id, email) DO UPDATE SET
           phone_number = coalesce(contacts.phone_number, EXCLUDED.phone_number),
           email_type = EXCLUDED.email_type, has_gmail = EXCLUDED.has_gmail, updated_at = now()
         RETURNING id
       )
       UPDATE pages p SET contact_scrape_status = s.status::contact_scrape_status, last_scan = now()
         FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, status text)
        WHERE p.id = s.id`,
      [JSON.stringify(contacts), JSON.stringify(pages)],
    );
  }
}
