import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

import { sanitizeText } from '../text/sanitize-text';

/** Error texts are kept per row, truncated like the reference did (its columns were sized for it). */
export const MAX_ERROR_LENGTH = 1024;

export type Outcome<R> =
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly delayMs?: number }
  /** Not started before shutdown: back to the queue without using up an attempt. */
  | { readonly kind: 'release' }
  /** Not this row's fault (a rate limit): back to the queue after `delayMs`, the attempt refunded. */
  | { readonly kind: 'defer'; readonly reason: string; readonly delayMs: number }
  /**
   * The service refuses every call (credits exhausted, key revoked): this row is deferred, and the whole
   * workflow stops claiming for `delayMs`, in every worker (`workflow_pauses`).
   */
  | { readonly kind: 'pause'; readonly reason: string; readonly delayMs: number };

export const outcome = {
  done: <R>(result: R): Outcome<R> => ({ kind: 'done', result }),
  /** Permanent failure: the row ends in the failed label with this reason. */
  failed: (reason: string): Outcome<never> => ({ kind: 'fail', reason }),
  /** Transient failure: the row is queued again after a backoff, until max attempts. */
  retry: (reason: string, delayMs?: number): Outcome<never> => ({ kind: 'retry', reason, delayMs }),
  release: (): Outcome<never> => ({ kind: 'release' }),
  /** A rate limit (429 with Retry-After): retried after `delayMs` without using up an attempt. */
  defer: (reason: string, delayMs: number): Outcome<never> => ({ kind: 'defer', reason, delayMs }),
  /** The service is unusable for everyone (401, 402): the workflow pauses for `delayMs`; this row waits too. */
  pause: (reason: string, delayMs: number): Outcome<never> => ({ kind: 'pause', reason, delayMs }),
};

export interface DoneItem<E, R> {
  readonly item: E;
  readonly result: R;
}

export interface BatchContext<E> {
  /** Aborted when the worker shuts down: start nothing new. */
  readonly signal: AbortSignal;
  /**
   * For handlers whose output is too big to hold until `persist` (WF5's million-URL sitemaps): idempotent,
   * autocommitted chunk writes only, never a transaction held across I/O.
   */
  readonly dataSource: DataSource;
  /**
   * Runs `fn` for each item with the workflow's concurrency. Items not started when the signal aborts
   * are released; an exception becomes a retry with its message. `signal` aborts when the item's deadline
   * (`<WF>_ITEM_TIMEOUT_MS`) passes, the batch's cap (`<WF>_BATCH_TIMEOUT_MS`) is reached or the worker
   * gives up waiting at shutdown: hand it to every fetch the item makes. An item still running at its
   * deadline ends as a retry then, whether or not its promise ever settles.
   * If the batch is cut at its cap, items that had settled keep the outcome `fn` gave them: handlers
   * return `eachItem`'s outcomes as their own.
   */
  eachItem<R>(
    items: readonly E[],
    fn: (item: E, signal: AbortSignal) => Promise<Outcome<R>> | Outcome<R>,
  ): Promise<Outcome<R>[]>;
}

/**
 * A workflow's work. `process` gets the claimed rows (full entities) and returns one outcome per item, in
 * order; it may do I/O and must not hold a database transaction. `persist`, when present, writes the
 * results of the done items inside the same transaction that acknowledges the batch, so a batch's
 * effects and its status change commit together.
 */
export interface WorkflowHandler<E extends ObjectLiteral, R = unknown> {
  process(items: readonly E[], ctx: BatchContext<E>): Promise<readonly Outcome<R>[]>;
  persist?(manager: EntityManager, done: readonly DoneItem<E, R>[]): Promise<void>;
}

/**
 * Every reason the loop stores passes here: a reason often quotes what a site sent (a binary sitemap's
 * bytes, a header), and one NUL would make PostgreSQL reject the whole batch's acknowledgement.
 */
export function cleanReason(reason: string): string {
  return sanitizeText(reason, MAX_ERROR_LENGTH);
}
