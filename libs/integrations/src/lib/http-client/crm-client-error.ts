/** The four WF8 services; errors carry it so one log line or `<crm>_processing_error` says who answered. */
export type CrmService = 'debounce' | 'brevo' | 'hubspot' | 'n8n';

export const CRM_SERVICE_LABELS: Readonly<Record<CrmService, string>> = {
  debounce: 'DeBounce',
  brevo: 'Brevo',
  hubspot: 'HubSpot',
  n8n: 'n8n',
};

/**
 * What a handler switches on:
 * - `unauthorized`: 401/403, the key or secret is wrong or lacks a scope. Every call will fail the same way: pause.
 * - `payment_required`: 402 (DeBounce credits exhausted). Pause until someone refills.
 * - `rate_limited`: 429 (or DeBounce's "maximum concurrent calls"); `retryAfterMs` says when to come back. Defer.
 * - `server`: 5xx. Retry with backoff.
 * - `timeout`: no complete answer within the client's `timeoutMs`. Retry (the request may have been applied).
 * - `network`: connection refused/reset, DNS. Retry.
 * - `bad_response`: a 2xx whose body is not the documented JSON. Retry (proxies and outages produce these).
 * - `rejected`: any other 4xx: this request is wrong (bad address, unknown property, unregistered webhook).
 *   Repeating it cannot help: fail the row.
 * - `aborted`: the caller's AbortSignal fired (deadline or shutdown). Retry.
 */
export type CrmErrorCode =
  | 'unauthorized'
  | 'payment_required'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'rejected'
  | 'aborted';

export const CRM_ERROR_CODES: readonly CrmErrorCode[] = [
  'unauthorized',
  'payment_required',
  'rate_limited',
  'server',
  'timeout',
  'network',
  'bad_response',
  'rejected',
  'aborted',
];

const RETRYABLE: ReadonlySet<CrmErrorCode> = new Set([
  'rate_limited',
  'server',
  'timeout',
  'network',
  'bad_response',
  'aborted',
]);

/**
 * The only error the WF8 clients throw. The message never contains the key or secret (every message passes the
 * client's redaction), so it is safe to log and to store in `<crm>_processing_error`.
 */
export class CrmClientError extends Error {
  override readonly name = 'CrmClientError';

  constructor(
    readonly service: CrmService,
    readonly code: CrmErrorCode,
    message: string,
    readonly details: {
      /** HTTP status of the answer; null when none arrived (timeout, network, abort). */
      httpStatus?: number | null;
      /** For `rate_limited`: how long the service asked us to wait (Retry-After or its own header), capped; null if it did not say. */
      retryAfterMs?: number | null;
      /** The service's own error code when it sent one: Brevo `duplicate_parameter`, HubSpot `VALIDATION_ERROR`. */
      serviceCode?: string | null;
    } = {},
  ) {
    super(message);
  }

  get httpStatus(): number | null {
    return this.details.httpStatus ?? null;
  }

  get retryAfterMs(): number | null {
    return this.details.retryAfterMs ?? null;
  }

  get serviceCode(): string | null {
    return this.details.serviceCode ?? null;
  }

  /** True for codes where the same request may succeed later; `unauthorized`/`payment_required` are a pause, not a retry. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export function isCrmClientError(error: unknown): error is CrmClientError {
  return error instanceof CrmClientError;
}
