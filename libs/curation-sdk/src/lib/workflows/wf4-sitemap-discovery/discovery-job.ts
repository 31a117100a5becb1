import { ReasonList, SafeFetchError, SitemapBudget, SitemapBudgetLimits } from '@curation/integrations';

import { messageOf } from '../../errors/message-of';
import { isPermanentFetchFailure } from '../web/fetch-failure';
import type { DiscoveredSitemap } from './wf4-sitemap-discovery.handler';

/** One domain's discovery: what was found, what it cost against the budget, and why candidates failed. */
export class DiscoveryJob {
  readonly found = new Map<string, DiscoveredSitemap>();
  readonly reasons = new ReasonList(8, 240);
  readonly budget: SitemapBudget;
  /** Some failure may heal by itself (timeout, refused connection): worth a retry when nothing was found. */
  transient = false;
  /** An address the fetcher refuses (private network, metadata): retrying cannot help. */
  blocked = false;
  /** The budget ran out: no further fetch starts; `stopReason` says which limit. */
  stopped = false;
  private stopReason: string | null = null;

  constructor(
    limits: SitemapBudgetLimits,
    /** The domain's site (`www.` stripped); index children elsewhere are not followed. */
    readonly site: string | null,
    readonly signal: AbortSignal,
  ) {
    this.budget = new SitemapBudget(limits);
  }

  get maxChildSitemaps(): number {
    return this.budget.limits.maxChildSitemaps;
  }

  /** Counts a fetch about to start; false (and stopped) when the budget is spent. */
  spend(): boolean {
    if (this.stopped) return false;
    const why = this.budget.spend();
    if (why === null) return true;
    this.stopped = true;
    this.stopReason = why;
    return false;
  }

  /** A fetch that threw. */
  failed(what: string, error: unknown): void {
    this.budget.fail();
    if (error instanceof SafeFetchError && !isPermanentFetchFailure(error)) this.transient = true;
    if (error instanceof SafeFetchError && error.code === 'BLOCKED_ADDRESS') this.blocked = true;
    this.reasons.add(`${what}: ${messageOf(error)}`);
  }

  /** A listed candidate that answered, but not with a sitemap (non-200, not XML, ...). */
  miss(reason: string): void {
    this.budget.fail();
    this.reasons.add(reason);
  }

  /** What the row's error says: the budget stop first (it explains the rest), then the capped reasons. */
  describe(): string {
    const reasons = this.reasons.join();
    if (this.stopReason === null) return reasons;
    return reasons === '' ? this.stopReason : `${this.stopReason}; ${reasons}`;
  }

  shortUrl(url: string): string {
    return url.length > 120 ? `${url.slice(0, 119)}…` : url;
  }
}
