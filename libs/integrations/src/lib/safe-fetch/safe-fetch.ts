import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Readable, Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { rootCertificates } from 'node:tls';
import { constants as zlibConstants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { Agent, buildConnector } from 'undici';
import { judgeAddress } from './address-policy';
import { HostGate } from './host-gate';
import { ConnectToRule, HostLookup, SafeFetchError, SafeFetchErrorCode, SafeFetchInit, SafeFetchOptions, SafeFetchResponse } from './safe-fetch.types';

export const SAFE_FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  perHostDelayMs: 0,
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Options the fetcher needs beyond {@link SafeFetchOptions}: test CAs without restarting Node. */
export interface SafeFetchTestOptions {
  /**
   * PEM certificates trusted in addition to Node's bundled roots. Setting it replaces Node's default store, so
   * certificates from NODE_EXTRA_CA_CERTS are then not trusted by this fetcher: use one or the other.
   */
  extraCaCertificates?: readonly string[];
}

/**
 * Raised inside the connector and turned into a {@link SafeFetchError} by the request that waited for it, which knows
 * the full URL. Not an undici error code, so undici hands it through unchanged.
 */
class ConnectFailure extends Error {
  constructor(
    readonly failure: SafeFetchErrorCode,
    readonly reason: string,
    readonly address: string | null,
  ) {
    super(reason);
  }
}

/**
 * HTTP GET/HEAD for arbitrary user-supplied hosts (sitemaps, robots.txt, pages). The connector resolves DNS itself,
 * applies `connectTo`, judges every resolved address and connects to the judged IP, so no later lookup can swap in
 * an internal address (DNS rebinding). Redirects are followed here, one judged hop at a time. Never logs; every
 * failure is a {@link SafeFetchError}.
 */
export class SafeFetcher {
  readonly userAgent: string;
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly allowLoopback: boolean;
  private readonly connectTo: readonly ConnectToRule[];
  private readonly lookup: HostLookup;
  private readonly gate: HostGate;
  private readonly agent: Agent;

  constructor(options: SafeFetchOptions & SafeFetchTestOptions) {
    if (!options.userAgent.trim()) throw new Error('SafeFetcher needs a User-Agent (with a contact URL)');
    this.userAgent = options.userAgent;
    this.connectTimeoutMs = positive(options.connectTimeoutMs, SAFE_FETCH_DEFAULTS.connectTimeoutMs);
    this.totalTimeoutMs = positive(options.totalTimeoutMs, SAFE_FETCH_DEFAULTS.totalTimeoutMs);
    this.maxBytes = positive(options.maxBytes, SAFE_FETCH_DEFAULTS.maxBytes);
    this.maxRedirects = Math.max(0, Math.floor(options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects));
    this.allowLoopback = options.allowLoopback ?? false;
    this.connectTo = options.connectTo ?? [];
    this.lookup = options.lookup ?? defaultLookup;
    this.gate = new HostGate(positive(options.perHostConcurrency, SAFE_FETCH_DEFAULTS.perHostConcurrency), Math.max(0, options.perHostDelayMs ?? 0));
    const extraCa = options.extraCaCertificates ?? [];
    const baseConnector = buildConnector({
      timeout: this.connectTimeoutMs,
      rejectUnauthorized: true,
      ...(extraCa.length > 0 ? { ca: [...rootCertificates, ...extraCa] } : {}),
    });
    const connect: buildConnector.connector = (connectOptions, callback) => {
      const hostname = stripBrackets(connectOptions.hostname);
      const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
      this.resolveTarget(hostname, port).then(
        (target) =>
          baseConnector(
            {
              ...connectOptions,
              hostname: target.address,
              port: String(target.port),
              // TLS verifies the certificate against the site's name, not the IP we dialled (or the connect-to target).
              servername: connectOptions.servername || (isIP(hostname) === 0 ? hostname : undefined),
            },
            callback,
          ),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    };
    this.agent = new Agent({ connect, maxRedirections: 0, headersTimeout: this.totalTimeoutMs, bodyTimeout: this.totalTimeoutMs });
  }

  /** GET (or HEAD) `url`, following redirects. Any HTTP status is an answer; only transport and policy failures throw. */
  async fetch(url: string, init: SafeFetchInit = {}): Promise<SafeFetchResponse> {
    const method = init.method ?? 'GET';
    const started = performance.now();
    const redirects: string[] = [];
    let budgetMs = this.totalTimeoutMs;
    let current = parseHttpUrl(url, null);
    let currentMethod = method;
    for (;;) {
      const hop = await this.hop(current, currentMethod, init.accept ?? '*/*', budgetMs);
      budgetMs -= hop.elapsedMs;
      if (hop.location === null) {
        return { url: current.href, status: hop.status, headers: hop.headers, body: hop.body, bytes: hop.body.length, elapsedMs: Math.round(performance.now() - started), redirects };
      }
      redirects.push(current.href);
      const next = parseHttpUrl(hop.location, current);
      if (redirects.length > this.maxRedirects) {
        throw new SafeFetchError('TOO_MANY_REDIRECTS', next.href, `${url} redirected more than ${this.maxRedirects} times (last hop ${current.href} → ${next.href})`);
      }
      if (budgetMs <= 0) throw new SafeFetchError('TIMEOUT', next.href, `${url} did not finish within ${this.totalTimeoutMs} ms (${redirects.length} redirects so far)`);
      // 303 turns everything into GET; 301/302 keep HEAD as HEAD and GET as GET since those are the only methods used.
      if (hop.status === 303 && currentMethod !== 'HEAD') currentMethod = 'GET';
      current = next;
    }
  }

  /**
   * `https://<domain><path>`, and `http://<domain><path>` when the https attempt could not connect (refused, TLS
   * failure, connect timeout). An HTTP answer over https, 404 included, is final.
   */
  async fetchSite(domain: string, path: string, init: SafeFetchInit = {}): Promise<SafeFetchResponse> {
    const host = domain.trim().toLowerCase().replace(/\.$/, '');
    const cleanPath = path.startsWith('/') ? path : `/${path}`;
    const httpsUrl = siteUrl('https', host, cleanPath, domain);
    try {
      return await this.fetch(httpsUrl, init);
    } catch (error) {
      if (!(error instanceof SafeFetchError) || !fallsBackToHttp(error, httpsUrl)) throw error;
      try {
        return await this.fetch(siteUrl('http', host, cleanPath, domain), init);
      } catch (second) {
        if (!(second instanceof SafeFetchError)) throw second;
        throw new SafeFetchError(second.code, second.url, `${second.message} (after https failed: ${error.message})`, second.details);
      }
    }
  }

  /** Closes pooled connections; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** One request/answer under the host gate; `budgetMs` is what is left of the call's total timeout. */
  private async hop(url: URL, method: 'GET' | 'HEAD', accept: string, budgetMs: number): Promise<HopResult> {
    const release = await this.gate.acquire(url.hostname);
    const started = performance.now();
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(budgetMs)));
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers: { 'user-agent': this.userAgent, accept, 'accept-encoding': 'gzip, deflate, br' },
        signal,
        maxRedirections: 0,
      });
      const headers = flattenHeaders(response.headers);
      const location = REDIRECT_STATUSES.has(response.statusCode) ? (headers['location'] ?? null) : null;
      if (location !== null || method === 'HEAD') {
        // Drained, not read: a redirect body is never used and must not count against anything.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { status: response.statusCode, headers, body: Buffer.alloc(0), location, elapsedMs: performance.now() - started };
      }
      const body = await this.readBody(url, response.body, headers, signal);
      return { status: response.statusCode, headers, body, location: null, elapsedMs: performance.now() - started };
    } catch (error) {
      throw this.toSafeFetchError(error, url, signal.aborted, budgetMs);
    } finally {
      release();
    }
  }

  /** Undoes Content-Encoding while streaming and stops as soon as the decoded size passes `maxBytes`. */
  private async readBody(url: URL, body: Readable, headers: Record<string, string>, signal: AbortSignal): Promise<Buffer> {
    const encodings = (headers['content-encoding'] ?? '')
      .split(',')
      .map((encoding) => encoding.trim().toLowerCase())
      .filter((encoding) => encoding !== '' && encoding !== 'identity');
    const declared = Number(headers['content-length']);
    if (encodings.length === 0 && Number.isFinite(declared) && declared > this.maxBytes) {
      // Destroying the body aborts the request, which undici reports as an error event nobody else listens to.
      body.on('error', () => undefined).destroy();
      throw this.tooLarge(url, `declares ${declared} bytes`);
    }
    // Applied in the listed order, so undone in reverse; an unknown coding is passed through for the caller to see.
    const decoders = encodings.reverse().flatMap((encoding): Transform[] => {
      const decoder = decoderFor(encoding);
      return decoder ? [decoder] : [];
    });
    const chunks: Buffer[] = [];
    let total = 0;
    const maxBytes = this.maxBytes;
    const tooLarge = () => this.tooLarge(url, encodings.length > 0 ? `inflates past the limit (${encodings.join(', ')})` : 'exceeds it');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        total += chunk.length;
        if (total > maxBytes) return callback(tooLarge());
        chunks.push(chunk);
        callback();
      },
    });
    const stages: NodeJS.WritableStream[] = [...decoders, sink];
    await pipeline(body, stages[0], ...stages.slice(1), { signal });
    return Buffer.concat(chunks, total);
  }

  private tooLarge(url: URL, detail: string): SafeFetchError {
    return new SafeFetchError('TOO_LARGE', url.href, `${url.href} is larger than ${this.maxBytes} bytes: the body ${detail}`);
  }

  /** Where the TCP connection for `hostname:port` goes, after connect-to and the address guard. */
  private async resolveTarget(hostname: string, port: number): Promise<{ address: string; port: number }> {
    const rule = this.connectTo.find((candidate) => candidate.host === hostname.toLowerCase() && candidate.port === port);
    const targetHost = rule ? rule.targetHost : hostname;
    const targetPort = rule ? rule.targetPort : port;
    const via = rule ? ` (connect-to ${formatHostPort(targetHost, targetPort)})` : '';
    let addresses: readonly string[];
    if (isIP(targetHost) !== 0) addresses = [targetHost];
    else {
      try {
        addresses = await this.lookup(targetHost);
      } catch (error) {
        throw new ConnectFailure('DNS_FAILED', `could not resolve ${targetHost}${via}: ${errorCode(error) ?? errorMessage(error)}`, null);
      }
      if (addresses.length === 0) throw new ConnectFailure('DNS_FAILED', `could not resolve ${targetHost}${via}: no addresses`, null);
    }
    // All of them, not just the one we would dial: a name that answers one public and one internal address is hostile.
    for (const address of addresses) {
      const decision = judgeAddress(address, { allowLoopback: this.allowLoopback });
      if (!decision.allowed) throw new ConnectFailure('BLOCKED_ADDRESS', `${address}${via}: ${decision.reason}`, address);
    }
    return { address: addresses[0], port: targetPort };
  }

  private toSafeFetchError(error: unknown, url: URL, timedOut: boolean, budgetMs: number): SafeFetchError {
    if (error instanceof SafeFetchError) return error;
    if (error instanceof ConnectFailure) {
      if (error.failure === 'BLOCKED_ADDRESS') {
        return new SafeFetchError('BLOCKED_ADDRESS', url.href, `refused ${url.href} → ${error.reason}`, { address: error.address ?? undefined, connecting: true });
      }
      return new SafeFetchError(error.failure, url.href, `${url.href}: ${error.reason}`, { connecting: true });
    }
    const code = errorCode(error);
    const message = errorMessage(error);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new SafeFetchError('TIMEOUT', url.href, `could not connect to ${url.href} within ${this.connectTimeoutMs} ms`, { connecting: true });
    }
    if (timedOut) return new SafeFetchError('TIMEOUT', url.href, `${url.href} did not answer within ${Math.round(budgetMs)} ms`);
    if (isTlsError(code, message)) {
      return new SafeFetchError('TLS_ERROR', url.href, `TLS with ${url.host} failed for ${url.href}: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`, { connecting: true });
    }
    const connecting = code !== null && CONNECT_CODES.has(code);
    return new SafeFetchError('CONNECTION_FAILED', url.href, `${connecting ? 'could not connect to' : 'connection failed for'} ${url.href}: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`, {
      connecting,
    });
  }
}

interface HopResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  location: string | null;
  elapsedMs: number;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT']);

/** Handshake failures: certificate problems (OpenSSL's verify codes) and protocol mismatches (https to a plain-http port). */
function isTlsError(code: string | null, message: string): boolean {
  if (code === null) return /\b(SSL|TLS)\b|certificate/i.test(message);
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO' ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/.test(code)
  );
}

function fallsBackToHttp(error: SafeFetchError, httpsUrl: string): boolean {
  if (error.url !== httpsUrl) return false;
  if (error.code === 'TLS_ERROR' || error.code === 'CONNECTION_FAILED') return error.details.connecting === true;
  return error.code === 'TIMEOUT' && error.details.connecting === true;
}

function siteUrl(scheme: 'https' | 'http', host: string, path: string, original: string): string {
  // A bare host[:port]; anything else ("evil.example@x", "x/y", "x?y") would change what the URL points at.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/i.test(host)) {
    throw new SafeFetchError('INVALID_URL', `${scheme}://${host}${path}`, `"${original}" is not a domain name`);
  }
  return parseHttpUrl(`${scheme}://${host}${path}`, null).href;
}

/** Absolute http(s) URL without credentials, resolved against `base` for redirect Locations. */
function parseHttpUrl(value: string, base: URL | null): URL {
  let url: URL;
  try {
    url = base ? new URL(value, base) : new URL(value);
  } catch {
    const where = base ? ` (redirect from ${base.href})` : '';
    throw new SafeFetchError('INVALID_URL', value, `"${value}" is not a valid URL${where}`);
  }
  const where = base ? ` (redirect from ${base.href})` : '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SafeFetchError('INVALID_URL', url.href, `refused ${url.href}${where}: only http and https URLs are fetched`);
  }
  if (url.username || url.password) throw new SafeFetchError('INVALID_URL', url.href, `refused ${url.href}${where}: URLs with credentials are not fetched`);
  if (!url.hostname) throw new SafeFetchError('INVALID_URL', url.href, `"${value}" has no host${where}`);
  url.hash = '';
  return url;
}

function decoderFor(encoding: string): Transform | null {
  // Lenient flushing: many servers cut the stream without the final block; what arrived is still usable.
  const lenient = { finishFlush: zlibConstants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(lenient);
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return createBrotliDecompress({ finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH });
    default:
      return null;
  }
}

/**
 * HTTP "deflate" is meant to be zlib-wrapped, but some servers send raw deflate. The first byte tells them apart
 * (zlib headers start with 0x?8 where the low nibble is 8 = deflate), so the inner inflater is chosen then.
 */
class DeflateDecoder extends Transform {
  private inner: Transform | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const inner = this.inner ?? this.start(chunk);
    inner.write(chunk, (error) => callback(error ?? null));
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  private start(first: Buffer): Transform {
    const zlibWrapped = first.length > 0 && (first[0] & 0x0f) === 8 && ((first[0] << 8) | (first[1] ?? 0)) % 31 === 0;
    const inner = zlibWrapped ? createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH }) : createInflateRaw({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.inner = inner;
    return inner;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    flat[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
  }
  return flat;
}

async function defaultLookup(hostname: string): Promise<readonly string[]> {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Read by shape, not `instanceof`: undici's and Node's errors may come from another realm under Jest. */
function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const value: unknown = error.code;
  return typeof value === 'string' ? value : null;
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
