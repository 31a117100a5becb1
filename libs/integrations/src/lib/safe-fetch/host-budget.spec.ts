import { HostBudget, HostTurn, politenessKey } from './host-budget';
import { HostGateWaitError } from './host-gate';
import { RobotsCache } from './robots';
import { SafeFetcher } from './safe-fetch';
import { failure, LocalServer, serveRoutes } from './safe-fetch.test-support';

const UA = 'CurationPipelineBot/1.0 (+https://example.com/bot)';

describe('politenessKey', () => {
  it.each([
    ['www.shop.com', 'shop.com'],
    ['IMG.Shop.COM.', 'shop.com'],
    ['a.b.shop.co.uk', 'shop.co.uk'],
    // Private suffixes count: two sites on one platform are two sites.
    ['alice.github.io', 'alice.github.io'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['localhost', 'localhost'],
    ['intranet', 'intranet'],
  ])('%s → %s', (host, key) => expect(politenessKey(host)).toBe(key));
});

/** Records what the fetcher asks of the shared stage; the PostgreSQL one is tested against a real database. */
class RecordingBudget implements HostBudget {
  readonly turns: { key: string; turn: HostTurn }[] = [];
  /** The delay each turn asked to keep after its answer, read when it was given back. */
  readonly delaysAfter: number[] = [];
  released = 0;
  failWith: Error | null = null;

  async acquire(key: string, turn: HostTurn): Promise<() => void> {
    this.turns.push({ key, turn });
    if (this.failWith) throw this.failWith;
    return () => {
      this.released += 1;
      this.delaysAfter.push(turn.delayAfterMs?.() ?? turn.delayMs);
    };
  }
}

describe('SafeFetcher with a shared host budget', () => {
  let site: LocalServer;

  beforeAll(async () => {
    site = await serveRoutes({
      '/ok': (_req, res) => res.end('ok'),
      '/robots.txt': (_req, res) =>
        res.end('User-agent: *\nCrawl-delay: 1.5\n\nUser-agent: OtherBot\nCrawl-delay: 9\n'),
    });
  });

  afterAll(() => site.close());

  const fetcherWith = (budget: HostBudget, maxCrawlDelayMs?: number) =>
    new SafeFetcher({
      userAgent: UA,
      allowLoopback: true,
      perHostConcurrency: 1,
      perHostDelayMs: 400,
      maxCrawlDelayMs,
      maxHostWaitMs: 5_000,
      hostBudget: budget,
      connectTo: ['www.shop.com', 'img.shop.com', 'www.other.com'].map((host) => ({
        host,
        port: 80,
        targetHost: '127.0.0.1',
        targetPort: site.port,
      })),
    });

  it('asks the budget per registrable domain, with the delay it serves in place of the local one', async () => {
    const budget = new RecordingBudget();
    const fetcher = fetcherWith(budget);
    try {
      const started = performance.now();
      await fetcher.fetch('http://www.shop.com/ok');
      await fetcher.fetch('http://img.shop.com/ok');
      // The local gate no longer spaces starts (400 ms each) on top of the budget, which served none here.
      expect(performance.now() - started).toBeLessThan(400);
      expect(budget.turns.map((t) => t.key)).toEqual(['shop.com', 'shop.com']);
      expect(budget.turns[0].turn).toMatchObject({ concurrency: 1, delayMs: 400 });
      expect(budget.turns[0].turn.maxWaitMs).toBeLessThanOrEqual(5_000);
      expect(budget.released).toBe(2);
    } finally {
      await fetcher.close();
    }
  });

  it('a budget that gives up is a retryable TIMEOUT naming the host; one that fails says so', async () => {
    const budget = new RecordingBudget();
    const fetcher = fetcherWith(budget);
    try {
      budget.failWith = new HostGateWaitError('timeout', 'shop.com', 5_000);
      const waited = await failure(fetcher.fetch('http://www.shop.com/ok'));
      expect(waited.code).toBe('TIMEOUT');
      expect(waited.message).toBe(
        'http://www.shop.com/ok waited more than 5000 ms for a turn at www.shop.com (at most 1 requests per host at once)',
      );
      budget.failWith = new Error('connection refused');
      const broken = await failure(fetcher.fetch('http://www.shop.com/ok'));
      expect(broken.code).toBe('TIMEOUT');
      expect(broken.message).toBe(
        'http://www.shop.com/ok could not take a turn at shop.com: the shared politeness budget failed (connection refused)',
      );
      // The local slot was given back both times: a third call is not stuck behind them.
      budget.failWith = null;
      expect((await fetcher.fetch('http://www.shop.com/ok')).status).toBe(200);
      expect(site.paths.filter((p) => p === '/ok')).toHaveLength(3);
    } finally {
      await fetcher.close();
    }
  });

  it("asks for the robots.txt Crawl-delay once it is read: from that request's release on, for the whole site", async () => {
    const budget = new RecordingBudget();
    const fetcher = fetcherWith(budget);
    try {
      expect(await new RobotsCache(fetcher).isAllowed('http://www.shop.com/ok')).toBe(true);
      await fetcher.fetch('http://img.shop.com/ok');
      await fetcher.fetch('http://www.other.com/ok');
      expect(budget.turns.map((t) => [t.key, t.turn.delayMs])).toEqual([
        // The robots.txt request itself: the file is not known yet.
        ['shop.com', 400],
        ['shop.com', 1_500],
        ['other.com', 400],
      ]);
      // Read when given back: the robots.txt request already spaces the next one by the Crawl-delay.
      expect(budget.delaysAfter).toEqual([1_500, 1_500, 400]);
    } finally {
      await fetcher.close();
    }
  });

  it('cuts a Crawl-delay to maxCrawlDelayMs, never below the configured delay; 0 ignores it', async () => {
    for (const [maxCrawlDelayMs, expected] of [
      [1_000, 1_000],
      [100, 400],
      [0, 400],
    ]) {
      const budget = new RecordingBudget();
      const fetcher = fetcherWith(budget, maxCrawlDelayMs);
      try {
        await new RobotsCache(fetcher).isAllowed('http://www.shop.com/ok');
        await fetcher.fetch('http://www.shop.com/ok');
        expect(budget.turns[1].turn.delayMs).toBe(expected);
      } finally {
        await fetcher.close();
      }
    }
  });
});

describe('SafeFetcher without a shared budget keeps a Crawl-delay in its own gate', () => {
  it('spaces the requests after a robots.txt read by its Crawl-delay, the read itself by the configured delay', async () => {
    const starts: { path: string; at: number }[] = [];
    const site = await serveRoutes({
      '/robots.txt': (req, res) => {
        starts.push({ path: req.url ?? '', at: performance.now() });
        res.end('User-agent: *\nCrawl-delay: 0.3\n');
      },
      '/ok': (req, res) => {
        starts.push({ path: req.url ?? '', at: performance.now() });
        res.end('ok');
      },
    });
    const fetcher = new SafeFetcher({ userAgent: UA, allowLoopback: true, perHostConcurrency: 2, perHostDelayMs: 50 });
    try {
      const origin = `http://127.0.0.1:${site.port}`;
      await fetcher.fetch(`${origin}/ok`);
      expect(await new RobotsCache(fetcher).isAllowed(`${origin}/ok`)).toBe(true);
      await Promise.all([1, 2].map((n) => fetcher.fetch(`${origin}/ok?n=${n}`)));
      expect(starts.map((s) => s.path)).toEqual(['/ok', '/robots.txt', '/ok?n=1', '/ok?n=2']);
      // Arrivals, not starts: a request that opened its connection arrives a few ms later than one that reused it.
      const gaps = starts.slice(1).map((s, i) => s.at - starts[i].at);
      expect(gaps[0]).toBeLessThan(250);
      expect(Math.min(gaps[1], gaps[2])).toBeGreaterThanOrEqual(280);
    } finally {
      await fetcher.close();
      await site.close();
    }
  });
});
