import { SafeFetchError, SafeFetchResponse } from './safe-fetch.types';

/** One Allow/Disallow line; `pattern` is the path as written (may hold `*` and a trailing `$`). */
export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

export interface RobotsGroup {
  /** Lower-case user-agent tokens of the group ("*" included). */
  userAgents: string[];
  rules: RobotsRule[];
}

export interface ParsedRobots {
  groups: RobotsGroup[];
  /** Sitemap lines, in order, duplicates removed; they belong to no group. */
  sitemaps: string[];
}

/** Robots files past this are truncated, as Google does (500 KiB). */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/**
 * robots.txt per RFC 9309: consecutive User-agent lines open a group, Allow/Disallow lines belong to the open group,
 * unknown lines are ignored and Sitemap lines are global. Lines before the first User-agent are ignored.
 */
export function parseRobots(text: string): ParsedRobots {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  // A User-agent line right after rules starts a new group; right after another User-agent it extends the group.
  let lastWasAgent = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { userAgents: [], rules: [] };
        groups.push(current);
      }
      if (value) current.userAgents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    if (key === 'sitemap' || key === 'site-map') {
      if (value && !sitemaps.includes(value)) sitemaps.push(value);
      continue;
    }
    if (key === 'allow' || key === 'disallow') {
      lastWasAgent = false;
      // An empty Disallow allows everything, which is what having no rule means.
      if (current && value) current.rules.push({ allow: key === 'allow', pattern: value });
      continue;
    }
    // Crawl-delay and friends end the run of User-agent lines without being rules we apply.
    if (current) lastWasAgent = false;
  }
  return { groups, sitemaps };
}

/** Sitemap URLs named in a robots.txt, resolved against `base` when given (relative ones are dropped otherwise). */
export function sitemapsOf(robotsText: string, base?: string): string[] {
  const urls: string[] = [];
  for (const value of parseRobots(robotsText).sitemaps) {
    try {
      const url = base ? new URL(value, base) : new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !urls.includes(url.href)) urls.push(url.href);
    } catch {
      // Not a URL: nothing to fetch.
    }
  }
  return urls;
}

/** "CurationPipelineBot/1.0 (+https://…)" → "curationpipelinebot": the token robots.txt groups are matched against. */
export function productToken(userAgent: string): string {
  const match = /^[A-Za-z0-9_-]+/.exec(userAgent.trim());
  return (match ? match[0] : userAgent.trim()).toLowerCase();
}

/**
 * Whether `pathAndQuery` (URL path plus "?query", as requested) may be fetched by `agentToken`. Groups naming the
 * token are merged; without one the "*" groups apply. The longest matching pattern wins, and Allow wins a tie.
 */
export function robotsAllows(robots: ParsedRobots, agentToken: string, pathAndQuery: string): boolean {
  const token = agentToken.toLowerCase();
  let groups = robots.groups.filter((group) => group.userAgents.includes(token));
  if (groups.length === 0) groups = robots.groups.filter((group) => group.userAgents.includes('*'));
  const path = normalisePath(pathAndQuery);
  if (path === '/robots.txt') return true;
  let best: RobotsRule | null = null;
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!patternMatches(rule.pattern, path)) continue;
      const length = normalisePath(rule.pattern).length;
      const bestLength = best ? normalisePath(best.pattern).length : -1;
      if (length > bestLength || (length === bestLength && rule.allow && best !== null && !best.allow)) best = rule;
    }
  }
  return best === null || best.allow;
}

/** `*` matches any run of characters, a final `$` anchors the end; otherwise a pattern matches as a prefix. */
function patternMatches(pattern: string, path: string): boolean {
  const normalised = normalisePath(pattern);
  const anchored = normalised.endsWith('$');
  const body = anchored ? normalised.slice(0, -1) : normalised;
  const regex = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}${anchored ? '$' : ''}`).test(path);
}

/**
 * Percent-encodes what must be encoded and upper-cases existing escapes, so "/café" in robots.txt matches
 * "/caf%C3%A9" in the URL. `*` and `$` are kept as pattern syntax.
 */
function normalisePath(value: string): string {
  return value
    .replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase())
    .replace(/[^\x21-\x7e]/gu, (char) => encodeURIComponent(char));
}

export type RobotsVerdict = { allowed: true; reason: string } | { allowed: false; reason: string };

/** What {@link RobotsCache} needs from the fetcher. */
export interface RobotsFetcher {
  readonly userAgent: string;
  fetch(url: string): Promise<SafeFetchResponse>;
}

interface RobotsEntry {
  /** null = allow all (no usable robots.txt); "disallow-all" = unreachable / server error. */
  robots: ParsedRobots | null | 'disallow-all';
  reason: string;
  fetchedAt: number;
}

/**
 * robots.txt per origin, fetched once through the safe fetcher and shared by concurrent callers. Missing or 4xx →
 * allow all; 5xx, 429 or unreachable → disallow all (Google's convention: the site may be down and asking us to back
 * off). Entries expire after `ttlMs` (default 24 h, Google's cache lifetime).
 */
export class RobotsCache {
  private readonly entries = new Map<string, Promise<RobotsEntry>>();
  private readonly token: string;

  constructor(
    private readonly fetcher: RobotsFetcher,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {
    this.token = productToken(fetcher.userAgent);
  }

  async isAllowed(url: string): Promise<boolean> {
    return (await this.check(url)).allowed;
  }

  /** Throws ROBOTS_DISALLOWED with the reason when the page may not be fetched. */
  async assertAllowed(url: string): Promise<void> {
    const verdict = await this.check(url);
    if (!verdict.allowed) throw new SafeFetchError('ROBOTS_DISALLOWED', url, `robots.txt forbids ${url}: ${verdict.reason}`);
  }

  async check(url: string): Promise<RobotsVerdict> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SafeFetchError('INVALID_URL', url, `"${url}" is not a valid URL`);
    }
    const entry = await this.entry(parsed.origin);
    if (entry.robots === 'disallow-all') return { allowed: false, reason: entry.reason };
    if (entry.robots === null) return { allowed: true, reason: entry.reason };
    const allowed = robotsAllows(entry.robots, this.token, `${parsed.pathname}${parsed.search}`);
    return allowed ? { allowed, reason: 'allowed by robots.txt' } : { allowed, reason: `a Disallow rule for ${this.token} or * matches ${parsed.pathname}` };
  }

  /** Sitemap URLs of the origin's robots.txt (empty when it has none or could not be read). */
  async sitemaps(origin: string): Promise<string[]> {
    const entry = await this.entry(new URL(origin).origin);
    return entry.robots && entry.robots !== 'disallow-all' ? entry.robots.sitemaps : [];
  }

  private entry(origin: string): Promise<RobotsEntry> {
    const cached = this.entries.get(origin);
    const now = Date.now();
    if (cached) {
      // A settled, expired entry is replaced; an in-flight one is always shared.
      return cached.then((entry) => (now - entry.fetchedAt > this.ttlMs ? this.load(origin) : entry));
    }
    return this.load(origin);
  }

  private load(origin: string): Promise<RobotsEntry> {
    const loading = this.fetchRobots(origin);
    this.entries.set(origin, loading);
    return loading;
  }

  private async fetchRobots(origin: string): Promise<RobotsEntry> {
    const url = `${origin}/robots.txt`;
    const fetchedAt = Date.now();
    let response: SafeFetchResponse;
    try {
      response = await this.fetcher.fetch(url);
    } catch (error) {
      // Unreachable counts as a server error (RFC 9309 §2.3.1.4); a robots.txt over the fetcher's maxBytes lands here too.
      const reason = error instanceof SafeFetchError ? error.message : String(error);
      return { robots: 'disallow-all', reason: `${url} could not be read, so everything is treated as disallowed: ${reason}`, fetchedAt };
    }
    const status = response.status;
    if (status === 429 || status >= 500) {
      return { robots: 'disallow-all', reason: `${url} answered HTTP ${status}, so everything is treated as disallowed`, fetchedAt };
    }
    if (status >= 400) return { robots: null, reason: `${url} answered HTTP ${status}: no robots.txt, everything allowed`, fetchedAt };
    if (status < 200 || status >= 300) return { robots: null, reason: `${url} answered HTTP ${status}: treated as no robots.txt`, fetchedAt };
    const text = response.body.subarray(0, ROBOTS_MAX_BYTES).toString('utf8');
    return { robots: parseRobots(text), reason: 'allowed by robots.txt', fetchedAt };
  }
}
