import { commonSitemapUrls, parseSitemapText, SafeFetcher, SafeFetchError, sitemapLinksInHtml, SitemapParseError, sitemapsInRobots } from '@curation/integrations';
import { EntityManager } from 'typeorm';
import { DomainEntity } from '../../entities/domain.entity';
import { SitemapFileStatus } from '../../enums/sitemap-file-status.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { isPermanentFetchFailure } from '../web/fetch-failure';

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

export interface DiscoveryLimits {
  /** Levels of sitemap indexes followed below the first one. */
  readonly maxIndexDepth: number;
  /** Sitemap files recorded per domain. */
  readonly maxSitemaps: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = { maxIndexDepth: 2, maxSitemaps: 50 };

/**
 * WF4: finds a domain's sitemaps in robots.txt, then the reference's common paths, then homepage links;
 * validates each candidate with the XML parser and follows sitemap indexes within depth and count caps.
 * All network work happens in `process`; `persist` upserts `sitemap_files` on `(domain_id, url)` and the
 * domain's totals in one statement. A domain with no valid sitemap fails with every reason found.
 */
export class Wf4SitemapDiscoveryHandler implements WorkflowHandler<DomainEntity, readonly DiscoveredSitemap[]> {
  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS,
  ) {}

  process(items: readonly DomainEntity[], ctx: BatchContext<DomainEntity>): Promise<Outcome<readonly DiscoveredSitemap[]>[]> {
    return ctx.eachItem(items, (domain) => this.discover(domain.domain));
  }

  private async discover(domain: string): Promise<Outcome<readonly DiscoveredSitemap[]>> {
    const found = new Map<string, DiscoveredSitemap>();
    const reasons: string[] = [];
    let transient = false;
    const note = (what: string, error: unknown): void => {
      if (error instanceof SafeFetchError && isPermanentFetchFailure(error)) reasons.push(`${what}: ${error.message}`);
      else if (error instanceof SafeFetchError) {
        transient = true;
        reasons.push(`${what}: ${error.message}`);
      } else reasons.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    };

    let base = `https://${domain}`;
    try {
      const robots = await this.fetcher.fetchSite(domain, '/robots.txt', { accept: 'text/plain' });
      base = new URL(robots.url).origin;
      if (robots.status === 200) await this.visitAll(sitemapsInRobots(robots.body.toString('utf8'), base), DiscoveryMethod.RobotsTxt, found, reasons, note);
    } catch (error) {
      note('robots.txt', error);
      if (error instanceof SafeFetchError && isPermanentFetchFailure(error)) return outcome.failed(`site refused: ${error.message}`);
    }
    if (found.size === 0) await this.visitAll(commonSitemapUrls(base), DiscoveryMethod.CommonPath, found, reasons, note, true);
    if (found.size === 0) {
      try {
        const home = await this.fetcher.fetch(`${base}/`, { accept: 'text/html' });
        if (home.status === 200) await this.visitAll(sitemapLinksInHtml(home.body.toString('utf8'), home.url), DiscoveryMethod.HtmlLink, found, reasons, note);
      } catch (error) {
        note('homepage', error);
      }
    }
    if (found.size > 0) return outcome.done([...found.values()]);
    const why = reasons.length > 0 ? reasons.slice(0, 8).join('; ') : 'robots.txt lists none, the common paths answer 404 and the homepage links to none';
    return transient && reasons.every((r) => !/refused/.test(r)) ? outcome.retry(`no sitemap reachable yet: ${why}`) : outcome.failed(`no valid sitemap found: ${why}`);
  }

  private async visitAll(
    urls: readonly string[],
    method: DiscoveryMethod,
    found: Map<string, DiscoveredSitemap>,
    reasons: string[],
    note: (what: string, error: unknown) => void,
    quietMisses = false,
  ): Promise<void> {
    for (const url of urls) await this.visit(url, method, 0, found, reasons, note, quietMisses);
  }

  private async visit(
    url: string,
    method: DiscoveryMethod,
    depth: number,
    found: Map<string, DiscoveredSitemap>,
    reasons: string[],
    note: (what: string, error: unknown) => void,
    quietMisses: boolean,
  ): Promise<void> {
    if (found.has(url) || found.size >= this.limits.maxSitemaps) return;
    try {
      const response = await this.fetcher.fetch(url, { accept: 'application/xml, text/xml, */*' });
      if (response.status !== 200) {
        if (!quietMisses) reasons.push(`${url}: HTTP ${response.status}`);
        return;
      }
      const { summary, entries } = parseSitemapText(response.body);
      found.set(url, {
        url,
        sitemap_type: summary.sitemapType,
        discovery_method: method,
        url_count: summary.urlCount,
        size_bytes: response.bytes,
        status_code: response.status,
        response_time_ms: Math.round(response.elapsedMs),
        is_gzipped: summary.gzipped,
      });
      if (summary.type === 'sitemapindex' && depth < this.limits.maxIndexDepth) {
        for (const child of entries) {
          if (child.kind === 'sitemap') await this.visit(child.loc, DiscoveryMethod.SitemapIndex, depth + 1, found, reasons, note, false);
        }
      }
    } catch (error) {
      if (error instanceof SitemapParseError) {
        if (!quietMisses) reasons.push(`${url}: ${error.code} (${error.message})`);
      } else note(url, error);
    }
  }

  async persist(manager: EntityManager, done: readonly DoneItem<DomainEntity, readonly DiscoveredSitemap[]>[]): Promise<void> {
    const files = done.flatMap(({ item, result }) => result.map((s) => ({ ...s, domain_id: item.id, tenant_id: item.tenant_id })));
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(domain_id uuid, tenant_id uuid, url text, sitemap_type text, discovery_method text,
           url_count int, size_bytes int, status_code int, response_time_ms int, is_gzipped boolean)
       ), upserted AS (
         INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type, discovery_method, url_count, size_bytes, status_code,
                                    response_time_ms, is_gzipped, status, lead_source, updated_at)
         SELECT domain_id, tenant_id, url, sitemap_type, discovery_method, url_count, size_bytes, status_code, response_time_ms, is_gzipped,
                $2::sitemap_file_status_enum, 'sitemap_discovery', now()
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
