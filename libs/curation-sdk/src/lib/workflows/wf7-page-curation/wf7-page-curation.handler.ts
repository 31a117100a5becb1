import { CountryCode } from 'libphonenumber-js';
import { EntityManager } from 'typeorm';

import {
  extractContacts,
  ExtractedContacts,
  ROBOTS_CACHE_DEFAULTS,
  RobotsCache,
  SafeFetcher,
  SafeFetchError,
} from '@curation/integrations';

import { PageEntity } from '../../entities/page.entity';
import { ContactEmailTypeEnum } from '../../enums/contact-email-type.enum';
import { ContactScrapeStatus, ContactScrapeStatusEnum } from '../../enums/contact-scrape-status.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { sanitizeText } from '../../text/sanitize-text';
import { fetchFailureOutcome, httpStatusOutcome } from '../web/fetch-failure';
import { enumCast } from '../workflow-sql';
import { decodeHtml, readPrefix } from './page-body';

export interface Wf7PageCurationOptions {
  /**
   * Bytes of a page read (`WF7_MAX_PAGE_BYTES`); a bigger page is read up to here and its contacts extracted from
   * that prefix (footers of such pages are lost, the worker's memory is not).
   */
  maxPageBytes: number;
  /** robots.txt cache: lifetime of a file read (ms), of "unavailable" (ms), origins and estimated bytes kept. */
  robots: { ttlMs: number; unavailableTtlMs: number; maxEntries: number; maxBytes: number };
}

export const WF7_DEFAULT_OPTIONS: Wf7PageCurationOptions = {
  maxPageBytes: 4 * 1024 * 1024,
  robots: { ...ROBOTS_CACHE_DEFAULTS },
};

/** Text stored per contact: addresses are at most 254 characters, contexts 200; URLs are capped like the pages column. */
const MAX_STORED_EMAIL = 320;
const MAX_STORED_CONTEXT = 1000;
const MAX_STORED_URL = 2000;

type PageAnswer = { status: number; url: string } | { status: 200; url: string; html: string; truncated: boolean };

/**
 * WF7: fetches each selected page through the safe fetcher (robots.txt honoured, no transaction open),
 * extracts every e-mail and phone from its visible text and links, and writes the batch in one statement: contacts
 * upserted on `(domain_id, email)` and each page's `contact_scrape_status`. A page that fails for good gets
 * `contact_scrape_status = Error` from the loop itself (the definition's `onFailure`), retries exhausted included. Phones are normalised with
 * the business's country where known. Nothing is ever stored as a placeholder.
 *
 * Hostile pages (issue 12): the item's signal stops its robots.txt check and its fetch; a page is read up to
 * `maxPageBytes` (the rest is never downloaded) and decoded by its declared charset; only a real Disallow rule
 * fails a page, while an unreadable robots.txt (5xx, timeout, unreachable) retries it once the cache has forgotten
 * the failure; everything stored passes the SDK's sanitising boundary.
 */
export class Wf7PageCurationHandler implements WorkflowHandler<PageEntity, ExtractedContacts> {
  private readonly robots: RobotsCache;
  private readonly options: Wf7PageCurationOptions;

  constructor(
    private readonly fetcher: SafeFetcher,
    options: Partial<Wf7PageCurationOptions> = {},
  ) {
    this.options = { ...WF7_DEFAULT_OPTIONS, ...options, robots: { ...WF7_DEFAULT_OPTIONS.robots, ...options.robots } };
    this.robots = new RobotsCache(fetcher, this.options.robots);
  }

  async process(items: readonly PageEntity[], ctx: BatchContext<PageEntity>): Promise<Outcome<ExtractedContacts>[]> {
    const countries: { id: string; country: string | null }[] = await ctx.dataSource.query(
      `SELECT p.id, lb.country FROM pages p JOIN domains d ON d.id = p.domain_id LEFT JOIN local_businesses lb ON lb.id = d.local_business_id
        WHERE p.id = ANY($1::uuid[])`,
      [items.map((p) => p.id)],
    );
    const countryOf = new Map(
      countries.map((c) => [c.id, c.country && /^[A-Z]{2}$/.test(c.country) ? (c.country as CountryCode) : undefined]),
    );
    return ctx.eachItem(items, async (page, signal) => {
      try {
        const verdict = await this.robots.check(page.url, signal);
        if (verdict.kind === 'disallowed') return outcome.failed(verdict.reason);
        if (verdict.kind === 'unavailable') {
          // An unreachable host fails the page fetch the same way: no point waiting for it.
          const ttl = this.options.robots.unavailableTtlMs;
          return verdict.error
            ? fetchFailureOutcome(verdict.error, verdict.reason, ttl)
            : outcome.retry(verdict.reason, ttl);
        }
        const answer = await this.fetchPage(page.url, signal);
        if (!('html' in answer)) return httpStatusOutcome(answer.status, `${page.url} answered HTTP ${answer.status}`);
        return outcome.done(
          extractContacts(answer.html, { pageUrl: answer.url, defaultCountry: countryOf.get(page.id) ?? 'US' }),
        );
      } catch (error) {
        if (error instanceof SafeFetchError) return fetchFailureOutcome(error);
        throw error;
      }
    });
  }

  /** The page's first `maxPageBytes`, decoded; other statuses without their bodies. */
  private fetchPage(url: string, signal: AbortSignal): Promise<PageAnswer> {
    // Streamed without a call cap: a cap would refuse a page declaring more outright (and fail on the chunk that crosses
    // it), where reading its first maxPageBytes and dropping the connection keeps the contacts and bounds the memory.
    // A page declaring more than FETCH_MAX_STREAM_BYTES is still refused as TOO_LARGE.
    const init = { accept: 'text/html,application/xhtml+xml', signal };
    return this.fetcher.fetchStream(url, init, async (response): Promise<PageAnswer> => {
      if (response.status !== 200) return { status: response.status, url: response.url };
      const { bytes, truncated } = await readPrefix(response.body, this.options.maxPageBytes);
      return { status: 200, url: response.url, html: decodeHtml(bytes, response.headers['content-type']), truncated };
    });
  }

  async persist(manager: EntityManager, done: readonly DoneItem<PageEntity, ExtractedContacts>[]): Promise<void> {
    // A NUL or lone surrogate from a page would make PostgreSQL reject the whole batch's jsonb.
    const contacts = done.flatMap(({ item, result }) =>
      result.emails.map((e) => ({
        domain_id: item.domain_id,
        page_id: item.id,
        email: sanitizeText(e.email, MAX_STORED_EMAIL),
        email_type: e.email_type,
        has_gmail: e.has_gmail,
        context: sanitizeText(e.context, MAX_STORED_CONTEXT),
        source_url: sanitizeText(item.url, MAX_STORED_URL),
        phone_number: result.phones[0] ? sanitizeText(result.phones[0].e164, 32) : null,
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
         SELECT domain_id, page_id, email, email_type${enumCast(ContactEmailTypeEnum)}, has_gmail, left(context, 1000), source_url, phone_number
           FROM contact_rows
         ON CONFLICT (domain_id, email) DO UPDATE SET
           phone_number = coalesce(contacts.phone_number, EXCLUDED.phone_number),
           email_type = EXCLUDED.email_type, has_gmail = EXCLUDED.has_gmail, updated_at = now()
         RETURNING id
       )
       UPDATE pages p SET contact_scrape_status = s.status${enumCast(ContactScrapeStatusEnum)}, last_scan = now()
         FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, status text)
        WHERE p.id = s.id`,
      [JSON.stringify(contacts), JSON.stringify(pages)],
    );
  }
}
