/** The reference's `EmailValidationResult` values, the vocabulary of `contacts.debounce_result`. */
export type EmailValidationResult = 'valid' | 'invalid' | 'catch-all' | 'unknown' | 'disposable';

/** The same values by name, so code that branches on a result names it instead of spelling it. */
export const EmailValidation = Object.freeze({
  Valid: 'valid',
  Invalid: 'invalid',
  CatchAll: 'catch-all',
  Unknown: 'unknown',
  Disposable: 'disposable',
} as const satisfies Record<string, EmailValidationResult>);

export const EMAIL_VALIDATION_RESULTS: readonly EmailValidationResult[] = Object.values(EmailValidation);

/** DeBounce's documented numeric result codes (help.debounce.io "Result Codes"). */
export const DEBOUNCE_CODES = {
  syntax: 1,
  spamTrap: 2,
  disposable: 3,
  acceptAll: 4,
  deliverable: 5,
  invalid: 6,
  unknown: 7,
  role: 8,
} as const;

/**
 * The reference's `_map_debounce_result`, on DeBounce's `result` text ("Safe to Send", "Invalid", "Risky",
 * "Unknown"): the same substring tests in the same order. One addition: DeBounce reports a disposable address as
 * result "Invalid" with code 3, which the reference stored as `invalid`; it is `disposable` here so the
 * `disposable` value the reference declared is reachable. Both are suppressed from delivery either way.
 */
export function mapDebounceResult(resultText: string | null, code: number | null): EmailValidationResult {
  if (code === DEBOUNCE_CODES.disposable) return 'disposable';
  const lower = (resultText ?? '').toLowerCase();
  if (lower.includes('safe') || lower.includes('deliverable')) return 'valid';
  if (lower.includes('invalid')) return 'invalid';
  if (lower.includes('risky')) return 'catch-all';
  if (lower.includes('disposable')) return 'disposable';
  return 'unknown';
}

/**
 * 0–100 per documented code. The reference's score table was keyed by codes it misread (it took 4 for
 * "Deliverable", 3 for "Risky", 7 for "Role"); these are its values put back on the labels it meant:
 * deliverable 100, role 60, accept-all ("risky") 50, unknown 30, syntax 10, and 0 for invalid, spam trap and
 * disposable.
 */
export const DEBOUNCE_CODE_SCORES: Readonly<Record<number, number>> = {
  [DEBOUNCE_CODES.deliverable]: 100,
  [DEBOUNCE_CODES.role]: 60,
  [DEBOUNCE_CODES.acceptAll]: 50,
  [DEBOUNCE_CODES.unknown]: 30,
  [DEBOUNCE_CODES.syntax]: 10,
  [DEBOUNCE_CODES.invalid]: 0,
  [DEBOUNCE_CODES.spamTrap]: 0,
  [DEBOUNCE_CODES.disposable]: 0,
};

export function debounceScore(code: number | null): number {
  return code === null ? 0 : (DEBOUNCE_CODE_SCORES[code] ?? 0);
}
