import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';

import { Agent, buildConnector } from 'undici';

import { judgeAddress } from './address-policy';
import { readBody, streamBody, wireCapFor } from './body-reader';
import { BudgetExhausted, ByteBudget } from './byte-budget';
import { abortReason, CallDeadline } from './call-deadline';
import { ACCEPT_ENCODING, parseContentCodings } from './content-coding';
import { HostBudget, politenessKey } from './host-budget';
import { HostGate, HostGateWaitError } from './host-gate';
import { CrawlDelays, DEFAULT_MAX_CRAWL_DELAY_MS } from './robots-crawl-delay';
import {
  ConnectToRule,
  connectToRuleFor,
  HostLookup,
  SafeFetchError,
  SafeFetchErrorCode,
  SafeFetchInit,
  SafeFetchOptions,
  SafeFetchResponse,
  SafeFetchStreamResponse,
} from './safe-fetch.types';

export const SAFE_FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxInflightBytes: 64 * 1024 * 1024,
  maxStreamBytes: 50 * 1024 * 1024,
  streamTimeoutMs: 600_000,
  maxRedirects: 5,
  perHostConcurrency: 2,
  perHostDelayMs: 0,
  maxCrawlDelayMs: DEFAULT_MAX_CRAWL_DELAY_MS,
  maxHostWaitMs: 60_000,
  allowedPorts: [80, 443] as readonly number[],
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What a body of unknown length holds of the memory budget before its first growth step (it doubles from there). */
const INITIAL_HOLD_BYTES = 256 * 1024;

/** Options the fetcher needs beyond {@link SafeFetchOptions}: test CAs without restarting Node. */
export interface SafeFetchTestOptions {
  /**
   * PEM certificates trusted in addition to Node's bundled roots. Setting it replaces Node's default store, so
   * certificates from NODE_EXTRA_CA_CERTS are then not trusted by this fetcher: use one or the other.
   */
  extraCaCertificates?: readonly string[];
}

/** Politeness shared with other processes; without it the budget is this process's own. */
export interface SafeFetchSharedOptions {
  /**
   * Holds `perHostConcurrency` and `perHostDelayMs` (or a site's longer Crawl-delay) across every process using the
   * same budget. The in-process gate stays in front of it for concurrency only, so a batch does not send one database
   * round trip per waiter.
   */
  hostBudget?: HostBudget;
}

/**
 * Raised inside the connector and turned into a {@link SafeFetchError} by the request that waited for it, which knows
 * the full URL. Not an undici error code, so undici hands it through unchanged. `reason` names no address.
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

/** Where a hop was when it failed, so a timeout can say what it was waiting for. */
type HopPhase = 'request' | 'memory' | 'body';

interface HopMode {
  /** Decoded body cap of this call. */
  cap: number;
  /** Hand the body over as a stream instead of reading it. */
  stream: boolean;
  /** performance.now() when the call started (the stream deadline counts from there). */
  callStarted: number;
}

interface HopResult {
  status: number;
  headers: Record<string, string>;
  location: string | null;
  elapsedMs: number;
  /** Read body (buffered mode, or empty for redirects and HEAD). */
  body: Buffer;
  /** Streaming mode, final answer: the open body and what to free once the consumer is done. */
  stream: { body: Readable; close: () => void } | null;
}

interface FinalHop {
  url: string;
  hop: HopResult;
  redirects: string[];
  started: number;
}

/**
 * HTTP GET/HEAD for arbitrary user-supplied hosts (sitemaps, robots.txt, pages). The connector resolves DNS itself,
 * applies `connectTo`, judges every resolved address and connects to the judged IP, so no later lookup can swap in
 * an internal address (DNS rebinding). Redirects are followed here, one judged hop at a time, on allowed ports only.
 * Every wait is bounded: per-host turns, body memory, connect, headers and body, and the caller's signal stops any
 * of them. Never logs; every failure is a {@link SafeFetchError} whose message names no resolved address.
 */
export class SafeFetcher {
  readonly userAgent: string;
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxStreamBytes: number;
  private readonly streamTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly allowLoopback: boolean;
  private readonly allowLoopbackConnectTo: boolean;
  private readonly allowedPorts: ReadonlySet<number>;
  private readonly connectTo: readonly ConnectToRule[];
  private readonly lookup: HostLookup;
  private readonly gate: HostGate;
  private readonly maxHostWaitMs: number;
  private readonly perHostConcurrency: number;
  private readonly perHostDelayMs: number;
  private readonly crawlDelays: CrawlDelays;
  private readonly hostBudget: HostBudget | null;
  private readonly budget: ByteBudget;
  private readonly agent: Agent;

  constructor(options: SafeFetchOptions & SafeFetchTestOptions & SafeFetchSharedOptions) {
    if (!options.userAgent.trim()) throw new Error('SafeFetcher needs a User-Agent (with a contact URL)');
    this.userAgent = options.userAgent;
    this.connectTimeoutMs = positive(options.connectTimeoutMs, SAFE_FETCH_DEFAULTS.connectTimeoutMs);
    this.totalTimeoutMs = positive(options.totalTimeoutMs, SAFE_FETCH_DEFAULTS.totalTimeoutMs);
    this.maxBytes = positive(options.maxBytes, SAFE_FETCH_DEFAULTS.maxBytes);
    this.maxStreamBytes = positive(options.maxStreamBytes, SAFE_FETCH_DEFAULTS.maxStreamBytes);
    this.streamTimeoutMs = positive(options.streamTimeoutMs, SAFE_FETCH_DEFAULTS.streamTimeoutMs);
    this.maxRedirects = Math.max(0, Math.floor(options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects));
    this.allowLoopback = options.allowLoopback ?? false;
    this.allowLoopbackConnectTo = options.allowLoopbackConnectTo ?? false;
    this.allowedPorts = new Set(options.allowedPorts ?? SAFE_FETCH_DEFAULTS.allowedPorts);
    this.connectTo = options.connectTo ?? [];
    this.lookup = options.lookup ?? defaultLookup;
    this.perHostConcurrency = positive(options.perHostConcurrency, SAFE_FETCH_DEFAULTS.perHostConcurrency);
    this.maxHostWaitMs = positive(options.maxHostWaitMs, SAFE_FETCH_DEFAULTS.maxHostWaitMs);
    this.perHostDelayMs = Math.max(0, options.perHostDelayMs ?? 0);
    this.crawlDelays = new CrawlDelays(Math.max(0, options.maxCrawlDelayMs ?? SAFE_FETCH_DEFAULTS.maxCrawlDelayMs));
    this.hostBudget = options.hostBudget ?? null;
    // With a shared budget the spacing is served there; spacing here as well would add the delay twice.
    this.gate = new HostGate(
      this.perHostConcurrency,
      this.hostBudget ? 0 : (key) => this.delayFor(key),
      this.maxHostWaitMs,
    );
    this.budget = new ByteBudget(positive(options.maxInflightBytes, SAFE_FETCH_DEFAULTS.maxInflightBytes));
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
            (error, socket) =>
              error
                ? callback(withoutAddress(error, target.address), null)
                : callback(null, socket as NonNullable<typeof socket>),
          ),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    };
    this.agent = new Agent({
      connect,
      maxRedirections: 0,
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
    });
  }

  /** GET (or HEAD) `url`, following redirects, with the body read into memory. Any HTTP status is an answer; only transport and policy failures throw. */
  async fetch(url: string, init: SafeFetchInit = {}): Promise<SafeFetchResponse> {
    const final = await this.follow(url, init, {
      cap: capOf(init.maxBytes, this.maxBytes),
      stream: false,
      callStarted: performance.now(),
    });
    const { hop } = final;
    return {
      url: final.url,
      status: hop.status,
      headers: hop.headers,
      body: hop.body,
      bytes: hop.body.length,
      elapsedMs: Math.round(performance.now() - final.started),
      redirects: final.redirects,
    };
  }

  /**
   * As {@link fetch}, but the body is handed to `consume` as a stream (decoded, capped at `maxStreamBytes` or the
   * call's `maxBytes`), so a 50 MB sitemap never sits in memory. The whole call, consumer included, is bounded by
   * `streamTimeoutMs` and the signal, and by `totalTimeoutMs` of silence from the server while the consumer reads.
   * The body is destroyed and the host's slot freed when `consume` settles; its result is returned.
   */
  async fetchStream<T>(
    url: string,
    init: SafeFetchInit,
    consume: (response: SafeFetchStreamResponse) => Promise<T>,
  ): Promise<T> {
    const final = await this.follow(url, init, {
      cap: capOf(init.maxBytes, this.maxStreamBytes),
      stream: true,
      callStarted: performance.now(),
    });
    const { hop } = final;
    const opened = hop.stream ?? { body: Readable.from([], { objectMode: false }), close: () => undefined };
    try {
      return await consume({
        url: final.url,
        status: hop.status,
        headers: hop.headers,
        body: opened.body,
        elapsedMs: Math.round(performance.now() - final.started),
        redirects: final.redirects,
      });
    } finally {
      opened.body.destroy();
      opened.close();
    }
  }

  /**
   * `https://<domain><path>`, and `http://<domain><path>` only when nothing listens for https (connection refused).
   * A certificate or TLS failure, a timeout or any HTTP answer over https (404 included) is final: falling back then
   * would let anyone on the path strip TLS.
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
        throw new SafeFetchError(
          second.code,
          second.url,
          `${second.message} (after https failed: ${error.message})`,
          second.details,
        );
      }
    }
  }

  /**
   * What `origin`'s robots.txt asks as Crawl-delay for this fetcher's User-Agent (null: nothing), trusted for
   * `ttlMs`. From then on every request to the origin's site (its registrable domain, as the per-host limits) starts
   * at least the longer of `perHostDelayMs` and the delay (cut to `maxCrawlDelayMs`) after the one before; told
   * while the robots.txt request still holds its turn, it also spaces that request from the next.
   */
  noteCrawlDelay(origin: string, crawlDelayMs: number | null, ttlMs: number): void {
    this.crawlDelays.note(origin, crawlDelayMs, ttlMs);
  }

  /** Closes pooled connections; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Follows redirects from `url`; the last hop's answer, body read or (stream mode) still open. */
  private async follow(url: string, init: SafeFetchInit, mode: HopMode): Promise<FinalHop> {
    const started = performance.now();
    const redirects: string[] = [];
    let budgetMs = this.totalTimeoutMs;
    let current = parseHttpUrl(url, null);
    let currentMethod = init.method ?? 'GET';
    for (;;) {
      const hop = await this.hop(current, currentMethod, init, budgetMs, mode);
      budgetMs -= hop.elapsedMs;
      if (hop.location === null) return { url: current.href, hop, redirects, started };
      redirects.push(current.href);
      const next = parseHttpUrl(hop.location, current);
      if (redirects.length > this.maxRedirects) {
        throw new SafeFetchError(
          'TOO_MANY_REDIRECTS',
          next.href,
          `${url} redirected more than ${this.maxRedirects} times (last hop ${current.href} → ${next.href})`,
        );
      }
      if (budgetMs <= 0)
        throw new SafeFetchError(
          'TIMEOUT',
          next.href,
          `${url} did not finish within ${this.totalTimeoutMs} ms (${redirects.length} redirects so far)`,
        );
      // 303 turns everything into GET; 301/302 keep HEAD as HEAD and GET as GET since those are the only methods used.
      if (hop.status === 303 && currentMethod !== 'HEAD') currentMethod = 'GET';
      current = next;
    }
  }

  /** One request/answer under the host gate; `budgetMs` is what is left of the call's total timeout. */
  private async hop(
    url: URL,
    method: 'GET' | 'HEAD',
    init: SafeFetchInit,
    budgetMs: number,
    mode: HopMode,
  ): Promise<HopResult> {
    this.checkPort(url);
    const release = await this.takeTurn(url, init.signal);
    const started = performance.now();
    const deadline = new CallDeadline(budgetMs, init.signal);
    let phase: HopPhase = 'request';
    let handedOver = false;
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers: { 'user-agent': this.userAgent, accept: init.accept ?? '*/*', 'accept-encoding': ACCEPT_ENCODING },
        signal: deadline.signal,
        maxRedirections: 0,
      });
      const headers = flattenHeaders(response.headers);
      const location = REDIRECT_STATUSES.has(response.statusCode) ? (headers['location'] ?? null) : null;
      const answered = (body: Buffer, stream: HopResult['stream']): HopResult => ({
        status: response.statusCode,
        headers,
        location,
        elapsedMs: performance.now() - started,
        body,
        stream,
      });
      if (location !== null || method === 'HEAD') {
        // Drained, not read: a redirect body is never used and must not count against anything.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return answered(Buffer.alloc(0), null);
      }
      const coding = parseContentCodings(headers['content-encoding']);
      if ('refused' in coding) {
        // Destroying the body aborts the request, which undici reports as an error event nobody else listens to.
        response.body.on('error', () => undefined).destroy();
        throw new SafeFetchError('UNSUPPORTED_ENCODING', url.href, `${url.href} cannot be read: ${coding.refused}`);
      }
      const declared = declaredLength(headers['content-length']);
      const limit = coding.codings.length === 0 ? mode.cap : wireCapFor(mode.cap);
      if (declared !== null && declared > limit) {
        response.body.on('error', () => undefined).destroy();
        throw this.tooLarge(url, mode.cap, `declares ${declared} bytes`);
      }
      const limits = {
        cap: mode.cap,
        declared: coding.codings.length === 0 ? declared : null,
        tooLarge: (detail: string) => this.tooLarge(url, mode.cap, detail),
      };
      if (mode.stream) {
        phase = 'body';
        const left = this.streamTimeoutMs - (performance.now() - mode.callStarted);
        deadline.rearm(left, this.streamTimeoutMs);
        const body = streamBody(response.body, coding.codings, limits, (error) =>
          this.toSafeFetchError(error, url, deadline, phase),
        );
        handedOver = true;
        return answered(Buffer.alloc(0), {
          body,
          close: () => {
            // A consumer that never read (or stopped early) leaves the download paused: end it, or the socket stays open.
            response.body.on('error', () => undefined).destroy();
            deadline.dispose();
            release();
          },
        });
      }
      phase = 'memory';
      const hold = await this.budget.reserve(
        limits.declared ?? Math.min(mode.cap, INITIAL_HOLD_BYTES),
        deadline.signal,
      );
      phase = 'body';
      try {
        return answered(await readBody(response.body, coding.codings, limits, hold, deadline.signal), null);
      } finally {
        hold.release();
      }
    } catch (error) {
      throw this.toSafeFetchError(error, url, deadline, phase);
    } finally {
      if (!handedOver) {
        deadline.dispose();
        release();
      }
    }
  }

  /**
   * Waits for a turn at the URL's site (its registrable domain, so every spelling of one site shares a turn):
   * the in-process gate, then the shared budget when there is one, bounded together by `maxHostWaitMs` and the signal.
   * The spacing is the configured delay or the site's longer Crawl-delay, read when the turn starts and again when it
   * is given back, so a robots.txt read in this turn already spaces the next.
   */
  private async takeTurn(url: URL, signal: AbortSignal | undefined): Promise<() => void> {
    const key = politenessKey(url.hostname);
    const started = performance.now();
    let local: () => void;
    try {
      local = await this.gate.acquire(key, { signal });
    } catch (error) {
      throw this.turnError(error, url, key, signal);
    }
    if (!this.hostBudget) return local;
    try {
      const shared = await this.hostBudget.acquire(key, {
        concurrency: this.perHostConcurrency,
        delayMs: this.delayFor(key),
        delayAfterMs: () => this.delayFor(key),
        maxWaitMs: Math.max(0, this.maxHostWaitMs - (performance.now() - started)),
        signal,
      });
      return () => {
        shared();
        local();
      };
    } catch (error) {
      local();
      throw this.turnError(error, url, key, signal);
    }
  }

  /** The gap between two starts at the site `key`: the configured delay, or a longer Crawl-delay its robots.txt set. */
  private delayFor(key: string): number {
    return Math.max(this.perHostDelayMs, this.crawlDelays.delayFor(key));
  }

  /** The wait's failure as the call's; messages name the URL's host, the budget is kept under its site's key. */
  private turnError(error: unknown, url: URL, key: string, signal: AbortSignal | undefined): unknown {
    if (!(error instanceof HostGateWaitError)) {
      if (!this.hostBudget) return error;
      // The budget's store is unreachable: worth retrying later, like any other wait that did not end in a turn.
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `${url.href} could not take a turn at ${key}: the shared politeness budget failed (${errorMessage(error)})`,
      );
    }
    if (error.reason === 'timeout') {
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `${url.href} waited more than ${this.maxHostWaitMs} ms for a turn at ${url.hostname} (at most ${this.perHostConcurrency} requests per host at once)`,
      );
    }
    return new SafeFetchError(
      'TIMEOUT',
      url.href,
      `${url.href} was stopped after waiting ${error.waitedMs} ms for a turn at ${url.hostname}: ${abortReason(signal)}`,
      { aborted: true },
    );
  }

  /** Only the configured ports (80 and 443 by default); loopback URLs are exempt when loopback is allowed (tests). */
  private checkPort(url: URL): void {
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (this.allowedPorts.has(port)) return;
    if (this.allowLoopback && isLoopbackHost(url.hostname)) return;
    const allowed = [...this.allowedPorts].sort((a, b) => a - b).join(', ');
    throw new SafeFetchError(
      'BLOCKED_ADDRESS',
      url.href,
      `refused ${url.href}: port ${port} is not fetched (only ${allowed || 'none'})`,
    );
  }

  private tooLarge(url: URL, cap: number, detail: string): SafeFetchError {
    return new SafeFetchError('TOO_LARGE', url.href, `${url.href} is larger than ${cap} bytes: the body ${detail}`);
  }

  /** Where the TCP connection for `hostname:port` goes, after connect-to and the address guard. */
  private async resolveTarget(hostname: string, port: number): Promise<{ address: string; port: number }> {
    const rule = connectToRuleFor(this.connectTo, hostname, port);
    const targetHost = rule ? rule.targetHost : hostname;
    const targetPort = rule ? rule.targetPort : port;
    let addresses: readonly string[];
    if (isIP(targetHost) !== 0) addresses = [targetHost];
    else {
      try {
        addresses = await this.lookup(targetHost);
      } catch (error) {
        throw new ConnectFailure(
          'DNS_FAILED',
          `could not resolve ${targetHost}: ${errorCode(error) ?? 'lookup failed'}`,
          null,
        );
      }
      if (addresses.length === 0)
        throw new ConnectFailure('DNS_FAILED', `could not resolve ${targetHost}: no addresses`, null);
    }
    // All of them, not just the one we would dial: a name that answers one public and one internal address is hostile.
    for (const address of addresses) {
      const decision = judgeAddress(address, {
        allowLoopback: this.allowLoopback || (rule !== undefined && this.allowLoopbackConnectTo),
      });
      if (decision.allowed) continue;
      const kind = `${article(decision.label)} ${decision.label}`;
      let reason: string;
      if (rule) reason = `${hostname} is mapped (connect-to) to ${kind}`;
      else if (isIP(hostname) !== 0) reason = decision.label;
      else reason = `${hostname} resolves to ${kind}`;
      throw new ConnectFailure('BLOCKED_ADDRESS', reason, address);
    }
    return { address: addresses[0], port: targetPort };
  }

  private toSafeFetchError(error: unknown, url: URL, deadline: CallDeadline, phase: HopPhase): SafeFetchError {
    if (error instanceof SafeFetchError) return error;
    if (error instanceof ConnectFailure) {
      const message =
        error.failure === 'BLOCKED_ADDRESS' ? `refused ${url.href}: ${error.reason}` : `${url.href}: ${error.reason}`;
      return new SafeFetchError(error.failure, url.href, message, {
        address: error.address ?? undefined,
        connecting: true,
      });
    }
    if (error instanceof BudgetExhausted) {
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `${url.href} could not get memory to read its body: the bodies in flight hold the fetcher's ${this.budget.capacity} bytes`,
      );
    }
    const code = errorCode(error);
    if (deadline.cause === 'caller') {
      const waiting = phase === 'memory' ? ' while waiting for memory to read its body' : '';
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `${url.href} was stopped after ${deadline.elapsedMs} ms${waiting}: ${deadline.callerReason}`,
        { aborted: true },
      );
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `could not connect to ${url.href} within ${this.connectTimeoutMs} ms`,
        { connecting: true, cause: code },
      );
    }
    if (deadline.cause === 'timeout') {
      if (phase === 'memory') {
        return new SafeFetchError(
          'TIMEOUT',
          url.href,
          `${url.href} waited ${deadline.elapsedMs} ms for memory to read its body: other bodies in flight hold the fetcher's ${this.budget.capacity} bytes`,
        );
      }
      return new SafeFetchError(
        'TIMEOUT',
        url.href,
        `${url.href} did not answer within ${Math.round(deadline.limitMs)} ms`,
      );
    }
    const message = errorMessage(error);
    if (isTlsError(code, message)) {
      return new SafeFetchError(
        'TLS_ERROR',
        url.href,
        `TLS with ${url.host} failed for ${url.href}: ${describeTransport(code, message)}`,
        { connecting: true, ...(code ? { cause: code } : {}) },
      );
    }
    const connecting = code !== null && CONNECT_CODES.has(code);
    return new SafeFetchError(
      'CONNECTION_FAILED',
      url.href,
      `${connecting ? 'could not connect to' : 'connection failed for'} ${url.href}: ${describeTransport(code, message)}`,
      {
        connecting,
        ...(code ? { cause: code } : {}),
      },
    );
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT']);

/** Transport failures in words; the raw message is used only for codes not listed, with addresses removed. */
const TRANSPORT_PHRASES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_HEADERS_OVERFLOW: 'the response headers are too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the body does not match its Content-Length',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the body does not match its Content-Length',
  Z_DATA_ERROR: 'the body is not validly compressed',
  Z_BUF_ERROR: 'the compressed body is cut short',
};

function describeTransport(code: string | null, message: string): string {
  let phrase: string | undefined;
  if (code !== null) phrase = TRANSPORT_PHRASES[code];
  if (code?.startsWith('HPE_')) phrase = 'malformed HTTP response';
  // OpenSSL's messages carry pointers and source paths; the code says it: ERR_SSL_WRONG_VERSION_NUMBER → "wrong version number".
  else if (phrase === undefined && code?.startsWith('ERR_SSL_'))
    phrase = code.slice('ERR_SSL_'.length).toLowerCase().replace(/_/g, ' ');
  const text = phrase ?? withoutIpv4(message);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/** Node's messages name the dialled address ("connect ECONNREFUSED 10.0.0.5:443"); the connector removes it, this is the second belt. */
function withoutIpv4(message: string): string {
  return message.replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, 'the server');
}

/** The connector's error with the dialled address replaced, so no later message can carry it. */
function withoutAddress(error: Error, address: string): Error {
  if (!error.message.includes(address)) return error;
  const scrubbed = new Error(error.message.split(address).join('the server'));
  const code = errorCode(error);
  return code ? Object.assign(scrubbed, { code }) : scrubbed;
}

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

/** Nothing listens on 443: the site is http-only. Anything else (TLS, timeout, DNS, an answer) is final. */
function fallsBackToHttp(error: SafeFetchError, httpsUrl: string): boolean {
  return error.url === httpsUrl && error.code === 'CONNECTION_FAILED' && error.details.cause === 'ECONNREFUSED';
}

function siteUrl(scheme: 'https' | 'http', host: string, path: string, original: string): string {
  // A bare host[:port]; anything else ("evil.example@x", "x/y", "x?y") would change what the URL points at.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/i.test(host)) {
    throw new SafeFetchError('INVALID_URL', `${scheme}://${host}${path}`, `"${original}" is not a domain name`);
  }
  return parseHttpUrl(`${scheme}://${host}${path}`, null).href;
}

function capOf(requested: number | undefined, ceiling: number): number {
  return requested !== undefined && Number.isFinite(requested) && requested > 0
    ? Math.min(Math.floor(requested), ceiling)
    : ceiling;
}

function declaredLength(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

function isLoopbackHost(hostname: string): boolean {
  const host = stripBrackets(hostname).toLowerCase();
  if (host === 'localhost') return true;
  return isIP(host) !== 0 && judgeAddress(host, { allowLoopback: true }).category === 'loopback';
}

function article(label: string): 'a' | 'an' {
  return /^[aeiou]/i.test(label) ? 'an' : 'a';
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
    throw new SafeFetchError(
      'INVALID_URL',
      url.href,
      `refused ${url.href}${where}: only http and https URLs are fetched`,
    );
  }
  if (url.username || url.password)
    throw new SafeFetchError(
      'INVALID_URL',
      url.href,
      `refused ${url.href}${where}: URLs with credentials are not fetched`,
    );
  if (!url.hostname) throw new SafeFetchError('INVALID_URL', url.href, `"${value}" has no host${where}`);
  url.hash = '';
  return url;
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

/** Read by shape, not `instanceof`: undici's and Node's errors may come from another realm under Jest. */
function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const value: unknown = error.code;
  return typeof value === 'string' ? value : null;
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return String(error);
}
