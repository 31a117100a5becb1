import { isIP } from 'node:net';
import type { Readable } from 'node:stream';

/**
 * One `--connect-to` entry with curl's meaning: a request for `host:port` keeps its URL, Host header and TLS server
 * name, but its TCP connection goes to `targetHost:targetPort`. The address guard judges the target, so a rule cannot
 * smuggle a request to a refused address.
 */
export interface ConnectToRule {
  /**
   * Host name as it appears in URLs, lower case, IPv6 without brackets; `*.example.com` matches every name under
   * example.com (not example.com itself), for the offline demo's one-site-per-business fixture server.
   */
  host: string;
  port: number;
  /** Host name or IP literal (IPv6 without brackets). */
  targetHost: string;
  targetPort: number;
}

/** Answers the addresses a host name resolves to; the default is `dns.promises.lookup(host, { all: true })`. */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

export interface SafeFetchOptions {
  /** Sent on every request and used to pick the robots.txt group; honest, with a contact URL: "CurationPipelineBot/1.0 (+https://example.com/bot)". */
  userAgent: string;
  /** TCP (and TLS) handshake per connection. Default 10 000. */
  connectTimeoutMs?: number;
  /** Whole call: every redirect hop, headers and body. Time spent queued behind the per-host limits does not count. Default 30 000. */
  totalTimeoutMs?: number;
  /**
   * Cap on a body read into memory ({@link SafeFetcher.fetch}), after Content-Encoding is undone, so a small gzip
   * bomb cannot inflate past it; a call's own `maxBytes` can only lower it. Default 10 MiB.
   */
  maxBytes?: number;
  /**
   * Bytes of bodies being read into memory at once across all calls of this fetcher: a body holds its declared
   * length up front (else 256 KiB, doubled as it grows) and waits, within its timeout and signal, while others hold
   * the rest. Default 64 MiB.
   */
  maxInflightBytes?: number;
  /** Cap on a streamed body ({@link SafeFetcher.fetchStream}, decoded bytes); streams hold one chunk at a time. Default 50 MiB (a sitemap's limit). */
  maxStreamBytes?: number;
  /** Whole {@link SafeFetcher.fetchStream} call, consumer included; the consumer sets the pace, so it is longer than `totalTimeoutMs`. Default 600 000. */
  streamTimeoutMs?: number;
  /** URL ports fetched (a URL without a port counts as 80/443); others are refused as BLOCKED_ADDRESS. Default [80, 443]. */
  allowedPorts?: readonly number[];
  /** Default 5. */
  maxRedirects?: number;
  /** Lets loopback addresses (127/8, ::1) through the address guard: tests and local fixture sites only. Default false. */
  allowLoopback?: boolean;
  /**
   * Lets a connect-to rule's target be a loopback address while every other loopback address stays refused: the
   * offline demo's local sites, without {@link allowLoopback}'s fetcher-wide exception (a real site redirecting to
   * `http://localhost:2375/` is still refused). Default false.
   */
  allowLoopbackConnectTo?: boolean;
  /** See {@link ConnectToRule}; first matching rule wins, as in curl. Default none. */
  connectTo?: readonly ConnectToRule[];
  /** Requests in flight per host name. Default 2. */
  perHostConcurrency?: number;
  /** Minimum gap between the starts of two requests to the same host name. Default 0. */
  perHostDelayMs?: number;
  /**
   * Longest robots.txt Crawl-delay kept (see {@link SafeFetcher.noteCrawlDelay}), in ms: a longer one is cut to it,
   * so a hostile file cannot stall its site for a day; 0 ignores Crawl-delay. Default 30 000.
   */
  maxCrawlDelayMs?: number;
  /** Longest wait for a turn at a busy host (queue plus start spacing); then the call fails with TIMEOUT. Default 60 000. */
  maxHostWaitMs?: number;
  /** DNS resolution, replaceable for tests; every answered address is judged. */
  lookup?: HostLookup;
}

export interface SafeFetchInit {
  method?: 'GET' | 'HEAD';
  /** Accept header; default `*\/*`. */
  accept?: string;
  /**
   * Aborts the call (every hop, the body read and any wait in the host gate or for body memory); the loop's per-item
   * deadline. An aborted call throws `SafeFetchError('TIMEOUT')` whose message says it was stopped and why.
   */
  signal?: AbortSignal;
  /**
   * Body cap for this call (decoded bytes), at most the fetcher's own `maxBytes` (`maxStreamBytes` for
   * {@link SafeFetcher.fetchStream}): a page, a robots.txt and a sitemap each get their own.
   */
  maxBytes?: number;
}

/** The answer of {@link SafeFetcher.fetchStream}: as {@link SafeFetchResponse}, with the body still to be read. */
export interface SafeFetchStreamResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  /**
   * Decoded body; fails with a {@link SafeFetchError} (TOO_LARGE, TIMEOUT, CONNECTION_FAILED) when the cap, the
   * deadline or the connection gives out. Valid only until the consumer's promise settles. Empty for HEAD.
   */
  body: Readable;
  /** Until the headers arrived. */
  elapsedMs: number;
  redirects: string[];
}

export interface SafeFetchResponse {
  /** URL of the final answer, after redirects. */
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  /** Body with Content-Encoding undone; empty for HEAD. */
  body: Buffer;
  /** `body.length`, i.e. decoded bytes. */
  bytes: number;
  elapsedMs: number;
  /** Every URL that answered with a redirect, in order; empty when the first URL answered. */
  redirects: string[];
}

export const SAFE_FETCH_ERROR_CODES = [
  'BLOCKED_ADDRESS',
  'DNS_FAILED',
  'TIMEOUT',
  'TOO_LARGE',
  'TOO_MANY_REDIRECTS',
  'TLS_ERROR',
  'CONNECTION_FAILED',
  'HTTP_ERROR',
  'INVALID_URL',
  'ROBOTS_DISALLOWED',
  'UNSUPPORTED_ENCODING',
] as const;

/**
 * `HTTP_ERROR` is never thrown by the fetcher itself (any status is an answer); callers that need a 2xx use
 * {@link assertOk}. `ROBOTS_DISALLOWED` comes from the robots cache. `UNSUPPORTED_ENCODING`: more than two stacked
 * or an unknown Content-Encoding (the body is not read). `TIMEOUT` also covers a call stopped by its signal and a
 * bounded wait (busy host, body memory) that ran out: each is worth retrying later.
 */
export type SafeFetchErrorCode = (typeof SAFE_FETCH_ERROR_CODES)[number];

/**
 * Every failure of the fetcher; `message` names the URL and the reason and is meant to be stored on the row as is.
 * It never names an address a host resolved to (that would reveal the internal network to API users): it names the
 * kind of address ("private network address"), and the address itself is in `details.address`, for logs.
 */
export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError';

  constructor(
    readonly code: SafeFetchErrorCode,
    /** The URL whose request failed (the redirect hop, not necessarily the URL first asked for). */
    readonly url: string,
    message: string,
    readonly details: {
      /** The refused or unreachable IP address, when one is known. */
      address?: string;
      /** HTTP status for HTTP_ERROR. */
      status?: number;
      /** True when no connection was established (connect refused or timed out, TLS handshake failed). */
      connecting?: boolean;
      /** Node's or undici's error code behind a transport failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
      cause?: string;
      /**
       * TIMEOUT only: the caller's signal stopped the call (its deadline or a shutdown), so it says nothing about the
       * site; a cache (robots.txt) must not remember it as the site's answer.
       */
      aborted?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** Throws HTTP_ERROR unless the answer is 2xx. */
export function assertOk(response: SafeFetchResponse): SafeFetchResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw new SafeFetchError('HTTP_ERROR', response.url, `${response.url} answered HTTP ${response.status}`, {
    status: response.status,
  });
}

/**
 * Parses `FETCH_CONNECT_TO`: comma-separated `host:port:target_host:target_port` entries, IPv6 in brackets
 * (`[::1]`). Unlike curl, no field may be empty: a catch-all rule would silently redirect every site. A host of
 * `*.<name>` is a suffix rule: it takes the names under `<name>` only, so it has to be written out to apply.
 */
export function parseConnectTo(value: string): ConnectToRule[] {
  const rules: ConnectToRule[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const fields = splitFields(entry);
    if (fields === null || fields.length !== 4) {
      throw new Error(`connect-to entry "${entry}" must be host:port:target_host:target_port (IPv6 in brackets)`);
    }
    const [host, port, targetHost, targetPort] = fields;
    const suffix = host.startsWith('*.');
    const name = checkHost(suffix ? host.slice(2) : host, 'host', entry).toLowerCase();
    if (suffix && (isIP(name) !== 0 || !name.includes('.')))
      throw new Error(`connect-to entry "${entry}": a *. rule needs a domain with a dot in it, not "${name}"`);
    rules.push({
      host: suffix ? `*.${name}` : name,
      port: checkPort(port, 'port', entry),
      targetHost: checkHost(targetHost, 'target host', entry).toLowerCase(),
      targetPort: checkPort(targetPort, 'target port', entry),
    });
  }
  return rules;
}

/** The first rule for `hostname:port` (an exact rule or a `*.` suffix rule), as curl picks them: in order. */
export function connectToRuleFor(
  rules: readonly ConnectToRule[],
  hostname: string,
  port: number,
): ConnectToRule | undefined {
  // A trailing dot names the same host (`shop.example.com.`); without this it would slip past every rule to real DNS.
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return rules.find(
    (rule) =>
      rule.port === port && (rule.host.startsWith('*.') ? host.endsWith(rule.host.slice(1)) : rule.host === host),
  );
}

/** Parses `FETCH_ALLOWED_PORTS`: comma-separated ports (1-65535), at least one. */
export function parsePortList(value: string): number[] {
  const ports = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => checkPort(entry, 'port', value));
  if (ports.length === 0) throw new Error('the port list is empty');
  return [...new Set(ports)];
}

/** Splits on ":" outside brackets and strips the brackets; null when a bracket is left open. */
function splitFields(entry: string): string[] | null {
  const fields: string[] = [];
  let current = '';
  let bracketed = false;
  for (const char of entry) {
    if (char === '[' && current === '' && !bracketed) bracketed = true;
    else if (char === ']' && bracketed) bracketed = false;
    else if (char === ':' && !bracketed) {
      fields.push(current);
      current = '';
    } else current += char;
  }
  if (bracketed) return null;
  fields.push(current);
  return fields;
}

function checkHost(value: string, what: string, entry: string): string {
  if (isIP(value) !== 0) return value;
  // The LDH host name grammar (labels of letters, digits, hyphens; underscores are common in practice).
  if (
    /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i.test(value)
  )
    return value.replace(/\.$/, '');
  throw new Error(`connect-to entry "${entry}": ${what} "${value}" is not a host name or IP address`);
}

function checkPort(value: string, what: string, entry: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`connect-to entry "${entry}": ${what} "${value}" is not a port (1-65535)`);
  return port;
}
