import { DataSource, EntityManager } from 'typeorm';

import {
  categorizeUrl,
  ChildSitemaps,
  DEFAULT_SITEMAP_BUDGET,
  honeybeeJson,
  importDisposition,
  isSameSite,
  normalizePageUrl,
  parseSitemapBatches,
  ReasonList,
  SafeFetcher,
  SafeFetchError,
  SitemapBudget,
  SitemapBudgetLimits,
  SitemapParseError,
} from '@curation/integrations';

import { SitemapFileEntity } from '../../entities/sitemap-file.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { parseEnumLabel, toEnumLabel } from '../../enums/enum-parser';
import { PageCurationStatusEnum } from '../../enums/page-curation-status.enum';
import { PageProcessingStatus, PageProcessingStatusEnum } from '../../enums/page-processing-status.enum';
import { PageTypeEnum } from '../../enums/page-type.enum';
import { BatchContext, DoneItem, MAX_ERROR_LENGTH, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { fitsIndexedColumn, sanitizeText } from '../../text/sanitize-text';
import { fetchFailureOutcome } from '../web/fetch-failure';
import { EDGE_WF5_TO_WF7, notifyIf, queuedOnInsert } from '../workflow-edges';
import { enumCast, ident } from '../workflow-sql';

export interface ImportLimits extends SitemapBudgetLimits {
  /** URLs read per sitemap file, index children included. */
  readonly maxUrls: number;
  /** Levels of sitemap indexes followed below the imported file. */
  readonly maxIndexDepth: number;
  /** Rows per INSERT: statements grow with chunks, never with URLs. */
  readonly chunkSize: number;
  /** XML bytes after unpacking a gzip file (the fetcher caps what travels; this caps a gzip bomb). */
  readonly maxXmlBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUrls: 1_000_000,
  maxIndexDepth: 2,
  chunkSize: 5_000,
  maxXmlBytes: 512 * 1024 * 1024,
  ...DEFAULT_SITEMAP_BUDGET,
};

export interface ImportResult {
  readonly urlCount: number;
  readonly inserted: number;
  readonly queued: number;
  readonly otherSite: number;
  readonly invalid: number;
}

type Totals = { -readonly [K in keyof ImportResult]: ImportResult[K] };

/** One file's import: its running totals, its fetch budget (children included) and why children were skipped. */
interface ImportJob {
  readonly file: SitemapFileEntity;
  readonly site: string;
  readonly signal: AbortSignal;
  readonly totals: Totals;
  readonly budget: SitemapBudget;
  readonly reasons: ReasonList;
  /** Children attempted and children that failed: an index that imported nothing because children failed is an error. */
  children: number;
  childFailures: number;
  transientChildFailure: boolean;
  /** Set once the budget ran out, so the reason is recorded once and no sibling starts. */
  stopped: boolean;
}

interface PageRow {
  url: string;
  page_type: string;
  path_depth: number;
  priority_level: number;
  honeybee_json: unknown;
  page_curation_status: string;
  page_processing_status: string;
  /** Contact-like: inserted queued for WF7 through the WF5 → WF7 edge, whatever the labels above say. */
  queue_contacts: boolean;
  last_modified: string | null;
}

const PAGE_CURATION_CAST = enumCast(PageCurationStatusEnum);
const PAGE_PROCESSING_CAST = enumCast(PageProcessingStatusEnum);
// The WF5 → WF7 edge: contact-like rows take WF7's queued labels, the others Honeybee's disposition.
const CONTACT_EDGE = queuedOnInsert(EDGE_WF5_TO_WF7, {
  condition: 'queue_contacts',
  otherwise: {
    curation: `page_curation_status${PAGE_CURATION_CAST}`,
    processing: `page_processing_status${PAGE_PROCESSING_CAST}`,
  },
});

/**
 * WF5: streams each selected sitemap (and the children of an index, within caps) through the parser,
 * keeps only well-formed URLs on the sitemap's own site, categorises them with Honeybee and inserts
 * `pages` in chunks with `ON CONFLICT (domain_id, url) DO NOTHING`, so a re-import adds nothing.
 * Contact-like pages are selected and queued for WF7 at once, skipped ones filtered, as in the reference.
 * Chunks are written as they are parsed (idempotent, outside any long transaction) so memory stays flat
 * for a million URLs; `persist` records the file's URL count and processing time. Each file has a fetch budget
 * (children per index, requests, failures): a failed child is skipped with its reason, not the whole file.
 */
export class Wf5SitemapImportHandler implements WorkflowHandler<SitemapFileEntity, ImportResult> {
  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  ) {}

  async process(
    items: readonly SitemapFileEntity[],
    ctx: BatchContext<SitemapFileEntity>,
  ): Promise<Outcome<ImportResult>[]> {
    const db = ctx.dataSource;
    const domains: { id: string; domain: string }[] = await db.query(
      `SELECT id, domain FROM domains WHERE id = ANY($1::uuid[])`,
      [[...new Set(items.map((f) => f.domain_id))]],
    );
    const domainOf = new Map(domains.map((d) => [d.id, d.domain]));
    return ctx.eachItem(items, async (file, signal) => {
      const site = domainOf.get(file.domain_id);
      if (!site) return outcome.failed(`domain ${file.domain_id} no longer exists`);
      const job: ImportJob = {
        file,
        site,
        signal,
        totals: { urlCount: 0, inserted: 0, queued: 0, otherSite: 0, invalid: 0 },
        budget: new SitemapBudget(this.limits),
        reasons: new ReasonList(8, 240),
        children: 0,
        childFailures: 0,
        transientChildFailure: false,
        stopped: false,
      };
      try {
        job.budget.spend();
        await this.importFile(db, job, file.url, 0);
      } catch (error) {
        if (signal.aborted) throw error;
        const failure = this.failure(error, file.url);
        if (failure === null) throw error;
        return failure;
      }
      if (job.childFailures > 0 && job.totals.urlCount === 0) {
        const why = this.reason(
          `no URL imported, ${job.childFailures} of ${job.children} child sitemaps failed: ${job.reasons.join()}`,
        );
        return job.transientChildFailure ? outcome.retry(why) : outcome.failed(why);
      }
      return outcome.done(job.totals);
    });
  }

  /** The outcome of a fetch or parse failure, or null for an error that is not the site's doing. */
  private failure(error: unknown, url: string): Outcome<never> | null {
    if (error instanceof SitemapParseError)
      return outcome.failed(this.reason(`${url}: ${error.code} (${error.message})`));
    if (error instanceof SafeFetchError) return fetchFailureOutcome(error, this.reason(error.message));
    return null;
  }

  private reason(text: string): string {
    return sanitizeText(text, MAX_ERROR_LENGTH);
  }

  private async importFile(db: DataSource, job: ImportJob, url: string, depth: number): Promise<void> {
    const { totals } = job;
    const children = new ChildSitemaps(job.site, url, this.limits.maxChildSitemaps, fitsIndexedColumn);
    const followChildren = depth < this.limits.maxIndexDepth;
    // Streamed end to end: the body goes from the socket through the parser into chunked inserts, so a 50 MB
    // sitemap never sits in memory. Children are fetched after this body is closed, never while it holds a slot.
    await this.fetcher.fetchStream(
      url,
      { accept: 'application/xml, text/xml, */*', signal: job.signal },
      async (response) => {
        if (response.status !== 200)
          throw new SafeFetchError('HTTP_ERROR', url, `${url} answered HTTP ${response.status}`, {
            status: response.status,
          });
        const batches = parseSitemapBatches(response.body, {
          batchSize: this.limits.chunkSize,
          maxUrls: this.limits.maxUrls - totals.urlCount,
          maxBytes: this.limits.maxXmlBytes,
        });
        for await (const batch of batches) {
          const rows: PageRow[] = [];
          for (const entry of batch.entries) {
            if (entry.kind === 'sitemap') {
              if (followChildren) children.offer(entry.loc);
              continue;
            }
            totals.urlCount += 1;
            // A normalised URL is WHATWG-serialised, printable ASCII (the URL property test proves it), and so is the
            // Honeybee JSON made from it: no sanitising pass per row, which would cost a tenth of the import's speed.
            // Its length still decides whether the (domain_id, url) key fits the btree.
            const page = normalizePageUrl(entry.loc, url);
            if (!page || !fitsIndexedColumn(page)) {
              totals.invalid += 1;
              continue;
            }
            if (!isSameSite(page, job.site)) {
              totals.otherSite += 1;
              continue;
            }
            rows.push(this.pageRow(page, entry.lastmod ?? null));
          }
          if (rows.length > 0) await this.insertChunk(db, job.file, rows, totals);
        }
      },
    );
    const skipped = children.describe();
    if (skipped !== null) job.reasons.add(`${url}: ${skipped}`);
    for (const child of children.urls) {
      if (totals.urlCount >= this.limits.maxUrls || job.stopped) break;
      const stop = job.budget.spend();
      if (stop !== null) {
        job.stopped = true;
        job.reasons.add(stop);
        break;
      }
      job.children += 1;
      try {
        await this.importFile(db, job, child, depth + 1);
      } catch (error) {
        // One broken child does not lose its siblings; the budget bounds how many may fail.
        if (job.signal.aborted) throw error;
        const failure = this.failure(error, child);
        if (failure === null) throw error;
        job.budget.fail();
        job.childFailures += 1;
        if (failure.kind === 'retry') job.transientChildFailure = true;
        job.reasons.add(failure.kind === 'fail' || failure.kind === 'retry' ? failure.reason : child);
      }
    }
  }

  private pageRow(url: string, lastmod: string | null): PageRow {
    const category = categorizeUrl(url);
    const disposition = importDisposition(category);
    const pageType = parseEnumLabel(PageTypeEnum, category.category);
    return {
      url,
      page_type: pageType.ok ? pageType.value : PageTypeEnum.values.Unknown,
      path_depth: category.depth,
      priority_level: disposition.priority_level,
      honeybee_json: honeybeeJson(category),
      // Honeybee speaks the page labels; the registry checks them, so a renamed label fails loudly here.
      page_curation_status: toEnumLabel(PageCurationStatusEnum, disposition.curation),
      page_processing_status: toEnumLabel(PageProcessingStatusEnum, disposition.processing),
      queue_contacts: disposition.processing === PageProcessingStatus.Queued,
      // The parser normalised it (reduced precision expanded, impossible dates dropped): timestamptz takes it.
      last_modified: lastmod,
    };
  }

  private async insertChunk(db: DataSource, file: SitemapFileEntity, rows: PageRow[], totals: Totals): Promise<void> {
    const inserted: { queued: boolean }[] = await db.query(
      `INSERT INTO pages (tenant_id, domain_id, sitemap_file_id, lead_source, url, page_type, path_depth, priority_level, honeybee_json,
                          ${CONTACT_EDGE.columns.map(ident).join(', ')}, last_modified)
       SELECT $2, $3, $4, 'sitemap_import', url, page_type${enumCast(PageTypeEnum)}, path_depth, priority_level, honeybee_json,
              ${CONTACT_EDGE.values.join(', ')}, last_modified
         FROM jsonb_to_recordset($1::jsonb) AS r(url text, page_type text, path_depth int, priority_level int, honeybee_json jsonb,
              page_curation_status text, page_processing_status text, queue_contacts boolean, last_modified timestamptz)
       ON CONFLICT (domain_id, url) DO NOTHING
       RETURNING page_processing_status = $5${PAGE_PROCESSING_CAST} AS queued`,
      [
        JSON.stringify(rows),
        file.tenant_id ?? DEFAULT_TENANT_ID,
        file.domain_id,
        file.id,
        EDGE_WF5_TO_WF7.to.processing.queued,
      ],
    );
    totals.inserted += inserted.length;
    totals.queued += inserted.filter((r) => r.queued).length;
  }

  /** File statistics for the whole batch, and one wake-up for WF7 if any contact page was queued. */
  async persist(manager: EntityManager, done: readonly DoneItem<SitemapFileEntity, ImportResult>[]): Promise<void> {
    const queued = done.some(({ result }) => result.queued > 0);
    await manager.query(
      `WITH updated AS (
         UPDATE sitemap_files f SET url_count = r.url_count, last_processed_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, url_count int) WHERE f.id = r.id RETURNING f.id
       )
       SELECT count(*) AS n, ${notifyIf(EDGE_WF5_TO_WF7, '$2::boolean')} FROM updated`,
      [JSON.stringify(done.map(({ item, result }) => ({ id: item.id, url_count: result.urlCount }))), queued],
    );
  }
}
