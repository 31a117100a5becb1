import { Readable } from 'node:stream';

import { politenessKey } from './host-budget';
import { compileRobots, parseRobots, ROBOTS_MAX_BYTES, RobotsCache, RobotsFetcher } from './robots';
import { CrawlDelays, parseCrawlDelayMs } from './robots-crawl-delay';
import { SafeFetchInit, SafeFetchStreamResponse } from './safe-fetch.types';

const BOT = 'curationpipelinebot';
const delayOf = (text: string, agent = BOT) => compileRobots(parseRobots(text), agent).crawlDelayMs;

const cpuMs = <T>(fn: () => T): { result: T; ms: number } => {
  const started = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
};

describe('parseCrawlDelayMs', () => {
  it.each([
    ['10', 10_000],
    ['0.4', 400],
    ['.5', 500],
    ['2.', 2_000],
    ['0', 0],
    ['007', 7_000],
    ['1.2345', 1_234.5],
  ])('reads %s seconds as %d ms', (value, ms) => expect(parseCrawlDelayMs(value)).toBe(ms));

  it.each(['', '.', '-1', '+1', '1e3', '1E3', 'Infinity', 'NaN', '0x10', '1,5', '1.2.3', '5s', '1 2', '٣', 'ten'])(
    'ignores %j',
    (value) => expect(parseCrawlDelayMs(value)).toBeNull(),
  );

  it('reads a number too long for a double as huge, for the cap to cut', () => {
    expect(parseCrawlDelayMs(`1${'0'.repeat(400)}`)).toBe(Number.POSITIVE_INFINITY);
  });

  it('checks a hostile 500 KiB value in linear time', () => {
    const digits = '9'.repeat(ROBOTS_MAX_BYTES);
    const { ms } = cpuMs(() => {
      for (let i = 0; i < 3; i += 1) {
        parseCrawlDelayMs(`${digits}x`);
        parseCrawlDelayMs(`${digits}.${digits}`);
        parseCrawlDelayMs(`.${'.'.repeat(ROBOTS_MAX_BYTES)}`);
      }
    });
    expect(ms).toBeLessThan(1000);
  });
});

describe('Crawl-delay in parseRobots and compileRobots', () => {
  it('belongs to the open group, as the Allow/Disallow lines do', () => {
    const parsed = parseRobots(
      'Crawl-delay: 9\nUser-agent: a\nUser-agent: b\nCrawl-delay: 3\n\nUser-agent: *\nDisallow: /x',
    );
    expect(parsed.groups.map((g) => [g.userAgents, g.crawlDelayMs])).toEqual([
      [['a', 'b'], 3_000],
      [['*'], undefined],
    ]);
  });

  it("applies our group's delay; a group naming us beats *, even when only * names a delay", () => {
    const file = 'User-agent: *\nCrawl-delay: 5\n\nUser-agent: CurationPipelineBot/1.0\nCrawl-delay: 0.25\n';
    expect(delayOf(file)).toBe(250);
    expect(delayOf(file, 'otherbot')).toBe(5_000);
    expect(delayOf('User-agent: *\nCrawl-delay: 5\n\nUser-agent: curationpipelinebot\nDisallow: /x\n')).toBeNull();
    expect(delayOf('User-agent: otherbot\nCrawl-delay: 5\n')).toBeNull();
  });

  it('keeps the longest when the applied groups, or one group, name several', () => {
    expect(delayOf('User-agent: *\nCrawl-delay: 1\nCrawl-delay: 4\n\nUser-agent: *\nCrawl-delay: 2.5\n')).toBe(4_000);
  });

  it('ignores garbage values and keeps a readable one beside them', () => {
    expect(delayOf('User-agent: *\nCrawl-delay: -5\nCrawl-delay: 1e9\nCrawl-delay: soon\nCrawl-delay:\n')).toBeNull();
    expect(delayOf('User-agent: *\nCrawl-delay: Infinity\ncrawl-DELAY: 1.5 # seconds\n')).toBe(1_500);
  });

  it('ends a run of User-agent lines: the next User-agent opens a new group', () => {
    const parsed = parseRobots('User-agent: a\nCrawl-delay: 2\nUser-agent: b\nDisallow: /\n');
    expect(parsed.groups.map((g) => g.userAgents)).toEqual([['a'], ['b']]);
    expect(delayOf('User-agent: a\nCrawl-delay: 2\nUser-agent: b\nDisallow: /\n', 'b')).toBeNull();
  });

  it('passes a huge delay through uncapped: the fetcher cuts it to its maximum', () => {
    expect(delayOf('User-agent: *\nCrawl-delay: 86400000\n')).toBe(86_400_000_000);
    const delays = new CrawlDelays(30_000);
    delays.note('https://shop.example.test', delayOf('User-agent: *\nCrawl-delay: 86400000\n'), 60_000);
    expect(delays.delayFor(politenessKey('shop.example.test'))).toBe(30_000);
    delays.note('https://shop.example.test', delayOf(`User-agent: *\nCrawl-delay: 1${'0'.repeat(400)}\n`), 60_000);
    expect(delays.delayFor(politenessKey('shop.example.test'))).toBe(30_000);
  });
});

describe('CrawlDelays', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps the longest delay of a site’s origins, per registrable domain', () => {
    const delays = new CrawlDelays(30_000);
    delays.note('https://www.shop.com', 400, 60_000);
    delays.note('http://img.shop.com:8080', 1_500, 60_000);
    delays.note('https://other.com', 100, 60_000);
    expect(delays.delayFor('shop.com')).toBe(1_500);
    expect(delays.delayFor('other.com')).toBe(100);
    expect(delays.delayFor('unknown.com')).toBe(0);
    // A new read without a Crawl-delay forgets that origin's; the other origin's stays.
    delays.note('http://img.shop.com:8080', null, 60_000);
    expect(delays.delayFor('shop.com')).toBe(400);
  });

  it('forgets a delay when the robots.txt it came from is no longer trusted', () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const delays = new CrawlDelays(30_000);
    delays.note('https://shop.com', 2_000, 60_000);
    now += 59_999;
    expect(delays.delayFor('shop.com')).toBe(2_000);
    now += 1;
    expect(delays.delayFor('shop.com')).toBe(0);
  });

  it('ignores every Crawl-delay when the maximum is 0, and a URL that does not parse', () => {
    const delays = new CrawlDelays(0);
    delays.note('https://shop.com', 2_000, 60_000);
    expect(delays.delayFor('shop.com')).toBe(0);
    new CrawlDelays().note('not a url', 2_000, 60_000);
  });
});

/** Answers one robots.txt; records each note with whether the consumer was still running (the turn still held). */
class NotingFetcher implements RobotsFetcher {
  readonly userAgent = 'CurationPipelineBot/1.0 (+https://example.com/bot)';
  readonly notes: { origin: string; delayMs: number | null; ttlMs: number; duringTurn: boolean }[] = [];
  private inTurn = false;

  constructor(private readonly answer: { status: number; body?: string }) {}

  async fetchStream<T>(
    _url: string,
    _init: SafeFetchInit,
    consume: (response: SafeFetchStreamResponse) => Promise<T>,
  ): Promise<T> {
    this.inTurn = true;
    try {
      return await consume({
        url: _url,
        status: this.answer.status,
        headers: {},
        body: Readable.from([Buffer.from(this.answer.body ?? '')]),
        elapsedMs: 1,
        redirects: [],
      });
    } finally {
      this.inTurn = false;
    }
  }

  noteCrawlDelay(origin: string, delayMs: number | null, ttlMs: number): void {
    this.notes.push({ origin, delayMs, ttlMs, duringTurn: this.inTurn });
  }
}

describe('RobotsCache hands the Crawl-delay to its fetcher', () => {
  it('while the robots.txt request still holds its turn, with the cache lifetime', async () => {
    const fetcher = new NotingFetcher({ status: 200, body: 'User-agent: *\nCrawl-delay: 0.4\nDisallow: /x\n' });
    const cache = new RobotsCache(fetcher, { ttlMs: 120_000 });
    expect(await cache.isAllowed('https://www.shop.com/a')).toBe(true);
    expect(await cache.isAllowed('https://www.shop.com/x')).toBe(false);
    expect(fetcher.notes).toEqual([{ origin: 'https://www.shop.com', delayMs: 400, ttlMs: 120_000, duringTurn: true }]);
  });

  it('says "none" for a file without one and for a missing file; nothing for an unreadable one', async () => {
    for (const [answer, notes] of [
      [{ status: 200, body: 'User-agent: *\nDisallow: /x\n' }, [null]],
      [{ status: 404 }, [null]],
      [{ status: 503 }, []],
      [{ status: 429 }, []],
    ] as const) {
      const fetcher = new NotingFetcher(answer);
      await new RobotsCache(fetcher).isAllowed('https://shop.com/a');
      expect(fetcher.notes.map((n) => n.delayMs)).toEqual(notes);
    }
  });
});
