import { Readable } from 'node:stream';

import { parseCrawlDelayMs } from './robots-crawl-delay';
import { byPriority, CompiledRule, compileRule, decidingRule, normaliseRobotsPath } from './robots-matcher';
import { SafeFetchError, SafeFetchInit, SafeFetchStreamResponse } from './safe-fetch.types';

/** One Allow/Disallow line; `pattern` is the path as written (may hold `*` and a trailing `$`). */
export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

export interface RobotsGroup {
  /** Lower-case user-agent tokens of the group ("*" included). */
  userAgents: string[];
  rules: RobotsRule[];
  /** The group's Crawl-delay in ms, uncapped (the longest if it names several); absent when it names none readable. */
  crawlDelayMs?: number;
}

export interface ParsedRobots {
  groups: RobotsGroup[];
  /** Sitemap lines, in order, duplicates removed; they belong to no group. */
  sitemaps: string[];
}

/** Robots files past this are truncated, as Google does and RFC 9309 §2.5 allows (500 KiB). */
export const ROBOTS_MAX_BYTES = 500 * 1024;
/** Allow/Disallow rules kept per file, in file order; a 500 KiB file could hold 35,000 (a check tries each once). */
export const MAX_ROBOTS_RULES = 5000;
/** Sitemap lines kept per file. */
export const MAX_ROBOTS_SITEMAPS = 1000;

/**
 * robots.txt per RFC 9309: consecutive User-agent lines open a group, Allow/Disallow lines belong to the open group,
 * unknown lines are ignored and Sitemap lines are global. Lines before the first User-agent are ignored. Crawl-delay,
 * not in RFC 9309 but honoured by Bing and Yandex, belongs to the open group like a rule.
 */
export function parseRobots(text: string): ParsedRobots {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  // A User-agent line right after rules starts a new group; right after another User-agent it extends the group.
  let lastWasAgent = false;
  const seenSitemaps = new Set<string>();
  let rules = 0;
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
      if (value && sitemaps.length < MAX_ROBOTS_SITEMAPS && !seenSitemaps.has(value)) {
        seenSitemaps.add(value);
        sitemaps.push(value);
      }
      continue;
    }
    if (key === 'allow' || key === 'disallow') {
      lastWasAgent = false;
      // An empty Disallow allows everything, which is what having no rule means.
      if (current && value && rules < MAX_ROBOTS_RULES) {
        current.rules.push({ allow: key === 'allow', pattern: value });
        rules += 1;
      }
      continue;
    }
    if (key === 'crawl-delay') {
      lastWasAgent = false;
      const delayMs = current ? parseCrawlDelayMs(value) : null;
      if (current && delayMs !== null) current.crawlDelayMs = Math.max(current.crawlDelayMs ?? 0, delayMs);
      continue;
    }
    // Unknown lines end the run of User-agent lines without being rules we apply.
    if (current) lastWasAgent = false;
  }
  return { groups, sitemaps };
}

/** Sitemap URLs named in a robots.txt, resolved against `base` when given (relative ones are dropped otherwise). */
export function sitemapsOf(robotsText: string, base?: string): string[] {
  const urls = new Set<string>();
  for (const value of parseRobots(robotsText).sitemaps) {
    try {
      const url = base ? new URL(value, base) : new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') urls.add(url.href);
    } catch {
      // Not a URL: nothing to fetch.
    }
  }
  return [...urls];
}

/** "CurationPipelineBot/1.0 (+https://…)" → "curationpipelinebot": the token robots.txt groups are matched against. */
export function productToken(userAgent: string): string {
  const match = /^[A-Za-z0-9_-]+/.exec(userAgent.trim());
  return (match ? match[0] : userAgent.trim()).toLowerCase();
}

/** The rules that apply to one crawler, compiled and sorted once; what the cache keeps instead of the file. */
export interface CompiledRobots {
  readonly agentToken: string;
  /** Sorted longest first, Allow first at equal length. */
  readonly rules: readonly CompiledRule[];
  readonly sitemaps: readonly string[];
  /** Crawl-delay of the groups applied, in ms, uncapped (the fetcher caps it); null when they name none. */
  readonly crawlDelayMs: number | null;
  /** Estimated heap held by this object, for the cache's byte bound. */
  readonly bytes: number;
}

/** Groups naming `agentToken` (their product tokens, case-insensitive) merged; without one, the "*" groups merged. */
export function compileRobots(robots: ParsedRobots, agentToken: string): CompiledRobots {
  const token = agentToken.toLowerCase();
  let groups = robots.groups.filter((group) =>
    group.userAgents.some((agent) => agent === token || productToken(agent) === token),
  );
  if (groups.length === 0) groups = robots.groups.filter((group) => group.userAgents.includes('*'));
  const rules: CompiledRule[] = [];
  let crawlDelayMs: number | null = null;
  for (const group of groups) {
    // Merged groups each naming a delay: the longest is the one that satisfies all of them.
    if (group.crawlDelayMs !== undefined) crawlDelayMs = Math.max(crawlDelayMs ?? 0, group.crawlDelayMs);
    for (const rule of group.rules) {
      const compiled = compileRule(rule.allow, rule.pattern);
      if (compiled) rules.push(compiled);
    }
  }
  rules.sort(byPriority);
  // Two bytes per character, plus object and array overheads.
  let bytes = 256;
  for (const rule of rules) bytes += 96 + 4 * rule.pattern.length;
  for (const sitemap of robots.sitemaps) bytes += 48 + 2 * sitemap.length;
  return { agentToken: token, rules, sitemaps: robots.sitemaps, crawlDelayMs, bytes };
}

export type RobotsDecision = { allowed: true; rule: CompiledRule | null } | { allowed: false; rule: CompiledRule };

/** Whether the normalised path may be fetched, and the rule that decided (null: no rule matched). */
export function decide(robots: CompiledRobots, pathAndQuery: string): RobotsDecision {
  const path = normaliseRobotsPath(pathAndQuery);
  if (path === '/robots.txt') return { allowed: true, rule: null };
  const rule = decidingRule(robots.rules, path);
  return rule === null || rule.allow ? { allowed: true, rule } : { allowed: false, rule };
}

const compiledCache = new WeakMap<ParsedRobots, Map<string, CompiledRobots>>();

/**
 * Whether `pathAndQuery` (URL path plus "?query", as requested) may be fetched by `agentToken`. Groups naming the
 * token are merged; without one the "*" groups apply. The longest matching pattern wins, and Allow wins a tie.
 */
export function robotsAllows(robots: ParsedRobots, agentToken: string, pathAndQuery: string): boolean {
  let byToken = compiledCache.get(robots);
  if (!byToken) {
    byToken = new Map();
    compiledCache.set(robots, byToken);
  }
  const token = agentToken.toLowerCase();
  let compiled = byToken.get(token);
  if (!compiled) {
    compiled = compileRobots(robots, token);
    byToken.set(token, compiled);
  }
  return decide(compiled, pathAndQuery).allowed;
}

/**
 * `allowed`: fetch. `disallowed`: a rule forbids it, for good. `unavailable`: robots.txt could not be read (5xx, 429,
 * timeout, unreachable), so nothing may be fetched for now: retry later (RFC 9309 §2.3.1.4).
 */
export type RobotsVerdict =
  | { allowed: true; kind: 'allowed'; reason: string }
  | { allowed: false; kind: 'disallowed'; reason: string; rule: string }
  | { allowed: false; kind: 'unavailable'; reason: string; error?: SafeFetchError };

/** What {@link RobotsCache} needs from the fetcher. */
export interface RobotsFetcher {
  readonly userAgent: string;
  fetchStream<T>(
    url: string,
    init: SafeFetchInit,
    consume: (response: SafeFetchStreamResponse) => Promise<T>,
  ): Promise<T>;
  /**
   * Told each origin's Crawl-delay for this User-Agent (null: none, or no file) as soon as its robots.txt is read,
   * while that request still holds its turn at the site, so the fetcher spaces the next request by it.
   */
  noteCrawlDelay?(origin: string, crawlDelayMs: number | null, ttlMs: number): void;
}

export interface RobotsCacheOptions {
  /** Lifetime of a robots.txt that was read (or answered 4xx), in ms. Default 24 h, Google's cache lifetime. */
  ttlMs?: number;
  /** Lifetime of "unavailable" (5xx, 429, timeout, unreachable), in ms: retried pages ask again after it. Default 5 min. */
  unavailableTtlMs?: number;
  /** Origins kept. Default 1,000. */
  maxEntries?: number;
  /** Estimated heap of the compiled rules kept, all origins together. Default 16 MiB. */
  maxBytes?: number;
}

export const ROBOTS_CACHE_DEFAULTS = {
  ttlMs: 24 * 60 * 60 * 1000,
  unavailableTtlMs: 5 * 60 * 1000,
  maxEntries: 1000,
  maxBytes: 16 * 1024 * 1024,
} as const;

type RobotsEntry =
  | { kind: 'rules'; robots: CompiledRobots; expiresAt: number; bytes: number }
  | { kind: 'allow-all'; reason: string; expiresAt: number; bytes: number }
  | { kind: 'unavailable'; reason: string; error?: SafeFetchError; expiresAt: number; bytes: number };

interface Loading {
  promise: Promise<RobotsEntry>;
  controller: AbortController;
  waiters: number;
}

/** Entry overhead besides compiled rules: the origin key, the reason text, the map slot. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * robots.txt per origin, fetched once through the safe fetcher and shared by concurrent callers (RFC 9309 §2.3.1):
 * 2xx → its rules (the first 500 KiB); 4xx and too many redirects → allow all; 5xx, 429, timeout or unreachable →
 * "unavailable" for a few minutes, never a day, so callers retry the page later. Only compiled rules are kept, in an
 * LRU bounded by entries and by estimated bytes. The Crawl-delay of a file read (or its absence) is handed to the
 * fetcher, which keeps it in its per-site spacing.
 */
export class RobotsCache {
  private readonly entries = new Map<string, RobotsEntry>();
  private readonly loading = new Map<string, Loading>();
  private readonly token: string;
  private readonly options: Required<RobotsCacheOptions>;
  private heldBytes = 0;

  constructor(
    private readonly fetcher: RobotsFetcher,
    options: RobotsCacheOptions | number = {},
  ) {
    this.token = productToken(fetcher.userAgent);
    const given = typeof options === 'number' ? { ttlMs: options } : options;
    this.options = {
      ...ROBOTS_CACHE_DEFAULTS,
      ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    };
  }

  /** Origins held and their estimated bytes (for tests and metrics). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.heldBytes };
  }

  async isAllowed(url: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.check(url, signal)).allowed;
  }

  /** Throws ROBOTS_DISALLOWED with the reason when the page may not be fetched. */
  async assertAllowed(url: string, signal?: AbortSignal): Promise<void> {
    const verdict = await this.check(url, signal);
    if (!verdict.allowed) throw new SafeFetchError('ROBOTS_DISALLOWED', url, verdict.reason);
  }

  /** Throws INVALID_URL for a bad URL and TIMEOUT (details.aborted) when `signal` stops the wait. */
  async check(url: string, signal?: AbortSignal): Promise<RobotsVerdict> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SafeFetchError('INVALID_URL', url, `"${url}" is not a valid URL`);
    }
    const entry = await this.entry(parsed.origin, signal);
    if (entry.kind === 'unavailable')
      return {
        allowed: false,
        kind: 'unavailable',
        reason: `robots.txt was unavailable (${entry.reason}): ${url} waits until it can be read`,
        error: entry.error,
      };
    if (entry.kind === 'allow-all') return { allowed: true, kind: 'allowed', reason: entry.reason };
    const decision = decide(entry.robots, `${parsed.pathname}${parsed.search}`);
    if (decision.allowed)
      return {
        allowed: true,
        kind: 'allowed',
        reason: decision.rule
          ? `allowed by robots.txt rule "Allow: ${decision.rule.pattern}"`
          : 'allowed by robots.txt',
      };
    const rule = `Disallow: ${decision.rule.pattern}`;
    return { allowed: false, kind: 'disallowed', rule, reason: `robots.txt rule "${rule}" forbids ${url}` };
  }

  /** Sitemap URLs of the origin's robots.txt (empty when it has none or could not be read). */
  async sitemaps(origin: string, signal?: AbortSignal): Promise<string[]> {
    const entry = await this.entry(new URL(origin).origin, signal);
    return entry.kind === 'rules' ? [...entry.robots.sitemaps] : [];
  }

  private async entry(origin: string, signal: AbortSignal | undefined): Promise<RobotsEntry> {
    const cached = this.entries.get(origin);
    if (cached) {
      if (cached.expiresAt > Date.now()) {
        // Most recently used goes last.
        this.entries.delete(origin);
        this.entries.set(origin, cached);
        return cached;
      }
      this.forget(origin);
    }
    return this.wait(origin, this.load(origin), signal);
  }

  /** One fetch per origin, whoever asks; it is stopped only when every caller waiting for it has given up. */
  private load(origin: string): Loading {
    const existing = this.loading.get(origin);
    // A fetch whose callers all gave up is being stopped: a new caller gets a fetch of its own.
    if (existing && !existing.controller.signal.aborted) return existing;
    const controller = new AbortController();
    const loading: Loading = { controller, waiters: 0, promise: Promise.resolve(null as unknown as RobotsEntry) };
    loading.promise = this.fetchRobots(origin, controller.signal).then(
      (entry) => {
        if (this.loading.get(origin) === loading) this.loading.delete(origin);
        this.remember(origin, entry);
        return entry;
      },
      (error: unknown) => {
        if (this.loading.get(origin) === loading) this.loading.delete(origin);
        throw error;
      },
    );
    // A fetch nobody waits for any more must not surface as an unhandled rejection.
    loading.promise.catch(() => undefined);
    this.loading.set(origin, loading);
    return loading;
  }

  private async wait(origin: string, loading: Loading, signal: AbortSignal | undefined): Promise<RobotsEntry> {
    if (!signal) {
      loading.waiters += 1;
      return loading.promise;
    }
    const url = `${origin}/robots.txt`;
    const stopped = (): SafeFetchError =>
      new SafeFetchError('TIMEOUT', url, `the robots.txt check for ${url} was stopped: ${reasonOf(signal)}`, {
        aborted: true,
      });
    if (signal.aborted) throw stopped();
    loading.waiters += 1;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        loading.waiters -= 1;
        if (loading.waiters <= 0) loading.controller.abort(signal.reason);
        reject(stopped());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([loading.promise, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private remember(origin: string, entry: RobotsEntry): void {
    this.forget(origin);
    if (entry.bytes > this.options.maxBytes) return;
    this.entries.set(origin, entry);
    this.heldBytes += entry.bytes;
    // Least recently used first.
    for (const [key] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.heldBytes <= this.options.maxBytes) break;
      this.forget(key);
    }
  }

  private forget(origin: string): void {
    const entry = this.entries.get(origin);
    if (!entry) return;
    this.entries.delete(origin);
    this.heldBytes -= entry.bytes;
  }

  private async fetchRobots(origin: string, signal: AbortSignal): Promise<RobotsEntry> {
    const url = `${origin}/robots.txt`;
    const now = (): number => Date.now();
    const allowAll = (reason: string): RobotsEntry => ({
      kind: 'allow-all',
      reason,
      expiresAt: now() + this.options.ttlMs,
      bytes: ENTRY_OVERHEAD_BYTES,
    });
    const unavailable = (reason: string, error?: SafeFetchError): RobotsEntry => ({
      kind: 'unavailable',
      reason,
      error,
      expiresAt: now() + this.options.unavailableTtlMs,
      bytes: ENTRY_OVERHEAD_BYTES,
    });
    const noteCrawlDelay = (crawlDelayMs: number | null): void =>
      this.fetcher.noteCrawlDelay?.(origin, crawlDelayMs, this.options.ttlMs);
    let answer: { status: number; robots: CompiledRobots | null };
    try {
      // Streamed, and only the first 500 KiB read: a call cap (maxBytes) would refuse a bigger file outright, where
      // RFC 9309 §2.5 wants its first 500 KiB parsed. The rest is never downloaded (the stream is destroyed).
      answer = await this.fetcher.fetchStream(url, { accept: 'text/plain', signal }, async (response) => {
        if (response.status < 200 || response.status >= 300) return { status: response.status, robots: null };
        const body = await readPrefix(response.body, ROBOTS_MAX_BYTES);
        const robots = compileRobots(parseRobots(body.toString('utf8')), this.token);
        // Before the consumer returns, so before this request gives its turn back: the next request already waits.
        noteCrawlDelay(robots.crawlDelayMs);
        return { status: response.status, robots };
      });
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      // Stopped by the callers' signals: says nothing about the site, so it is not remembered.
      if (error.details.aborted || signal.aborted) throw error;
      if (error.code === 'TOO_MANY_REDIRECTS') {
        noteCrawlDelay(null);
        return allowAll(
          `${url} redirected too often: treated as no robots.txt, everything allowed (RFC 9309 §2.3.1.2)`,
        );
      }
      return unavailable(error.message, error);
    }
    const { status, robots } = answer;
    // Unreadable says nothing about the delay: what an earlier read named stays until it expires.
    if (status === 429 || status >= 500) return unavailable(`${url} answered HTTP ${status}`);
    if (robots === null) {
      noteCrawlDelay(null);
      if (status >= 400) return allowAll(`${url} answered HTTP ${status}: no robots.txt, everything allowed`);
      return allowAll(`${url} answered HTTP ${status}: treated as no robots.txt`);
    }
    return { kind: 'rules', robots, expiresAt: now() + this.options.ttlMs, bytes: robots.bytes + ENTRY_OVERHEAD_BYTES };
  }
}

/** The first `maxBytes` of a body; the rest is never read (RFC 9309 §2.5: parse the first 500 KiB, do not fail). */
async function readPrefix(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    const room = maxBytes - total;
    chunks.push(buffer.length > room ? buffer.subarray(0, room) : buffer);
    total += Math.min(buffer.length, room);
    if (total >= maxBytes) break;
  }
  return Buffer.concat(chunks, total);
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'aborted';
}
