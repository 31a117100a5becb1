import { RobotsCache, RobotsFetcher, parseRobots, productToken, robotsAllows, sitemapsOf } from './robots';
import { SafeFetchError, SafeFetchResponse } from './safe-fetch.types';

const ROBOTS = `\uFEFF# comment line
Sitemap: https://shop.example.test/sitemap_index.xml
User-agent: *
Disallow: /private/
Allow: /private/public-page
Disallow: /*.pdf$
Disallow: /search?
Disallow:

user-agent: OtherBot
USER-AGENT: CurationPipelineBot
Disallow: /
Allow: /blog/
Allow: /contact$
Crawl-delay: 10
Sitemap: /relative-sitemap.xml # trailing comment

User-agent: GreedyBot
Disallow: /*
Allow: /$
Sitemap: https://shop.example.test/sitemap_index.xml
`;

const parsed = parseRobots(ROBOTS);

describe('parseRobots', () => {
  it('groups consecutive user-agent lines and keeps sitemaps global and unique', () => {
    expect(parsed.groups.map((group) => group.userAgents)).toEqual([['*'], ['otherbot', 'curationpipelinebot'], ['greedybot']]);
    expect(parsed.groups[0].rules).toHaveLength(4);
    expect(parsed.sitemaps).toEqual(['https://shop.example.test/sitemap_index.xml', '/relative-sitemap.xml']);
  });

  it('ignores rules before any user-agent line', () => {
    expect(parseRobots('Disallow: /\nUser-agent: *\nDisallow: /x').groups).toEqual([{ userAgents: ['*'], rules: [{ allow: false, pattern: '/x' }] }]);
  });
});

type Case = [agent: string, path: string, allowed: boolean];

const CASES: Case[] = [
  // "*" group
  ['SomeBot', '/', true],
  ['SomeBot', '/private/', false],
  ['SomeBot', '/private/secret', false],
  ['SomeBot', '/private/public-page', true],
  ['SomeBot', '/private/public-page-2', true],
  ['SomeBot', '/docs/file.pdf', false],
  ['SomeBot', '/docs/file.pdf?x=1', true],
  ['SomeBot', '/search?q=x', false],
  ['SomeBot', '/search', true],
  ['SomeBot', '/robots.txt', true],
  // own group (matched case-insensitively, merged "*" not applied)
  ['curationpipelinebot', '/', false],
  ['CurationPipelineBot', '/private/public-page', false],
  ['curationpipelinebot', '/blog/post-1', true],
  ['curationpipelinebot', '/contact', true],
  ['curationpipelinebot', '/contact-us', false],
  ['curationpipelinebot', '/robots.txt', true],
  // "/*" vs "/$": equal-length tie → Allow wins only for exactly "/"
  ['greedybot', '/', true],
  ['greedybot', '/a', false],
];

describe('robotsAllows', () => {
  it.each(CASES)('%s %s → %s', (agent, path, allowed) => {
    expect(robotsAllows(parsed, agent, path)).toBe(allowed);
  });

  it('prefers Allow when an Allow and a Disallow of the same length match', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /page\nAllow: /page\n');
    expect(robotsAllows(robots, 'x', '/page')).toBe(true);
  });

  it('matches percent-encoded and raw forms alike', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /café\nDisallow: /a%2fb\n');
    expect(robotsAllows(robots, 'x', '/caf%C3%A9/menu')).toBe(false);
    expect(robotsAllows(robots, 'x', '/a%2Fb')).toBe(false);
  });

  it('allows everything without groups or rules', () => {
    expect(robotsAllows(parseRobots(''), 'x', '/anything')).toBe(true);
    expect(robotsAllows(parseRobots('User-agent: *\nDisallow:\n'), 'x', '/anything')).toBe(true);
  });
});

describe('sitemapsOf and productToken', () => {
  it('resolves sitemap URLs against a base and drops relative ones without it', () => {
    expect(sitemapsOf(ROBOTS, 'https://shop.example.test/robots.txt')).toEqual(['https://shop.example.test/sitemap_index.xml', 'https://shop.example.test/relative-sitemap.xml']);
    expect(sitemapsOf(ROBOTS)).toEqual(['https://shop.example.test/sitemap_index.xml']);
    expect(sitemapsOf('Sitemap: ftp://x.example/s.xml\nSitemap: not a url')).toEqual([]);
  });

  it('takes the product token of a User-Agent', () => {
    expect(productToken('CurationPipelineBot/1.0 (+https://example.com/bot)')).toBe('curationpipelinebot');
  });
});

/** Answers robots.txt per origin from a table; counts calls. */
class TableFetcher implements RobotsFetcher {
  readonly userAgent = 'CurationPipelineBot/1.0 (+https://example.com/bot)';
  readonly calls: string[] = [];

  constructor(private readonly answers: Record<string, { status: number; body?: string } | SafeFetchError>) {}

  async fetch(url: string): Promise<SafeFetchResponse> {
    this.calls.push(url);
    await Promise.resolve();
    const answer = this.answers[new URL(url).origin];
    if (answer instanceof SafeFetchError) throw answer;
    const body = Buffer.from(answer?.body ?? '');
    return { url, status: answer?.status ?? 404, headers: {}, body, bytes: body.length, elapsedMs: 1, redirects: [] };
  }
}

describe('RobotsCache', () => {
  const fetcher = () =>
    new TableFetcher({
      'https://ok.example.test': { status: 200, body: ROBOTS },
      'https://gone.example.test': { status: 404 },
      'https://forbidden.example.test': { status: 403 },
      'https://down.example.test': { status: 503 },
      'https://busy.example.test': { status: 429 },
      'https://unreachable.example.test': new SafeFetchError('TIMEOUT', 'https://unreachable.example.test/robots.txt', 'https://unreachable.example.test/robots.txt did not answer within 10 ms'),
    });

  it('fetches robots.txt once per origin, also for concurrent callers', async () => {
    const robotsFetcher = fetcher();
    const cache = new RobotsCache(robotsFetcher);
    const verdicts = await Promise.all([
      cache.isAllowed('https://ok.example.test/blog/a'),
      cache.isAllowed('https://ok.example.test/private/'),
      cache.isAllowed('https://ok.example.test/contact'),
    ]);
    expect(verdicts).toEqual([true, false, true]);
    expect(await cache.sitemaps('https://ok.example.test')).toEqual(['https://shop.example.test/sitemap_index.xml', '/relative-sitemap.xml']);
    expect(robotsFetcher.calls).toEqual(['https://ok.example.test/robots.txt']);
  });

  it.each([
    ['https://gone.example.test/x', true, /HTTP 404/],
    ['https://forbidden.example.test/x', true, /HTTP 403/],
    ['https://down.example.test/x', false, /HTTP 503/],
    ['https://busy.example.test/x', false, /HTTP 429/],
    ['https://unreachable.example.test/x', false, /could not be read.*did not answer/],
  ])('%s → allowed %s', async (url, allowed, reason) => {
    const verdict = await new RobotsCache(fetcher()).check(url);
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reason).toMatch(reason);
  });

  it('throws ROBOTS_DISALLOWED naming the URL', async () => {
    const cache = new RobotsCache(fetcher());
    await expect(cache.assertAllowed('https://ok.example.test/private/x')).rejects.toMatchObject({
      code: 'ROBOTS_DISALLOWED',
      message: expect.stringContaining('robots.txt forbids https://ok.example.test/private/x'),
    });
    await expect(cache.assertAllowed('https://ok.example.test/blog/x')).resolves.toBeUndefined();
  });

  it('fetches again once the entry expired', async () => {
    const robotsFetcher = fetcher();
    const cache = new RobotsCache(robotsFetcher, 0);
    await cache.isAllowed('https://gone.example.test/a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.isAllowed('https://gone.example.test/b');
    expect(robotsFetcher.calls).toHaveLength(2);
  });
});
