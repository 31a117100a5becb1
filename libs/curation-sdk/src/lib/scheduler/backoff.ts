export interface BackoffSettings {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 2_000, maxMs: 3_600_000 };

/**
 * Exponential backoff with "equal jitter": half of the exponential step is fixed, half random, so retries
 * of a batch that failed together spread out instead of returning together. `attempt` counts from 1.
 */
export function backoffDelayMs(
  attempt: number,
  settings: BackoffSettings = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
