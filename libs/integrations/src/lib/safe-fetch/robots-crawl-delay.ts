import { politenessKey } from './host-budget';

/** Longest robots.txt Crawl-delay honoured by default, in ms: a site asking for more gets this. */
export const DEFAULT_MAX_CRAWL_DELAY_MS = 30_000;

/**
 * A Crawl-delay value (seconds, as Bing and Yandex read it) in ms; null for anything but a plain non-negative
 * decimal: no sign, exponent, unit, hex, "Infinity" or "NaN". Checked character by character, so a hostile
 * 500 KiB value costs one pass. A value too large for a double (hundreds of digits) reads as Infinity: it is a
 * number, only a huge one, and the cap turns it into the longest delay honoured.
 */
export function parseCrawlDelayMs(value: string): number | null {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0x2e) dots += 1;
    else if (code >= 0x30 && code <= 0x39) digits += 1;
    else return null;
  }
  if (digits === 0 || dots > 1) return null;
  const ms = Number(value) * 1000;
  return Number.isNaN(ms) ? null : ms;
}

/** Sites remembered; a crawl over more forgets the least recently told first (they re-read robots.txt anyway). */
const MAX_SITES = 10_000;
/** Origins remembered per site; a site with more subdomains than this keeps the most recently told. */
const MAX_ORIGINS_PER_SITE = 64;

interface Told {
  delayMs: number;
  expiresAt: number;
}

/**
 * The Crawl-delay each origin's robots.txt named, kept per site (the key politeness is kept under) so every
 * request to the site waits the longest delay any of its origins asked for. An entry lives as long as the robots.txt
 * it came from is trusted; a new read of that file replaces it.
 */
export class CrawlDelays {
  private readonly sites = new Map<string, Map<string, Told>>();

  constructor(private readonly maxDelayMs: number = DEFAULT_MAX_CRAWL_DELAY_MS) {}

  /** What `origin`'s robots.txt says, capped; null (no Crawl-delay, or no file) forgets what it said before. */
  note(origin: string, delayMs: number | null, ttlMs: number): void {
    let host: string;
    try {
      host = new URL(origin).hostname;
    } catch {
      return;
    }
    const key = politenessKey(host);
    const site = this.sites.get(key);
    const capped = delayMs === null ? 0 : Math.min(Math.max(0, delayMs), this.maxDelayMs);
    if (capped <= 0) {
      site?.delete(origin);
      if (site?.size === 0) this.sites.delete(key);
      return;
    }
    const origins = site ?? new Map<string, Told>();
    // Most recently told last, for both bounds.
    this.sites.delete(key);
    this.sites.set(key, origins);
    origins.delete(origin);
    origins.set(origin, { delayMs: capped, expiresAt: Date.now() + ttlMs });
    if (origins.size > MAX_ORIGINS_PER_SITE) origins.delete(origins.keys().next().value as string);
    if (this.sites.size > MAX_SITES) this.sites.delete(this.sites.keys().next().value as string);
  }

  /** The longest live Crawl-delay of the site `key` (a {@link politenessKey}), in ms; 0 when none applies. */
  delayFor(key: string): number {
    const site = this.sites.get(key);
    if (!site) return 0;
    const now = Date.now();
    let longest = 0;
    for (const [origin, told] of site) {
      if (told.expiresAt <= now) site.delete(origin);
      else longest = Math.max(longest, told.delayMs);
    }
    if (site.size === 0) this.sites.delete(key);
    return longest;
  }
}
