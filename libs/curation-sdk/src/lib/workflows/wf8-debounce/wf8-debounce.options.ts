import { EdgeSwitches } from '../workflow-edges';

export interface Wf8DebounceOptions {
  /**
   * `DEBOUNCE_CACHE_DAYS`: a result for the same address (any contact, case-insensitive) validated within this
   * many days is reused instead of paying for another call. 0 turns the cache off.
   */
  readonly cacheDays: number;
  /** `DEBOUNCE_QUEUE_CATCH_ALL`: catch-all (accept-all, role) addresses also queue the CRMs; off, only `valid` does. */
  readonly queueCatchAll: boolean;
  /** `DEBOUNCE_PAUSE_MS`: how long a 401 or 402 stops the workflow in every worker before it tries again. */
  readonly pauseMs: number;
  /** Which `EDGES_WF8_DEBOUNCE_TO_CRM` edges are on (`WorkflowOptions.edges`); all off when absent. */
  readonly edges?: EdgeSwitches;
}

export const DEFAULT_WF8_DEBOUNCE_OPTIONS: Omit<Wf8DebounceOptions, 'edges'> = Object.freeze({
  cacheDays: 30,
  queueCatchAll: false,
  // Long enough that a refill (or a key fix) is the likely change, short enough that nobody has to restart.
  pauseMs: 900_000,
});

/**
 * A 429 without Retry-After: DeBounce's "Maximum concurrent calls reached" clears as soon as a call in flight
 * ends, so a short wait is enough (the attempt is refunded either way).
 */
export const DEBOUNCE_RATE_LIMIT_DEFAULT_DELAY_MS = 5_000;
