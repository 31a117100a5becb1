import {
  ChildSitemaps,
  parseSitemapStream,
  SITEMAP_PROTOCOL_MAX_BYTES,
  SITEMAP_PROTOCOL_MAX_URLS,
  SitemapSummary,
} from '@curation/integrations';

import { fitsIndexedColumn } from '../../text/sanitize-text';
import { DiscoveryJob } from './discovery-job';

/**
 * Validates a candidate by streaming its body through the parser, as WF5 imports: entries are counted, not kept, so
 * a 50 MiB sitemap costs a slice of memory, never its size. Only an index's followable children are collected (same
 * site, storable, at most `maxChildSitemaps`), and only when `followChildren`. Throws `SitemapParseError`.
 */
export async function inspectSitemap(
  body: AsyncIterable<Buffer>,
  url: string,
  job: DiscoveryJob,
  followChildren: boolean,
): Promise<{ summary: SitemapSummary; children: readonly string[] }> {
  const children = new ChildSitemaps(job.site, url, job.maxChildSitemaps, fitsIndexedColumn);
  const entries = parseSitemapStream(body, {
    maxUrls: SITEMAP_PROTOCOL_MAX_URLS,
    maxBytes: SITEMAP_PROTOCOL_MAX_BYTES,
  });
  for (let next = await entries.next(); ; next = await entries.next()) {
    if (next.done === true) {
      const skipped = children.describe();
      if (skipped !== null) job.reasons.add(`${job.shortUrl(url)}: ${skipped}`);
      return { summary: next.value, children: children.urls };
    }
    if (followChildren && next.value.kind === 'sitemap') children.offer(next.value.loc);
  }
}
