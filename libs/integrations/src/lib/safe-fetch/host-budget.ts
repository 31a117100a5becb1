import { isIP } from 'node:net';

import { getDomain } from 'tldts';

/** What one turn at a host asks of a {@link HostBudget}. */
export interface HostTurn {
  /** Requests to the host in flight at once, across every process sharing the budget. */
  concurrency: number;
  /** Minimum gap between two request starts at the host (the configured delay, or a longer robots.txt Crawl-delay). */
  delayMs: number;
  /**
   * The gap kept after this turn's answer, read when the turn is given back; default `delayMs`. Longer than
   * `delayMs` when the turn read the host's robots.txt and it named a Crawl-delay: the next request, whichever
   * process sends it, then already waits that long.
   */
  delayAfterMs?: () => number;
  /** Longest wait for the turn; then the acquire rejects with `HostGateWaitError('timeout')`. */
  maxWaitMs: number;
  /** Stops the wait; the acquire rejects with `HostGateWaitError('aborted')` and holds nothing. */
  signal?: AbortSignal;
}

/**
 * Politeness held outside this process, so several workers together keep one site's budget instead of each
 * keeping its own. `acquire` resolves with the release once the request may start now (the start spacing is
 * already served), and rejects with `HostGateWaitError` when the wait bound passes or the signal aborts. Any
 * other rejection means the budget itself could not be reached. The release is called exactly once, after
 * the answer (or the failure); it never throws.
 */
export interface HostBudget {
  acquire(hostKey: string, turn: HostTurn): Promise<() => void>;
}

/**
 * The key a site's politeness budget is kept under: its registrable domain (public suffix list, private
 * suffixes included, as the URL standard defines it), so `www.shop.com` and `img.shop.com` share one budget
 * while `a.github.io` and `b.github.io`, separate sites on one platform, do not. An IP address, `localhost`
 * or a name without a public suffix keys on itself.
 */
export function politenessKey(hostname: string): string {
  const host = stripBrackets(hostname.trim().toLowerCase().replace(/\.$/, ''));
  if (host === '' || isIP(host) !== 0) return host;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
