import { RequestSpacer } from '../google-places/request-spacer';
import { ConcurrencyGate } from './concurrency-gate';
import { CRM_SERVICE_LABELS, CrmClientError, CrmErrorCode, CrmService } from './crm-client-error';
import { redactSecrets } from './redact';
import { DEFAULT_RETRY_AFTER_CAP_MS, parseDelaySeconds, parseRetryAfter } from './retry-after';
import { describeTransportError, errorField } from './transport-error';

/** Per call: the caller's deadline or shutdown. Aborting ends the call (waits included) with code `aborted`. */
export interface CrmCallOptions {
  signal?: AbortSignal;
}

/** Transport settings every WF8 client takes; each client documents its own defaults. */
export interface CrmHttpSettings {
  /** Per request, headers and body included. */
  timeoutMs?: number;
  /** Even spacing of calls from this client; 0 = unlimited. */
  requestsPerSecond?: number;
  /** Calls in flight at once from this client; 0 = unlimited. */
  maxConcurrent?: number;
  /** Upper bound for a service's Retry-After. Default 15 min. */
  retryAfterCapMs?: number;
}

export interface JsonHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** What the call was for, first words of every error message ("validate a@b.c"). */
  action: string;
  signal?: AbortSignal;
}

export interface JsonHttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** undefined when the body is empty or not JSON. */
  json: unknown;
}

interface JsonHttpConfig extends Required<CrmHttpSettings> {
  service: CrmService;
  /** Everything that must never appear in an error: keys, tokens, webhook secrets. */
  secrets: readonly string[];
}

/**
 * One HTTP exchange for a WF8 client: rate spacing, concurrency cap, timeout, caller abort, and errors that are
 * already typed and redacted. It never retries (the workflow loop owns attempts) and never logs.
 */
export class JsonHttp {
  private readonly spacer: RequestSpacer;
  private readonly gate: ConcurrencyGate;

  constructor(private readonly config: JsonHttpConfig) {
    this.spacer = new RequestSpacer(config.requestsPerSecond);
    this.gate = new ConcurrencyGate(config.maxConcurrent);
  }

  get timeoutMs(): number {
    return this.config.timeoutMs;
  }

  async send(request: JsonHttpRequest): Promise<JsonHttpAnswer> {
    // A per-call signal following the caller's: the waits below listen on it, so one signal shared by a whole
    // batch of calls does not collect a listener per waiting call.
    const caller = request.signal ? AbortSignal.any([request.signal]) : undefined;
    if (caller?.aborted) throw this.abandoned(request.action, 'before sending', caller);
    let release: () => void;
    try {
      release = await this.gate.acquire(caller);
    } catch {
      throw this.abandoned(request.action, 'while waiting for a free connection', caller);
    }
    try {
      await this.waitForSlot(request.action, caller);
      return await this.exchange({ ...request, signal: caller });
    } finally {
      release();
    }
  }

  /** Maps a non-2xx answer onto a code; `serviceCode`/`serviceMessage` are what the service's error body said. */
  statusError(
    answer: JsonHttpAnswer,
    action: string,
    serviceCode: string | null,
    serviceMessage: string | null,
    retryAfterMs: number | null = null,
  ): CrmClientError {
    const status = answer.status;
    const code = codeForStatus(status);
    const said = [serviceCode, serviceMessage].filter((part): part is string => !!part).join(': ');
    const wait = code === 'rate_limited' && retryAfterMs !== null ? ` (retry after ${retryAfterMs} ms)` : '';
    return this.error(code, `${action}: HTTP ${status}${said ? ` ${said}` : ''}${wait}`, {
      httpStatus: status,
      retryAfterMs: code === 'rate_limited' ? retryAfterMs : null,
      serviceCode,
    });
  }

  badResponse(answer: JsonHttpAnswer, action: string, what: string): CrmClientError {
    return this.error('bad_response', `${action}: HTTP ${answer.status} answer ${what}`, { httpStatus: answer.status });
  }

  /** `Retry-After` first (seconds or HTTP-date), then the service's own seconds headers in the order given. */
  retryAfter(headers: Headers, ...secondsHeaders: string[]): number | null {
    const cap = this.config.retryAfterCapMs;
    const standard = parseRetryAfter(headers.get('retry-after'), Date.now(), cap);
    if (standard !== null) return standard;
    for (const name of secondsHeaders) {
      const value = parseDelaySeconds(headers.get(name), cap);
      if (value !== null) return value;
    }
    return null;
  }

  /** Every error passes here: the service label goes in front and every secret comes out. */
  error(code: CrmErrorCode, message: string, details: CrmClientError['details'] = {}): CrmClientError {
    const text = redactSecrets(`${CRM_SERVICE_LABELS[this.config.service]} ${message}`, this.config.secrets);
    return new CrmClientError(this.config.service, code, text, details);
  }

  private async waitForSlot(action: string, caller: AbortSignal | undefined): Promise<void> {
    if (!caller) return this.spacer.acquire();
    // The spacer's slot is reserved either way; only the wait is cut short.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((resolve) =>
      caller.addEventListener('abort', (onAbort = () => resolve('aborted')), { once: true }),
    );
    const waited = await Promise.race([this.spacer.acquire().then(() => 'ready' as const), aborted]);
    if (onAbort) caller.removeEventListener('abort', onAbort);
    if (waited === 'aborted') throw this.abandoned(action, 'while waiting for the request rate limit', caller);
  }

  private async exchange(request: JsonHttpRequest): Promise<JsonHttpAnswer> {
    const caller = request.signal;
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const endpoint = `${request.method} ${describeUrl(request.url)}`;
    try {
      // The signal also covers reading the body, so a server that stalls mid-answer times out too.
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: caller ? AbortSignal.any([timeout, caller]) : timeout,
        // A redirecting API means a wrong base URL; following it would turn a POST into a GET.
        redirect: 'manual',
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: parseJson(text) };
    } catch (error) {
      if (caller?.aborted && !timeout.aborted) throw this.abandoned(request.action, `during ${endpoint}`, caller);
      const name = errorField(error, 'name');
      if (name === 'TimeoutError' || name === 'AbortError')
        throw this.error('timeout', `${request.action}: ${endpoint} did not answer within ${this.config.timeoutMs} ms`);
      throw this.error('network', `${request.action}: ${endpoint} failed: ${describeTransportError(error)}`);
    }
  }

  private abandoned(action: string, where: string, signal: AbortSignal | undefined): CrmClientError {
    const reason: unknown = signal?.reason;
    const why = errorField(reason, 'message') ?? (typeof reason === 'string' ? reason : 'the caller aborted');
    return this.error('aborted', `${action}: abandoned ${where}: ${why}`);
  }
}

export function jsonHttpConfig(
  service: CrmService,
  secrets: readonly (string | null | undefined)[],
  settings: CrmHttpSettings,
  defaults: Required<Omit<CrmHttpSettings, 'retryAfterCapMs'>>,
): JsonHttpConfig {
  return {
    service,
    secrets: secrets.filter((secret): secret is string => !!secret),
    timeoutMs: positive(settings.timeoutMs) ?? defaults.timeoutMs,
    requestsPerSecond: settings.requestsPerSecond ?? defaults.requestsPerSecond,
    maxConcurrent: settings.maxConcurrent ?? defaults.maxConcurrent,
    retryAfterCapMs: settings.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS,
  };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

export function codeForStatus(status: number): CrmErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 402) return 'payment_required';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'rejected';
}

/** Host and path only: the query may hold the key (DeBounce) and the redaction should not be the only guard. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
