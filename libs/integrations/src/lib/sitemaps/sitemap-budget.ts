/**
 * What one sitemap job may cost: a WF4 discovery of one domain, or a WF5 import of one file with its children.
 * Without it a hostile index (40 children of 40 children) cost 1,641 fetches for no URL. Failed requests are
 * requests too, and past `maxFailures` the job stops: a site that answers nothing useful gets no more traffic.
 */
export interface SitemapBudgetLimits {
  /** Children followed per sitemap index (each index file separately); the rest are skipped with a reason. */
  readonly maxChildSitemaps: number;
  /** Fetcher calls per job, failed ones included. */
  readonly maxFetches: number;
  /** Failed fetches (transport errors, non-200 answers, unparsable sitemaps) per job before it stops. */
  readonly maxFailures: number;
}

export const DEFAULT_SITEMAP_BUDGET: SitemapBudgetLimits = { maxChildSitemaps: 100, maxFetches: 200, maxFailures: 10 };

/** The running count of one job against its {@link SitemapBudgetLimits}. */
export class SitemapBudget {
  fetches = 0;
  failures = 0;

  constructor(readonly limits: SitemapBudgetLimits) {
    for (const key of ['maxChildSitemaps', 'maxFetches', 'maxFailures'] as const) {
      if (!Number.isInteger(limits[key]) || limits[key] < 1)
        throw new RangeError(`${key} must be a positive integer, got ${limits[key]}`);
    }
  }

  /** Null when another fetch may start (and counts it), else why not. */
  spend(): string | null {
    const why = this.exhausted();
    if (why === null) this.fetches += 1;
    return why;
  }

  fail(): void {
    this.failures += 1;
  }

  /** Why no further fetch may start, or null. */
  exhausted(): string | null {
    if (this.failures >= this.limits.maxFailures)
      return `stopped after ${this.failures} failed requests (limit ${this.limits.maxFailures})`;
    if (this.fetches >= this.limits.maxFetches) return `fetch budget of ${this.limits.maxFetches} requests spent`;
    return null;
  }
}

/**
 * Reasons collected while a job runs, for the row's error text: at most `maxCount` kept, each cut to `maxChars`,
 * the rest counted. A hostile index can produce thousands; the list stays small either way.
 */
export class ReasonList {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(
    private readonly maxCount = 8,
    private readonly maxChars = 200,
  ) {}

  get size(): number {
    return this.kept.length + this.dropped;
  }

  add(reason: string): void {
    if (this.kept.length >= this.maxCount) {
      this.dropped += 1;
      return;
    }
    this.kept.push(reason.length > this.maxChars ? `${reason.slice(0, this.maxChars - 1)}…` : reason);
  }

  join(separator = '; '): string {
    const more = this.dropped > 0 ? `${separator}and ${this.dropped} more` : '';
    return `${this.kept.join(separator)}${more}`;
  }
}
