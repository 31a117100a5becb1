import { EntityManager } from 'typeorm';

import {
  commonSitemapUrls,
  compileRobots,
  DEFAULT_SITEMAP_BUDGET,
  parseRobots,
  productToken,
  ROBOTS_CACHE_DEFAULTS,
  SafeFetcher,
  SafeFetchError,
  SafeFetchInit,
  siteDomainOf,
  SitemapBudgetLimits,
  sitemapLinksInHtml,
  SitemapParseError,
  sitemapsInRobots,
  SitemapSummary,
} from '@curation/integrations';

import { DomainEntity } from '../../entities/domain.entity';
import { SitemapFileStatus, SitemapFileStatusEnum } from '../../enums/sitemap-file-status.enum';
import { BatchContext, DoneItem, MAX_ERROR_LENGTH, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { fitsIndexedColumn, sanitizeJson, sanitizeText } from '../../text/sanitize-text';
import { fetchFailureKind } from '../web/fetch-failure';
import { enumCast } from '../workflow-sql';
import { DiscoveryJob } from './discovery-job';
import { inspectSitemap } from './inspect-sitemap';

export enum DiscoveryMethod {
  RobotsTxt = 'robots_txt',
  CommonPath = 'common_path',
  HtmlLink = 'html_link',
  SitemapIndex = 'sitemap_index',
}

export interface DiscoveredSitemap {
  readonly url: string;
  readonly sitemap_type: string;
  readonly discovery_method: DiscoveryMethod;
  readonly url_count: number;
  readonly size_bytes: number;
  readonly status_code: number;
  readonly response_time_ms: number;
  readonly is_gzipped: boolean;
}

export interface DiscoveryLimits extends SitemapBudgetLimits {
  /** Levels of sitemap indexes followed below the first one. */
  readonly maxIndexDepth: number;
  /** Sitemap files recorded per domain. */
  readonly maxSitemaps: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = {
  maxIndexDepth: 2,
  maxSitemaps: 50,
  ...DEFAULT_SITEMAP_BUDGET,
};

/** RFC 9309 §2.5: crawlers must parse at least the first 500 KiB; a larger robots.txt is not read for Sitemap lines. */
export const ROBOTS_MAX_BYTES = 500 * 1024;
/** Only `<a>`/`<link>` hrefs are wanted from the homepage; real ones are far below this. */
export const HOMEPAGE_MAX_BYTES = 4 * 1024 * 1024;

const SITEMAP_ACCEPT = 'application/xml, text/xml, */*';

/** What fetching one candidate told: a non-200 status, a body that is no sitemap, or a sitemap. */
type Probe =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'invalid'; readonly error: SitemapParseError }
  | {
      readonly kind: 'sitemap';
      readonly bytes: { bytes: number };
      readonly summary: SitemapSummary;
      readonly children: readonly string[];
    };

/** The first `maxBytes` of a body as text, without the line the cut fell in; stops reading there. */
async function readLines(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  let cut = false;
  for await (const chunk of body) {
    const room = maxBytes - total;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    total += Math.min(chunk.length, room);
    if (chunk.length >= room) {
      cut = true;
      break;
    }
  }
  const text = Buffer.concat(chunks, total).toString('utf8');
  return cut ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
}

/** Passes a body through, counting its (decoded) bytes for `size_bytes`. */
async function* countBytes(body: AsyncIterable<Buffer>, counted: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    counted.bytes += chunk.length;
    yield chunk;
  }
}

/** The part of the fetcher WF4 uses (the worker passes the SafeFetcher; tests a recording double). */
export type Wf4Fetcher = Pick<SafeFetcher, 'fetch' | 'fetchStream' | 'fetchSite'> &
  Partial<Pick<SafeFetcher, 'noteCrawlDelay' | 'userAgent'>>;

/**
 * WF4: finds a domain's sitemaps in robots.txt, then the reference's common paths, then homepage links;
 * validates each candidate by streaming it through the XML parser and follows sitemap indexes, on the domain's
 * own site only, within depth, count and fetch budgets (failed requests count). All network work happens in
 * `process`; `persist` upserts `sitemap_files` on `(domain_id, url)` and the domain's totals in one statement.
 * A domain with no valid sitemap fails with the reasons found (a capped list).
 */
export class Wf4SitemapDiscoveryHandler implements WorkflowHandler<DomainEntity, readonly DiscoveredSitemap[]> {
  constructor(
    private readonly fetcher: Wf4Fetcher,
    private readonly limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS,
  ) {}

  process(
    items: readonly DomainEntity[],
    ctx: BatchContext<DomainEntity>,
  ): Promise<Outcome<readonly DiscoveredSitemap[]>[]> {
    return ctx.eachItem(items, (domain, signal) => this.discover(domain.domain, signal));
  }

  private async discover(domain: string, signal: AbortSignal): Promise<Outcome<readonly DiscoveredSitemap[]>> {
    const job = new DiscoveryJob(this.limits, siteDomainOf(domain), signal);
    let base = `https://${domain}`;
    const robots = await this.robotsTxt(job, domain);
    if (robots.error instanceof SafeFetchError && fetchFailureKind(robots.error) === 'site-unreachable') {
      return outcome.failed(this.reason(`site refused: ${robots.error.message}`));
    }
    if (robots.answer) {
      base = new URL(robots.answer.url).origin;
      if (robots.answer.status === 200)
        await this.visitAll(job, sitemapsInRobots(robots.answer.text, base), DiscoveryMethod.RobotsTxt, false);
    }
    if (job.found.size === 0) await this.visitAll(job, commonSitemapUrls(base), DiscoveryMethod.CommonPath, true);
    if (job.found.size === 0) {
      const home = await this.get(job, 'homepage', () =>
        this.fetcher.fetch(`${base}/`, this.init(job, { accept: 'text/html', maxBytes: HOMEPAGE_MAX_BYTES })),
      );
      if (home.response?.status === 200)
        await this.visitAll(
          job,
          sitemapLinksInHtml(home.response.body.toString('utf8'), home.response.url),
          DiscoveryMethod.HtmlLink,
          false,
        );
    }
    if (job.found.size > 0) return outcome.done([...job.found.values()]);
    const described = job.describe();
    const why =
      described !== ''
        ? described
        : 'robots.txt lists none, the common paths answer 404 and the homepage links to none';
    // Judged by error codes, not reason text: "connection refused" over https is transient, a refused address is not.
    return job.transient && !job.blocked
      ? outcome.retry(this.reason(`no sitemap reachable yet: ${why}`))
      : outcome.failed(this.reason(`no valid sitemap found: ${why}`));
  }

  /**
   * robots.txt, read with a 500 KiB cap. A bigger file is not skipped: RFC 9309 §2.5 wants its first 500 KiB parsed,
   * so the URL that answered is streamed again and only that prefix read (the rest is never downloaded).
   */
  private async robotsTxt(
    job: DiscoveryJob,
    domain: string,
  ): Promise<{ answer?: { url: string; status: number; text: string }; error?: unknown }> {
    const first = await this.get(job, 'robots.txt', () =>
      this.fetcher.fetchSite(
        domain,
        '/robots.txt',
        this.init(job, { accept: 'text/plain', maxBytes: ROBOTS_MAX_BYTES }),
      ),
    );
    if (first.response) {
      const answer = {
        url: first.response.url,
        status: first.response.status,
        text: first.response.body.toString('utf8'),
      };
      this.noteCrawlDelay(answer);
      return { answer };
    }
    const error = first.error;
    if (!(error instanceof SafeFetchError) || error.code !== 'TOO_LARGE') return { error };
    const prefix = await this.get(job, 'robots.txt prefix', () =>
      this.fetcher.fetchStream(error.url, this.init(job, { accept: 'text/plain' }), async (response) => ({
        url: response.url,
        status: response.status,
        text: response.status === 200 ? await readLines(response.body, ROBOTS_MAX_BYTES) : '',
      })),
    );
    if (prefix.response) this.noteCrawlDelay(prefix.response);
    return prefix.response ? { answer: prefix.response } : { error };
  }

  /**
   * The site's Crawl-delay for our User-Agent, told to the fetcher, which spaces every later request to the site
   * by it (across workers with shared politeness), WF4's own sitemap fetches included. A 4xx file says none.
   */
  private noteCrawlDelay(answer: { url: string; status: number; text: string }): void {
    const { noteCrawlDelay, userAgent } = this.fetcher;
    if (!noteCrawlDelay || !userAgent || answer.status >= 500 || answer.status === 429) return;
    const delay =
      answer.status === 200 ? compileRobots(parseRobots(answer.text), productToken(userAgent)).crawlDelayMs : null;
    noteCrawlDelay.call(this.fetcher, new URL(answer.url).origin, delay, ROBOTS_CACHE_DEFAULTS.ttlMs);
  }

  private init(job: DiscoveryJob, init: SafeFetchInit): SafeFetchInit {
    return { ...init, signal: job.signal };
  }

  private reason(text: string): string {
    return sanitizeText(text, MAX_ERROR_LENGTH);
  }

  /** One budgeted fetch: no response when the budget is spent or the fetch failed (noted on the job). */
  private async get<T>(
    job: DiscoveryJob,
    what: string,
    call: () => Promise<T>,
  ): Promise<{ response?: T; error?: unknown }> {
    if (!job.spend()) return {};
    job.signal.throwIfAborted();
    try {
      return { response: await call() };
    } catch (error) {
      // The item's deadline or a shutdown: the loop decides what happens to the row, not this candidate list.
      if (job.signal.aborted) throw error;
      job.failed(what, error);
      return { error };
    }
  }

  private async visitAll(
    job: DiscoveryJob,
    urls: readonly string[],
    method: DiscoveryMethod,
    quietMisses: boolean,
  ): Promise<void> {
    for (const url of urls) {
      if (job.stopped) return;
      await this.visit(job, url, method, 0, quietMisses);
    }
  }

  private async visit(
    job: DiscoveryJob,
    url: string,
    method: DiscoveryMethod,
    depth: number,
    quietMisses: boolean,
  ): Promise<void> {
    if (job.found.has(url) || job.found.size >= this.limits.maxSitemaps || job.stopped) return;
    if (!fitsIndexedColumn(url)) {
      job.reasons.add(`${job.shortUrl(url)}: URL longer than 2000 bytes, not recorded`);
      return;
    }
    const started = performance.now();
    const followChildren = depth < this.limits.maxIndexDepth;
    // Streamed through the parser as WF5 imports: the body is never held whole, whatever its size.
    const { response: result } = await this.get(job, job.shortUrl(url), () =>
      this.fetcher.fetchStream(url, this.init(job, { accept: SITEMAP_ACCEPT }), async (response): Promise<Probe> => {
        if (response.status !== 200) return { kind: 'status', status: response.status };
        const counted = { bytes: 0 };
        try {
          return {
            kind: 'sitemap',
            bytes: counted,
            ...(await inspectSitemap(countBytes(response.body, counted), url, job, followChildren)),
          };
        } catch (error) {
          if (error instanceof SitemapParseError) return { kind: 'invalid', error };
          throw error;
        }
      }),
    );
    if (!result) return;
    if (result.kind !== 'sitemap') {
      if (!quietMisses)
        job.miss(
          result.kind === 'invalid'
            ? `${job.shortUrl(url)}: ${result.error.code} (${result.error.message})`
            : `${job.shortUrl(url)}: HTTP ${result.status}`,
        );
      return;
    }
    const { summary, children } = result;
    job.found.set(url, {
      url,
      sitemap_type: summary.sitemapType,
      discovery_method: method,
      url_count: summary.urlCount,
      size_bytes: result.bytes.bytes,
      status_code: 200,
      response_time_ms: Math.round(performance.now() - started),
      is_gzipped: summary.gzipped,
    });
    for (const child of children) await this.visit(job, child, DiscoveryMethod.SitemapIndex, depth + 1, false);
  }

  async persist(
    manager: EntityManager,
    done: readonly DoneItem<DomainEntity, readonly DiscoveredSitemap[]>[],
  ): Promise<void> {
    const files = sanitizeJson(
      done.flatMap(({ item, result }) => result.map((s) => ({ ...s, domain_id: item.id, tenant_id: item.tenant_id }))),
    );
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(domain_id uuid, tenant_id uuid, url text, sitemap_type text, discovery_method text,
           url_count int, size_bytes int, status_code int, response_time_ms int, is_gzipped boolean)
       ), upserted AS (
         INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type, discovery_method, url_count, size_bytes, status_code,
                                    response_time_ms, is_gzipped, status, lead_source, updated_at)
         SELECT domain_id, tenant_id, url, sitemap_type, discovery_method, url_count, size_bytes, status_code, response_time_ms, is_gzipped,
                $2${enumCast(SitemapFileStatusEnum)}, 'sitemap_discovery', now()
           FROM input ORDER BY domain_id, url
         ON CONFLICT (domain_id, url) DO UPDATE SET
           sitemap_type = EXCLUDED.sitemap_type, url_count = EXCLUDED.url_count, size_bytes = EXCLUDED.size_bytes,
           status_code = EXCLUDED.status_code, response_time_ms = EXCLUDED.response_time_ms, is_gzipped = EXCLUDED.is_gzipped,
           updated_at = now()
         RETURNING domain_id
       )
       UPDATE domains d SET total_sitemaps = t.files, sitemap_urls = t.urls, last_scan = now()
         FROM (SELECT domain_id, count(*)::int AS files, coalesce(sum(url_count), 0)::int AS urls FROM input GROUP BY domain_id) t
        WHERE d.id = t.domain_id`,
      [JSON.stringify(files), SitemapFileStatus.Completed],
    );
  }
}
