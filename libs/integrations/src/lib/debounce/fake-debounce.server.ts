import {
  emailKey,
  extendFake,
  FakeAnswer,
  FakeServiceControls,
  FakeServiceOptions,
  RecordedCall,
  startFakeService,
} from '../crm-fakes/fake-service';
import { DEBOUNCE_CODES } from './debounce.mapping';

/**
 * Loopback DeBounce single-validation API (`GET /v1/?api=KEY&email=…`) in DeBounce's JSON shapes. The verdict
 * comes from the address, so tests pick outcomes by name:
 * - local part `invalid…` or domain `invalid.test` → code 6 Invalid ("Bounce")
 * - local part `disposable…` or domain `disposable.test` / `mailinator.com` → code 3 Invalid ("Disposable")
 * - local part `catchall…` or domain `catchall.test` → code 4 Risky ("Accept All")
 * - local part `unknown…` or domain `unknown.test` → code 7 Unknown
 * - local part `spamtrap…` → code 2 Invalid ("Spam Trap")
 * - role local parts (info, sales, support, admin, contact, office, hello, webmaster) → code 8 Risky ("Role")
 * - no `@`, or nothing on one side of it → code 1 Invalid ("Syntax")
 * - domain `gmial.com` → code 6 Invalid with `did_you_mean` on gmail.com
 * - anything else → code 5 "Safe to Send" ("Deliverable")
 * `setVerdict(email, code)` overrides one address. Every answered validation costs one credit; at 0 credits the
 * fake answers 402 until `credits` is set again.
 */

export interface FakeDebounceOptions extends FakeServiceOptions {
  /** When set, any other key gets 401 "Wrong API". Default: any non-empty key. */
  apiKey?: string;
  /** Credits before 402. Default unlimited. */
  credits?: number;
}

export interface FakeDebounceServer extends FakeServiceControls {
  /** Base URL to configure (`DEBOUNCE_API_BASE_URL`): `<url>/v1/`. */
  readonly baseUrl: string;
  /** Remaining credits (Infinity = unlimited); assign to refill. */
  credits: number;
  /** Paid validations per address (lower-cased), for "no paid call for a cached result" assertions. */
  readonly validations: Map<string, number>;
  setVerdict(email: string, code: number): void;
  reset(): void;
}

const RESULT_FOR_CODE: Readonly<Record<number, { result: string; reason: string }>> = {
  [DEBOUNCE_CODES.syntax]: { result: 'Invalid', reason: 'Syntax' },
  [DEBOUNCE_CODES.spamTrap]: { result: 'Invalid', reason: 'Spam Trap' },
  [DEBOUNCE_CODES.disposable]: { result: 'Invalid', reason: 'Disposable' },
  [DEBOUNCE_CODES.acceptAll]: { result: 'Risky', reason: 'Accept All' },
  [DEBOUNCE_CODES.deliverable]: { result: 'Safe to Send', reason: 'Deliverable' },
  [DEBOUNCE_CODES.invalid]: { result: 'Invalid', reason: 'Bounce' },
  [DEBOUNCE_CODES.unknown]: { result: 'Unknown', reason: 'Unknown' },
  [DEBOUNCE_CODES.role]: { result: 'Risky', reason: 'Role' },
};

const ROLE_LOCAL_PARTS = new Set(['info', 'sales', 'support', 'admin', 'contact', 'office', 'hello', 'webmaster']);
const FREE_DOMAINS = new Set(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'icloud.com']);
const TYPO_DOMAINS: Readonly<Record<string, string>> = { 'gmial.com': 'gmail.com', 'yaho.com': 'yahoo.com' };

/** The code the fake gives an address when no override is set. */
export function fakeDebounceCode(email: string): number {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return DEBOUNCE_CODES.syntax;
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (local.startsWith('disposable') || domain === 'disposable.test' || domain === 'mailinator.com')
    return DEBOUNCE_CODES.disposable;
  if (local.startsWith('invalid') || domain === 'invalid.test' || domain in TYPO_DOMAINS) return DEBOUNCE_CODES.invalid;
  if (local.startsWith('catchall') || domain === 'catchall.test') return DEBOUNCE_CODES.acceptAll;
  if (local.startsWith('unknown') || domain === 'unknown.test') return DEBOUNCE_CODES.unknown;
  if (local.startsWith('spamtrap')) return DEBOUNCE_CODES.spamTrap;
  if (ROLE_LOCAL_PARTS.has(local)) return DEBOUNCE_CODES.role;
  return DEBOUNCE_CODES.deliverable;
}

const failure = (status: number, error: string, headers?: Record<string, string>): FakeAnswer => ({
  status,
  headers,
  body: { debounce: { error, code: '0' }, success: '0' },
});

export async function startFakeDebounceServer(options: FakeDebounceOptions = {}): Promise<FakeDebounceServer> {
  const overrides = new Map<string, number>();
  const validations = new Map<string, number>();
  const initialCredits = options.credits ?? Number.POSITIVE_INFINITY;
  let credits = initialCredits;

  const route = (call: RecordedCall): FakeAnswer => {
    if (call.method !== 'GET' || (call.path !== '/v1/' && call.path !== '/v1'))
      return failure(404, `No route for ${call.method} ${call.path}`);
    const key = call.query.api;
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) return failure(401, 'Wrong API');
    const email = call.query.email;
    if (email === undefined || email === '') return failure(400, 'Email parameter is missing');
    if (credits <= 0) return failure(402, 'Credits finished');
    credits -= 1;
    const lower = emailKey(email);
    validations.set(lower, (validations.get(lower) ?? 0) + 1);
    const code = overrides.get(lower) ?? fakeDebounceCode(email);
    const verdict = RESULT_FOR_CODE[code] ?? RESULT_FOR_CODE[DEBOUNCE_CODES.unknown];
    const domain = lower.slice(lower.lastIndexOf('@') + 1);
    const suggestion = TYPO_DOMAINS[domain] ? `${lower.slice(0, lower.lastIndexOf('@'))}@${TYPO_DOMAINS[domain]}` : '';
    const transactional = [
      DEBOUNCE_CODES.deliverable,
      DEBOUNCE_CODES.acceptAll,
      DEBOUNCE_CODES.unknown,
      DEBOUNCE_CODES.role,
    ];
    return {
      status: 200,
      body: {
        debounce: {
          email,
          code: String(code),
          role: String(code === DEBOUNCE_CODES.role || ROLE_LOCAL_PARTS.has(lower.split('@')[0])),
          free_email: String(FREE_DOMAINS.has(domain)),
          result: verdict.result,
          reason: verdict.reason,
          send_transactional: transactional.includes(code as (typeof transactional)[number]) ? '1' : '0',
          did_you_mean: suggestion,
        },
        success: '1',
        balance: Number.isFinite(credits) ? String(credits) : '1000000',
      },
    };
  };

  const controls = await startFakeService(
    {
      unauthorized: () => failure(401, 'Wrong API'),
      rateLimited: (retryAfter) =>
        failure(
          429,
          'Maximum concurrent calls reached',
          retryAfter === null ? undefined : { 'retry-after': retryAfter },
        ),
      server: (status) => failure(status, 'Internal Server Error'),
      tooManyConcurrent: () => failure(429, 'Maximum concurrent calls reached'),
    },
    route,
    options,
  );

  return extendFake(controls, {
    baseUrl: `${controls.url}/v1/`,
    validations,
    get credits() {
      return credits;
    },
    set credits(value: number) {
      credits = value;
    },
    setVerdict(email: string, code: number) {
      overrides.set(emailKey(email), code);
    },
    reset() {
      controls.clearScripts();
      controls.requests.length = 0;
      overrides.clear();
      validations.clear();
      credits = initialCredits;
    },
  });
}
