import { categorizeUrl, honeybeeJson, importDisposition, isSameSite, normalizePageUrl, parseSitemapBatches, SafeFetcher, SafeFetchError, SitemapParseError } from '@curation/integrations';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { SitemapFileEntity } from '../../entities/sitemap-file.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { PageCurationStatusEnum } from '../../enums/page-curation-status.enum';
import { PageProcessingStatus, PageProcessingStatusEnum } from '../../enums/page-processing-status.enum';
import { parseEnumLabel, toEnumLabel } from '../../enums/enum-parser';
import { PageTypeEnum } from '../../enums/page-type.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { isPermanentFetchFailure, isRetryableHttpStatus } from '../web/fetch-failure';
import { WF7_PAGE_CURATION } from '../workflow-definitions';

export interface ImportLimits {
  /** URLs read per sitemap file, index children included. */
  readonly maxUrls: number;
  /** Levels of sitemap indexes followed below the imported file. */
  readonly maxIndexDepth: number;
  /** Rows per INSERT: statements grow with chunks, never with URLs. */
  readonly chunkSize: number;
  /** XML bytes after unpacking a gzip file (the fetcher caps what travels; this caps a gzip bomb). */
  readonly maxXmlBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxUrls: 1_000_000, maxIndexDepth: 2, chunkSize: 5_000, maxXmlBytes: 512 * 1024 * 1024 };

export interface ImportResult {
  readonly urlCount: number;
  readonly inserted: number;
  readonly queued: number;
  readonly otherSite: number;
  readonly invalid: number;
}

type Totals = { -readonly [K in keyof ImportResult]: ImportResult[K] };

interface PageRow {
  url: string;
  page_type: string;
  path_depth: number;
  priority_level: number;
  honeybee_json: unknown;
  page_curation_status: string;
  page_processing_status: string;
  last_modified: string | null;
}

/**
 * WF5: streams each selected sitemap (and the children of an index, within caps) through the parser,
 * keeps only well-formed URLs on the sitemap's own site, categorises them with Honeybee and inserts
 * `pages` in chunks with `ON CONFLICT (domain_id, url) DO NOTHING`, so a re-import adds nothing.
 * Contact-like pages are selected and queued for WF7 at once, skipped ones filtered, as in the reference.
 * Chunks are written as they are parsed (idempotent, outside any long transaction) so memory stays flat
 * for a million URLs; `persist` records the file's URL count and processing time.
 */
export class Wf5SitemapImportHandler implements WorkflowHandler<SitemapFileEntity, ImportResult> {
  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  ) {}

  async process(items: readonly SitemapFileEntity[], ctx: BatchContext<SitemapFileEntity>): Promise<Outcome<ImportResult>[]> {
    const db = ctx.dataSource;
    const domains: { id: string; domain: string }[] = await db.query(`SELECT id, domain FROM domains WHERE id = ANY($1::uuid[])`, [
      [...new Set(items.map((f) => f.domain_id))],
    ]);
    const domainOf = new Map(domains.map((d) => [d.id, d.domain]));
    return ctx.eachItem(items, async (file) => {
      const site = domainOf.get(file.domain_id);
      if (!site) return outcome.failed(`domain ${file.domain_id} no longer exists`);
      const totals: Totals = { urlCount: 0, inserted: 0, queued: 0, otherSite: 0, invalid: 0 };
      try {
        await this.importFile(db, file, site, file.url, 0, totals);
      } catch (error) {
        if (error instanceof SitemapParseError) return outcome.failed(`${file.url}: ${error.code} (${error.message})`);
        if (error instanceof SafeFetchError) return isPermanentFetchFailure(error) ? outcome.failed(error.message) : outcome.retry(error.message);
        if (error instanceof HttpStatusError) return isRetryableHttpStatus(error.status) ? outcome.retry(error.message) : outcome.failed(error.message);
        throw error;
      }
      return outcome.done(totals);
    });
  }

  private async importFile(db: DataSource, file: SitemapFileEntity, site: string, url: string, depth: number, totals: Totals): Promise<void> {
    const response = await this.fetcher.fetch(url, { accept: 'application/xml, text/xml, */*' });
    if (response.status !== 200) throw new HttpStatusError(url, response.status);
    const children: string[] = [];
    // Read in slices from the fetched body so the parser's memory stays flat however big the file is.
    const batches = parseSitemapBatches(Readable.from([response.body]), { batchSize: this.limits.chunkSize, maxUrls: this.limits.maxUrls - totals.urlCount, maxBytes: this.limits.maxXmlBytes });
    for await (const batch of batches) {
      const rows: PageRow[] = [];
      for (const entry of batch.entries) {
        if (entry.kind === 'sitemap') {
          children.push(entry.loc);
          continue;
        }
        totals.urlCount += 1;
        const page = normalizePageUrl(entry.loc, url);
        if (!page) {
          totals.invalid += 1;
          continue;
        }
        if (!isSameSite(page, site)) {
          totals.otherSite += 1;
          continue;
        }
        rows.push(this.pageRow(page, entry.lastmod ?? null));
      }
      if (rows.length > 0) await this.insertChunk(db, file, rows, totals);
    }
    if (depth < this.limits.maxIndexDepth) {
      for (const child of children) {
        if (totals.urlCount >= this.limits.maxUrls) break;
        if (isSameSite(child, site)) await this.importFile(db, file, site, child, depth + 1, totals);
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
      last_modified: lastmod && !Number.isNaN(Date.parse(lastmod)) ? lastmod : null,
    };
  }

  private async insertChunk(db: DataSource, file: SitemapFileEntity, rows: PageRow[], totals: Totals): Promise<void> {
    const inserted: { queued: boolean }[] = await db.query(
      `INSERT INTO pages (tenant_id, domain_id, sitemap_file_id, lead_source, url, page_type, path_depth, priority_level, honeybee_json,
                          page_curation_status, page_processing_status, last_modified)
       SELECT $2, $3, $4, 'sitemap_import', url, page_type::page_type_enum, path_depth, priority_level, honeybee_json,
              page_curation_status::page_curation_status, page_processing_status::page_processing_status, last_modified
         FROM jsonb_to_recordset($1::jsonb) AS r(url text, page_type text, path_depth int, priority_level int, honeybee_json jsonb,
              page_curation_status text, page_processing_status text, last_modified timestamptz)
       ON CONFLICT (domain_id, url) DO NOTHING
       RETURNING page_processing_status = $5::page_processing_status AS queued`,
      [JSON.stringify(rows), file.tenant_id ?? DEFAULT_TENANT_ID, file.domain_id, file.id, PageProcessingStatus.Queued],
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
       SELECT count(*) AS n, CASE WHEN $2::boolean THEN pg_notify($3, 'queued') END FROM updated`,
      [JSON.stringify(done.map(({ item, result }) => ({ id: item.id, url_count: result.urlCount }))), queued, WF7_PAGE_CURATION.channel],
    );
  }
}

/** A sitemap URL that answered with a non-200 status; 5xx and 429 are worth retrying, the rest are not. */
class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${url} answered HTTP ${status}`);
  }
}
