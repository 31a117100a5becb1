import { CrmClientError } from '../http-client/crm-client-error';
import {
  CrmCallOptions,
  CrmHttpSettings,
  isRecord,
  JsonHttp,
  JsonHttpAnswer,
  jsonHttpConfig,
  textOf,
} from '../http-client/json-http';
import { debounceScore, EmailValidationResult, mapDebounceResult } from './debounce.mapping';

/** The reference's `DEBOUNCE_API_BASE_URL` default; the single-validation endpoint is the base itself. */
export const DEFAULT_DEBOUNCE_BASE_URL = 'https://api.debounce.io/v1/';

export interface DebounceClientOptions extends CrmHttpSettings {
  apiKey: string;
  /** Default {@link DEFAULT_DEBOUNCE_BASE_URL}. A trailing slash is added (DeBounce documents `/v1/`). */
  baseUrl?: string | null;
  // Defaults: timeoutMs 30 000 (the reference's; DeBounce talks SMTP to the mailbox's server), requestsPerSecond 0,
  // maxConcurrent 5 (DeBounce documents 5 concurrent calls per key, 2 with data enrichment).
}

/** One validated address, ready for the `debounce_*` columns. */
export interface DebounceValidation {
  /** The address as DeBounce echoed it (or as asked, when it echoed none). */
  email: string;
  /** → `debounce_result`. */
  result: EmailValidationResult;
  /** → `debounce_score`, 0–100 ({@link debounceScore}). */
  score: number;
  /** → `debounce_reason`: DeBounce's `reason` ("Deliverable", "Bounce", "Accept All", "Disposable" …). */
  reason: string | null;
  /** → `debounce_suggestion`: DeBounce's `did_you_mean`, null when empty. */
  suggestion: string | null;
  /** DeBounce's numeric code (1 syntax … 8 role), null if it sent none. */
  code: number | null;
  /** DeBounce's own `result` text: "Safe to Send", "Invalid", "Risky", "Unknown". */
  debounceResult: string | null;
  role: boolean;
  freeEmail: boolean;
  /** DeBounce's advice that transactional mail is fine (deliverable, accept-all, unknown). */
  sendTransactional: boolean;
  /** Credits left after this call, when DeBounce said. */
  balance: number | null;
}

/**
 * DeBounce single-address validation (`GET {base}?api=KEY&email=…`), one paid call per address. The key travels in
 * the query string (DeBounce offers nothing else), so URLs never appear in errors with their query.
 */
export class DebounceClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly http: JsonHttp;

  constructor(options: DebounceClientOptions) {
    if (!options.apiKey) throw new CrmClientError('debounce', 'unauthorized', 'DeBounce API key is empty');
    this.apiKey = options.apiKey;
    const base = options.baseUrl || DEFAULT_DEBOUNCE_BASE_URL;
    this.baseUrl = base.endsWith('/') ? base : `${base}/`;
    this.http = new JsonHttp(
      jsonHttpConfig('debounce', [options.apiKey], options, {
        timeoutMs: 30_000,
        requestsPerSecond: 0,
        maxConcurrent: 5,
      }),
    );
  }

  async validate(email: string, options: CrmCallOptions = {}): Promise<DebounceValidation> {
    const action = `validate ${email}`;
    const url = new URL(this.baseUrl);
    url.searchParams.set('api', this.apiKey);
    url.searchParams.set('email', email);
    const answer = await this.http.send({ method: 'GET', url: url.toString(), action, signal: options.signal });
    const body = isRecord(answer.json) ? answer.json : null;
    const inner = body && isRecord(body.debounce) ? body.debounce : null;
    if (answer.status < 200 || answer.status >= 300) throw this.failure(answer, action, textOf(inner?.error));
    if (!body || !inner) throw this.http.badResponse(answer, action, 'is not the documented {debounce, success} JSON');
    if (String(body.success) !== '1') {
      // Some failures arrive as HTTP 200 with success 0; the text is all there is to go on.
      throw this.failure({ ...answer, status: statusFromErrorText(textOf(inner.error)) }, action, textOf(inner.error));
    }
    const code = integer(inner.code);
    const resultText = textOf(inner.result);
    if (resultText === null && code === null)
      throw this.http.badResponse(answer, action, 'has neither debounce.result nor debounce.code');
    return {
      email: textOf(inner.email) ?? email,
      result: mapDebounceResult(resultText, code),
      score: debounceScore(code),
      reason: textOf(inner.reason),
      suggestion: textOf(inner.did_you_mean),
      code,
      debounceResult: resultText,
      role: flag(inner.role),
      freeEmail: flag(inner.free_email),
      sendTransactional: flag(inner.send_transactional),
      balance: number(body.balance),
    };
  }

  private failure(answer: JsonHttpAnswer, action: string, errorText: string | null): CrmClientError {
    return this.http.statusError(answer, action, null, errorText, this.http.retryAfter(answer.headers));
  }
}

/** What an HTTP 200 + success 0 means, read from DeBounce's error text. */
function statusFromErrorText(text: string | null): number {
  const lower = (text ?? '').toLowerCase();
  if (lower.includes('wrong api') || lower.includes('authentication failed') || lower.includes('api key')) {
    return lower.includes('per day') ? 429 : 401;
  }
  if (lower.includes('credit') || lower.includes('balance')) return 402;
  if (lower.includes('concurrent') || lower.includes('too many')) return 429;
  return 400;
}

function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function integer(value: unknown): number | null {
  const parsed = number(value);
  return parsed !== null && Number.isInteger(parsed) ? parsed : null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
