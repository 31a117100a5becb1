import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

import { sqlRows } from '../database/sql-rows';
import { messageOf } from '../errors/message-of';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { backoffDelayMs, BackoffSettings, DEFAULT_BACKOFF } from './backoff';
import { Id } from './lease-keeper';
import { LoopStatements } from './loop-sql';
import { cleanReason, DoneItem, Outcome, WorkflowHandler } from './outcome';

/** Printable ASCII only: a fallback acknowledgement must not be able to fail on its own text. */
const plainText = (text: string): string => cleanReason(text).replace(/[^\x20-\x7e]/g, '?');

type Kind = 'done' | 'fail' | 'retry' | 'release' | 'defer';

/** One row's final word, as written by the acknowledgement. Reasons are already clean. */
interface Settlement<E, R> {
  readonly row: E;
  readonly id: Id;
  readonly attempts: number;
  kind: Kind;
  reason: string | null;
  delayMs: number;
  readonly result?: R;
}

export interface AckCounts {
  readonly done: number;
  readonly failed: number;
  readonly retried: number;
  readonly released: number;
  /** Rows put back without using an attempt (rate limits and pauses). */
  readonly deferred: number;
  /** Rows acknowledged by nobody: their lease was lost to the sweep while we worked. */
  readonly lost: number;
  /** The longest pause a handler asked for in this batch, if any. */
  readonly pause: { readonly reason: string; readonly delayMs: number } | null;
}

export interface AcknowledgerOptions {
  readonly owner: string;
  readonly maxAttempts: number;
  readonly backoff?: BackoffSettings;
  readonly random?: () => number;
}

/** Per acknowledgement: once even a one-row fallback fails, the database is the problem, not a row. */
interface Isolation {
  unreachable: boolean;
}

/**
 * Writes a batch's outcomes back. The happy path is one acknowledgement statement, inside one transaction
 * with the handler's `persist` when there are results to save: the acknowledgement runs first and `persist`
 * sees only the done rows it returned (rows this worker still owns). When that fails, the batch is bisected,
 * each half in its own transaction, down to the rows that fail on their own; those are retried (or failed
 * after max attempts) with their own error, and their batch-mates complete. Every reason passes
 * `cleanReason`, and every path that ends an attempt applies the max-attempts rule.
 */
export class Acknowledger<E extends ObjectLiteral, R> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definition: WorkflowDefinition<E>,
    private readonly sql: LoopStatements,
    private readonly handler: WorkflowHandler<E, R>,
    private readonly options: AcknowledgerOptions,
    private readonly logger: Logger,
  ) {}

  async acknowledge(rows: readonly E[], outcomes: readonly Outcome<R>[]): Promise<AckCounts> {
    const settlements = rows.map((row, i) => this.settlement(row, outcomes[i]));
    for (const s of settlements) this.logger.debug(`${String(s.id)}: ${s.kind}${s.reason ? ` (${s.reason})` : ''}`);
    const acked = await this.settle(settlements, { unreachable: false });
    const count = (kind: Kind) => settlements.filter((s) => s.kind === kind).length;
    const lost = rows.length - acked.size;
    if (lost > 0)
      this.logger.warn(
        `${lost} rows were no longer ours when acknowledging (lease expired and swept): their outcome was dropped`,
      );
    let pause: AckCounts['pause'] = null;
    for (const o of outcomes)
      if (o.kind === 'pause' && (pause === null || o.delayMs > pause.delayMs))
        pause = { reason: cleanReason(o.reason), delayMs: o.delayMs };
    return {
      done: count('done'),
      failed: count('fail'),
      retried: count('retry'),
      released: count('release'),
      deferred: count('defer'),
      lost,
      pause,
    };
  }

  private settlement(row: E, o: Outcome<R>): Settlement<E, R> {
    const id = row[this.definition.idColumn] as Id;
    const attempts = Number(row[this.definition.leaseColumns.attempts]);
    switch (o.kind) {
      case 'done':
        return { row, id, attempts, kind: 'done', reason: null, delayMs: 0, result: o.result };
      case 'release':
        return { row, id, attempts, kind: 'release', reason: null, delayMs: 0 };
      case 'fail':
        return { row, id, attempts, kind: 'fail', reason: cleanReason(o.reason), delayMs: 0 };
      case 'retry':
        return { row, id, attempts, ...this.retryOrGiveUp(attempts, o.reason, o.delayMs) };
      case 'defer':
      case 'pause':
        return { row, id, attempts, kind: 'defer', reason: cleanReason(o.reason), delayMs: Math.max(0, o.delayMs) };
    }
  }

  /** The max-attempts rule, for every path that ends an attempt with a transient failure. */
  private retryOrGiveUp(
    attempts: number,
    reason: string,
    delayMs?: number,
  ): Pick<Settlement<E, R>, 'kind' | 'reason' | 'delayMs'> {
    if (attempts >= this.options.maxAttempts)
      return { kind: 'fail', reason: cleanReason(`gave up after ${attempts} attempts: ${reason}`), delayMs: 0 };
    return {
      kind: 'retry',
      reason: cleanReason(reason),
      delayMs: delayMs ?? backoffDelayMs(attempts, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random),
    };
  }

  /** Returns the ids acknowledged. */
  private async settle(batch: Settlement<E, R>[], isolation: Isolation): Promise<Set<string>> {
    if (batch.length === 0 || isolation.unreachable) return new Set();
    try {
      return await this.write(batch);
    } catch (error) {
      if (batch.length === 1) return this.fallback(batch[0], error, isolation);
      this.logger.warn(`acknowledging ${batch.length} rows failed (${messageOf(error)}): narrowing it down`);
      const middle = Math.ceil(batch.length / 2);
      const first = await this.settle(batch.slice(0, middle), isolation);
      const second = await this.settle(batch.slice(middle), isolation);
      return new Set([...first, ...second]);
    }
  }

  /** The acknowledgement, then `persist` for the done rows it returned, committed together. */
  private async write(batch: readonly Settlement<E, R>[]): Promise<Set<string>> {
    const done = batch.filter((s) => s.kind === 'done');
    const persist = done.length > 0 && this.handler.persist ? this.handler.persist.bind(this.handler) : undefined;
    // One statement needs no transaction.
    if (!persist) return this.ack(this.dataSource, batch);
    return this.dataSource.transaction(async (manager) => {
      const owned = await this.ack(manager, batch);
      const mine: DoneItem<E, R>[] = done
        .filter((s) => owned.has(String(s.id)))
        .map((s) => ({ item: s.row, result: s.result as R }));
      if (mine.length > 0) await persist(manager, mine);
      return owned;
    });
  }

  /**
   * A row that fails on its own: its results are not saved, and it is acknowledged alone with a reason
   * that cannot fail again (printable ASCII). A done row becomes a retry, under the max-attempts rule.
   */
  private async fallback(s: Settlement<E, R>, error: unknown, isolation: Isolation): Promise<Set<string>> {
    const message = messageOf(error);
    if (s.kind === 'done') {
      const next = this.retryOrGiveUp(s.attempts, plainText(`could not save the results: ${message}`));
      s.kind = next.kind;
      s.reason = next.reason && plainText(next.reason);
      s.delayMs = next.delayMs;
    } else if (s.reason !== null) s.reason = plainText(s.reason);
    this.logger.error(`${String(s.id)}: ${s.reason ?? message}`);
    try {
      return await this.ack(this.dataSource, [s]);
    } catch (again) {
      // Left to the lease: the sweep returns it, counting the attempt, under the same max-attempts rule.
      isolation.unreachable = true;
      this.logger.error(
        `could not acknowledge ${String(s.id)} either (${messageOf(again)}): its lease will expire and the sweep returns it`,
      );
      return new Set();
    }
  }

  private async ack(runner: DataSource | EntityManager, batch: readonly Settlement<E, R>[]): Promise<Set<string>> {
    const d = this.definition.processing;
    const rows = await sqlRows<{ id: Id }>(runner, this.sql.acknowledge, [
      batch.map((s) => s.id),
      batch.map((s) => s.kind),
      batch.map((s) => s.reason),
      batch.map((s) => s.delayMs),
      d.done,
      d.failed,
      d.queued,
      this.options.owner,
    ]);
    return new Set(rows.map((r) => String(r.id)));
  }
}
