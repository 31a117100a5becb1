import { HostBudget, HostTurn, politenessKey } from './host-budget';
import { HostGateWaitError } from './host-gate';
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
  released = 0;
  failWith: Error | null = null;

  async acquire(key: string, turn: HostTurn): Promise<() => void> {
    this.turns.push({ key, turn });
    if (this.failWith) throw this.failWith;
    return () => {
      this.released += 1;
    };
  }
}

describe('SafeFetcher with a shared host budget', () => {
  let site: LocalServer;

  beforeAll(async () => {
    site = await serveRoutes({ '/ok': (_req, res) => res.end('ok') });
  });

  afterAll(() => site.close());

  const fetcherWith = (budget: HostBudget) =>
    new SafeFetcher({
      userAgent: UA,
      allowLoopback: true,
      perHostConcurrency: 1,
      perHostDelayMs: 400,
      maxHostWaitMs: 5_000,
      hostBudget: budget,
      connectTo: ['www.shop.com', 'img.shop.com'].map((host) => ({
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
});
