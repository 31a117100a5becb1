import { Readable } from 'node:stream';

import { DataSource } from 'typeorm';

import { SafeFetchError, SafeFetchInit, SafeFetchResponse, SafeFetchStreamResponse } from '@curation/integrations';

import { DomainEntity } from '../../entities/domain.entity';
import { BatchContext, Outcome } from '../../scheduler/outcome';
import {
  DEFAULT_DISCOVERY_LIMITS,
  DiscoveredSitemap,
  HOMEPAGE_MAX_BYTES,
  ROBOTS_MAX_BYTES,
  Wf4Fetcher,
  Wf4SitemapDiscoveryHandler,
} from './wf4-sitemap-discovery.handler';

const answer = (url: string, status: number, body = ''): SafeFetchResponse => ({
  url,
  status,
  headers: {},
  body: Buffer.from(body),
  bytes: body.length,
  elapsedMs: 1,
  redirects: [],
});

/** Records every call; every site answers 404 except what `pages` serves. */
function recordingFetcher(pages: Record<string, string> = {}) {
  const calls: { url: string; init: SafeFetchInit }[] = [];
  const fetcher: Wf4Fetcher = {
    fetch: async (url: string, init: SafeFetchInit = {}) => {
      calls.push({ url, init });
      return pages[url] === undefined ? answer(url, 404) : answer(url, 200, pages[url]);
    },
    fetchStream: async <T>(
      url: string,
      init: SafeFetchInit,
      consume: (response: SafeFetchStreamResponse) => Promise<T>,
    ) => {
      calls.push({ url, init });
      const body = pages[url];
      return consume({
        url,
        status: body === undefined ? 404 : 200,
        headers: {},
        body: Readable.from([Buffer.from(body ?? '')]),
        elapsedMs: 1,
        redirects: [],
      });
    },
    fetchSite: async (domain: string, path: string, init: SafeFetchInit = {}) => {
      const url = `https://${domain}${path}`;
      calls.push({ url, init });
      return pages[url] === undefined ? answer(url, 404) : answer(url, 200, pages[url]);
    },
  };
  return { calls, fetcher };
}

function context(signal: AbortSignal): BatchContext<DomainEntity> {
  return {
    signal: new AbortController().signal,
    // never connected: the handler does not use it outside persist
    dataSource: new DataSource({ type: 'postgres' }),
    eachItem: async <R>(
      items: readonly DomainEntity[],
      fn: (item: DomainEntity, signal: AbortSignal) => Promise<Outcome<R>> | Outcome<R>,
    ) => Promise.all(items.map((item) => fn(item, signal))),
  };
}

describe('WF4 handler fetches', () => {
  it("hand the item's signal to every fetch, cap robots.txt at 500 KiB and the homepage at a few MiB", async () => {
    const { calls, fetcher } = recordingFetcher({ 'https://shop.example/': '<a href="/maps/sitemap.xml">map</a>' });
    const signal = new AbortController().signal;
    const [result] = await new Wf4SitemapDiscoveryHandler(fetcher).process(
      [{ domain: 'shop.example' } as DomainEntity],
      context(signal),
    );
    expect(result).toMatchObject({ kind: 'fail' });
    expect(calls.length).toBe(1 + 18 + 1 + 1); // robots.txt, the common paths, the homepage, its sitemap link
    for (const call of calls) expect(call.init.signal).toBe(signal);
    expect(calls[0]).toMatchObject({ url: 'https://shop.example/robots.txt', init: { maxBytes: ROBOTS_MAX_BYTES } });
    expect(ROBOTS_MAX_BYTES).toBe(500 * 1024);
    const home = calls.find((c) => c.url === 'https://shop.example/');
    expect(home?.init.maxBytes).toBe(HOMEPAGE_MAX_BYTES);
    expect(HOMEPAGE_MAX_BYTES).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it("tells the fetcher the site's Crawl-delay for our User-Agent from the robots.txt it reads (none for a 404)", async () => {
    const noted: [string, number | null][] = [];
    const politely = (fetcher: Wf4Fetcher): Wf4Fetcher => ({
      ...fetcher,
      userAgent: 'CurationBot/1.0 (+https://example.org/bot)',
      noteCrawlDelay: (origin, ms) => noted.push([origin, ms]),
    });
    const withDelay = politely(
      recordingFetcher({
        'https://slow.example/robots.txt': 'User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: OtherBot\nCrawl-delay: 60\n',
      }).fetcher,
    );
    const without = politely(recordingFetcher().fetcher);
    const signal = new AbortController().signal;
    await new Wf4SitemapDiscoveryHandler(withDelay).process(
      [{ domain: 'slow.example' } as DomainEntity],
      context(signal),
    );
    await new Wf4SitemapDiscoveryHandler(without).process(
      [{ domain: 'none.example' } as DomainEntity],
      context(signal),
    );
    expect(noted).toEqual([
      ['https://slow.example', 2500],
      ['https://none.example', null],
    ]);
  });

  it('stops at the fetch budget, failed fetches included, and says so', async () => {
    const { calls, fetcher } = recordingFetcher({
      'https://shop.example/robots.txt': Array.from(
        { length: 400 },
        (_, i) => `Sitemap: https://shop.example/s-${i}.xml`,
      ).join('\n'),
    });
    const handler = new Wf4SitemapDiscoveryHandler(fetcher, {
      ...DEFAULT_DISCOVERY_LIMITS,
      maxFetches: 25,
      maxFailures: 1000,
    });
    const [result] = (await handler.process(
      [{ domain: 'shop.example' } as DomainEntity],
      context(new AbortController().signal),
    )) as Outcome<readonly DiscoveredSitemap[]>[];
    expect(calls).toHaveLength(25);
    expect(result).toMatchObject({
      kind: 'fail',
      reason: expect.stringMatching(
        /^no valid sitemap found: fetch budget of 25 requests spent; .*HTTP 404.*and \d+ more$/,
      ),
    });
  });

  it('parses the first 500 KiB of a bigger robots.txt (RFC 9309), reading no further', async () => {
    const head = 'Sitemap: https://shop.example/first.xml\n';
    const robots = `${head}${'# padding line\n'.repeat(80_000)}Sitemap: https://shop.example/past-the-limit.xml\n`;
    const { calls, fetcher } = recordingFetcher({
      'https://shop.example/first.xml': '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
      'https://shop.example/robots.txt': robots,
    });
    const tooLarge = new SafeFetchError(
      'TOO_LARGE',
      'https://shop.example/robots.txt',
      'https://shop.example/robots.txt is larger than 512000 bytes',
    );
    fetcher.fetchSite = async () => {
      calls.push({ url: 'fetchSite robots.txt', init: {} });
      throw tooLarge;
    };
    const [result] = (await new Wf4SitemapDiscoveryHandler(fetcher).process(
      [{ domain: 'shop.example' } as DomainEntity],
      context(new AbortController().signal),
    )) as Outcome<readonly DiscoveredSitemap[]>[];
    expect(result).toMatchObject({
      kind: 'done',
      result: [{ url: 'https://shop.example/first.xml', discovery_method: 'robots_txt' }],
    });
    expect(calls.map((c) => c.url)).toEqual([
      'fetchSite robots.txt',
      'https://shop.example/robots.txt',
      'https://shop.example/first.xml',
    ]);
  });

  it('does not start fetching once the signal has aborted', async () => {
    const { calls, fetcher } = recordingFetcher();
    const controller = new AbortController();
    controller.abort(new Error('item deadline'));
    await expect(
      new Wf4SitemapDiscoveryHandler(fetcher).process(
        [{ domain: 'shop.example' } as DomainEntity],
        context(controller.signal),
      ),
    ).rejects.toThrow('item deadline');
    expect(calls).toHaveLength(0);
  });
});
