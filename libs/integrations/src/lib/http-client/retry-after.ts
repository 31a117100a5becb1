/** A service that asks for an hour is not taken at its word: the scheduler re-reads the row long before. */
export const DEFAULT_RETRY_AFTER_CAP_MS = 15 * 60_000;

/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds from `nowMs`,
 * at least 0 and at most `capMs`; null when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
  capMs: number = DEFAULT_RETRY_AFTER_CAP_MS,
): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Math.round(Number(text) * 1000), capMs);
  // Date.parse also reads non-HTTP forms ("2024", "1 2 3"); an HTTP-date always names a weekday or month in letters.
  if (!/[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return clamp(at - nowMs, capMs);
}

/** Plain seconds headers such as Brevo's `x-sib-ratelimit-reset`. */
export function parseDelaySeconds(
  value: string | null | undefined,
  capMs: number = DEFAULT_RETRY_AFTER_CAP_MS,
): number | null {
  if (value === null || value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return clamp(Math.round(Number(value) * 1000), capMs);
}

function clamp(ms: number, capMs: number): number {
  return Math.min(Math.max(0, ms), Math.max(0, capMs));
}
