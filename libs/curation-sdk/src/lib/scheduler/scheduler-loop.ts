import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';

import { sqlRows } from '../database/sql-rows';
import { messageOf } from '../errors/message-of';
import { logLine } from '../logging/log-line';
import { NPlusOneMode, runInQueryScope } from '../observability/query-scope';
import { WorkflowDefinition, WorkflowTuning } from '../workflows/workflow-definition';
import { Acknowledger } from './acknowledgement';
import { BackoffSettings } from './backoff';
import { BatchProgress, batchSignals, createBatchContext } from './batch-context';
import { Id, LeaseKeeper } from './lease-keeper';
import { buildLoopStatements, LoopStatements } from './loop-sql';
import { Outcome, outcome, WorkflowHandler } from './outcome';

export interface LoopOptions {
  /** Written to the lease owner column; unique per process. */
  readonly owner: string;
  readonly tuning: WorkflowTuning;
  readonly backoff?: BackoffSettings;
  readonly nPlusOne?: NPlusOneMode;
  readonly random?: () => number;
}

export interface TickResult {
  readonly claimed: number;
  readonly done: number;
  readonly failed: number;
  readonly retried: number;
  readonly released: number;
  /** Rows put back without using an attempt: rate limits (`outcome.defer`) and pauses (`outcome.pause`). */
  readonly deferred: number;
  /** Rows acknowledged by nobody: their lease was lost to the sweep while we worked. */
  readonly lost: number;
  /** Set when a handler paused the workflow in this tick: until when, and why. */
  readonly pausedUntil?: Date;
  /** Rows recovered by sweeps since the previous tick. */
  readonly recovered: number;
  readonly durationMs: number;
}

/** A claimed row: the curated row's columns and the flight's state from the queue table. */
type Row = ObjectLiteral & { readonly __queue_attempts: number; readonly __queue_lease_expires_at: Date };

/**
 * The batched scheduler loop of one workflow: claim a batch in one statement, hand the full rows to the
 * handler, write every outcome back in one statement (with the handler's own writes in the same
 * transaction, see {@link Acknowledger}), renew every lease it holds while working, cut items at their
 * deadline and batches at their cap, sweep expired leases, stop cleanly. Plain TypeScript: the worker
 * decides when `tick()` and `sweep()` run.
 */
export class SchedulerLoop<E extends ObjectLiteral, R = unknown> {
  private readonly logger: Logger;
  private readonly sql: LoopStatements;
  /** The ticks running now: at most `tuning.batchesInFlight`, each with its own batch. */
  private readonly running = new Set<Promise<TickResult | null>>();
  private again = false;
  private stopping = false;
  /** Aborted when stopping starts: claim and start nothing new. */
  private readonly abort = new AbortController();
  /** Aborted when stop() stops waiting for the running batch: its items end now. */
  private readonly abandon = new AbortController();
  private recoveredSinceTick = 0;
  private readonly leases: LeaseKeeper;
  private readonly acknowledger: Acknowledger<E, R>;
  private scheduled = 0;
  /** The next batch, claimed while the current one is acknowledged (drain mode only). */
  private prefetched: Promise<E[]> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    readonly definition: WorkflowDefinition<E>,
    private readonly handler: WorkflowHandler<E, R>,
    private readonly options: LoopOptions,
  ) {
    this.logger = new Logger(definition.id);
    this.sql = buildLoopStatements(definition as WorkflowDefinition);
    const { tuning } = options;
    this.leases = new LeaseKeeper((ids) => this.renew(ids), {
      leaseMs: tuning.leaseMs,
      intervalMs: Math.max(50, Math.floor(tuning.leaseMs / 3)),
      onLost: (ids) =>
        this.logger.warn(
          `${ids.length} leases were lost to the sweep while held (the event loop or the database stalled for longer than ${tuning.leaseMs} ms)`,
        ),
    });
    this.acknowledger = new Acknowledger(
      dataSource,
      definition,
      this.sql,
      handler,
      { owner: options.owner, maxAttempts: tuning.maxAttempts, backoff: options.backoff, random: options.random },
      this.logger,
    );
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Runs one tick unless `batchesInFlight` are already running, in which case exactly one more runs after
   * one of them ends (so a notification is never lost). Never throws: a failing tick is logged and the next
   * one tries again.
   */
  async tick(): Promise<TickResult | null> {
    if (this.stopping) return null;
    if (this.running.size >= this.slots) {
      this.again = true;
      return null;
    }
    // A tick started by this one from inside its query scope would run in that scope and count its statements
    // there too, a chain of scopes as long as the drain: the ticks it starts run in the context of this call.
    const startAnother = AsyncResource.bind(() => this.scheduleTick());
    const run = this.runTick(startAnother).catch((error: unknown) => {
      this.logger.error(`tick failed: ${messageOf(error)}`);
      return null;
    });
    this.running.add(run);
    try {
      return await run;
    } finally {
      this.running.delete(run);
      if (this.again && !this.stopping) {
        this.again = false;
        this.scheduleTick();
      }
    }
  }

  /** Resolves once no tick is running or scheduled (tests and orderly shutdowns use it). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0 || this.scheduled > 0) {
      await (this.running.size > 0
        ? Promise.race(this.running)
        : new Promise<void>((resolve) => setImmediate(() => resolve())));
    }
  }

  private get slots(): number {
    return this.options.tuning.batchesInFlight;
  }

  private scheduleTick(): void {
    this.scheduled += 1;
    setImmediate(() => {
      this.scheduled -= 1;
      void this.tick();
    });
  }

  /** Returns rows whose lease expired to the queue (or fails them after max attempts). */
  async sweep(): Promise<number> {
    if (this.stopping) return 0;
    const d = this.definition.processing;
    try {
      const rows = await sqlRows<{ id: Id; status: string }>(this.dataSource, this.sql.sweep, [
        d.failed,
        d.queued,
        this.options.tuning.maxAttempts,
      ]);
      if (rows.length > 0) {
        const failed = rows.filter((r) => r.status === d.failed).length;
        this.logger.warn(
          `recovered ${rows.length} rows whose lease expired (${rows.length - failed} queued again, ${failed} failed after max attempts)`,
        );
        this.recoveredSinceTick += rows.length;
        if (failed < rows.length) void this.tick();
      }
      return rows.length;
    } catch (error) {
      this.logger.error(`sweep failed: ${messageOf(error)}`);
      return 0;
    }
  }

  /**
   * Stops claiming at once, lets the running batch finish until `deadlineMs`, releases its unstarted
   * items, and after the deadline returns every row this owner still holds to the queue.
   */
  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.running.size > 0) {
      const running = Promise.all(this.running);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        running.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadlineMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.logger.warn(`batch still running after ${deadlineMs} ms: returning its rows to the queue`);
        this.abandon.abort(new Error(`the worker shut down before finishing (waited ${deadlineMs} ms)`));
      }
    }
    // A batch claimed ahead for the next tick was never started: back to the queue, attempt refunded.
    await this.releasePrefetched();
    // A batch abandoned at the deadline must not keep its lease alive.
    this.leases.stop();
    const d = this.definition.processing;
    const released = await sqlRows<{ id: Id }>(this.dataSource, this.sql.releaseOwned, [
      d.queued,
      this.options.owner,
      'the worker shut down before finishing',
      d.failed,
      this.options.tuning.maxAttempts,
    ]);
    if (released.length > 0) this.logger.warn(`returned ${released.length} unfinished rows to the queue at shutdown`);
  }

  private async runTick(startAnother: () => void): Promise<TickResult | null> {
    const started = Date.now();
    return runInQueryScope(
      `tick ${this.definition.id}`,
      this.options.nPlusOne ?? NPlusOneMode.Off,
      async () => {
        const prefetched = this.prefetched;
        this.prefetched = null;
        const claimed = prefetched ? await prefetched : await this.claim();
        // A batch claimed ahead may have waited a whole batch long: work only on rows whose lease we still
        // hold. A fresh claim set its lease a moment ago, so the happy path costs no extra statement.
        const { rows, lost } = prefetched ? await this.keepOwned(claimed) : { rows: claimed, lost: 0 };
        if (rows.length === 0) {
          const recovered = this.takeRecovered();
          if (recovered > 0 || lost > 0)
            this.logger.log(
              logLine(`tick: claimed=0 recovered=${recovered}${lost ? ` lost=${lost}` : ''}`, {
                workflow: this.definition.id,
                claimed: 0,
                recovered,
                lost,
              }),
            );
          return lost > 0
            ? {
                claimed: 0,
                done: 0,
                failed: 0,
                retried: 0,
                released: 0,
                deferred: 0,
                lost,
                recovered,
                durationMs: Date.now() - started,
              }
            : null;
        }
        if (claimed.length >= this.options.tuning.batchSize && !this.stopping) {
          // A full batch means more is waiting. With one batch in flight, the next one is claimed while this
          // one is processed and acknowledged, so the two round trips overlap (the next tick starts with it).
          // With more, a free slot starts a tick of its own now, and a full house one more when a tick ends.
          if (this.slots === 1) {
            this.again = true;
            this.prefetched = this.prefetchNext();
          } else if (this.running.size < this.slots) startAnother();
          else this.again = true;
        }
        const ids = this.idsOf(rows);
        let outcomes: readonly Outcome<R>[];
        try {
          outcomes = await this.process(rows);
        } finally {
          this.leases.drop(ids);
        }
        // stop() gave up waiting for this batch and returns its rows to the queue itself.
        if (this.abandon.signal.aborted) return null;
        const { pause, ...counts } = await this.acknowledger.acknowledge(rows, outcomes);
        const pausedUntil = pause ? await this.pause(pause.reason, pause.delayMs) : undefined;
        if (pause) await this.releasePrefetched();
        const result: TickResult = {
          claimed: rows.length,
          ...counts,
          lost: counts.lost + lost,
          ...(pausedUntil ? { pausedUntil } : {}),
          recovered: this.takeRecovered(),
          durationMs: Date.now() - started,
        };
        // The same text in pretty mode; in JSON mode the counts are fields too (docs/operations.md, Logs).
        this.logger.log(
          logLine(
            `tick: claimed=${result.claimed} done=${result.done} failed=${result.failed} retried=${result.retried} released=${result.released}${result.deferred ? ` deferred=${result.deferred}` : ''} recovered=${result.recovered}${result.lost ? ` lost=${result.lost}` : ''} duration=${result.durationMs}ms`,
            { workflow: this.definition.id, ...result },
          ),
        );
        return result;
      },
      (message) => this.logger.warn(message),
    );
  }

  /**
   * Stops every worker claiming for this workflow until the pause ends (the claim reads `workflow_pauses`).
   * The rows already claimed were deferred by the acknowledgement; a longer pause already in place stays.
   */
  private async pause(reason: string, delayMs: number): Promise<Date | undefined> {
    try {
      const [row] = await sqlRows<{ paused_until: Date }>(this.dataSource, this.sql.pause, [
        delayMs,
        reason,
        this.options.owner,
      ]);
      this.logger.warn(`paused until ${row.paused_until.toISOString()}: ${reason}`);
      return row.paused_until;
    } catch (error) {
      // The deferred rows still wait out the delay; only the other queued rows may be claimed meanwhile.
      this.logger.error(`could not record the pause (${messageOf(error)}): ${reason}`);
      return undefined;
    }
  }

  /** The batch claimed ahead goes back unstarted (attempts refunded): after a pause it would only be refused. */
  private async releasePrefetched(): Promise<void> {
    const prefetched = this.prefetched ? await this.prefetched : [];
    this.prefetched = null;
    if (prefetched.length > 0)
      await this.acknowledger.acknowledge(
        prefetched,
        prefetched.map(() => outcome.release()),
      );
  }

  private async claim(): Promise<E[]> {
    const since = performance.now();
    return this.held(await sqlRows<Row>(this.dataSource, this.sql.claim, this.claimParameters()), since);
  }

  /**
   * The same claim, for the next tick; a call site of its own, so the N+1 detector tells the two apart.
   * Its leases are renewed from the moment it is claimed, however long the current batch takes.
   */
  private prefetchNext(): Promise<E[]> {
    const since = performance.now();
    return sqlRows<Row>(this.dataSource, this.sql.claim, this.claimParameters()).then(
      (rows) => this.held(rows, since),
      (error: unknown) => {
        this.logger.error(`claiming the next batch failed: ${messageOf(error)}`);
        return [];
      },
    );
  }

  private claimParameters(): unknown[] {
    const { tuning, owner } = this.options;
    return [owner, tuning.leaseMs, tuning.batchSize];
  }

  /** Claimed rows as entities, their leases (set no earlier than `since`) kept alive from now on. */
  private held(rows: Row[], since: number): E[] {
    const metadata = this.dataSource.getMetadata(this.definition.entity);
    const def = this.definition;
    // Entity property names are the column names, so a `t.*` row is already entity-shaped. The flight's state
    // is in the queue table; the handler sees it on the row as it did when the claim wrote the curated row.
    const entities = rows.map(({ __queue_attempts, __queue_lease_expires_at, ...row }) =>
      Object.assign(metadata.create() as E, row, {
        [def.processing.column]: def.processing.processing,
        [def.leaseColumns.attempts]: __queue_attempts,
        [def.leaseColumns.lockedBy]: this.options.owner,
        [def.leaseColumns.leaseExpiresAt]: __queue_lease_expires_at,
      }),
    );
    this.leases.hold(this.idsOf(entities), since);
    return entities;
  }

  private idsOf(rows: readonly E[]): Id[] {
    return rows.map((r) => r[this.definition.idColumn] as Id);
  }

  /**
   * Keeps the rows of a batch claimed ahead that are still ours (renewing them first unless their leases
   * were set recently enough that they cannot have expired); the rest were swept and belong to others.
   */
  private async keepOwned(rows: E[]): Promise<{ rows: E[]; lost: number }> {
    if (rows.length === 0) return { rows, lost: 0 };
    try {
      const { won, lost } = await this.leases.confirm(this.idsOf(rows));
      if (lost.length > 0)
        this.logger.warn(
          `${lost.length} rows claimed ahead were lost to the sweep before their turn: dropped without processing`,
        );
      return { rows: rows.filter((r) => won.has(String(r[this.definition.idColumn]))), lost: lost.length };
    } catch (error) {
      // Unknown whether we still own them: work on none; their leases expire and the sweep returns them.
      this.logger.error(`could not renew the batch claimed ahead (${messageOf(error)}): leaving it to the sweep`);
      this.leases.drop(this.idsOf(rows));
      return { rows: [], lost: rows.length };
    }
  }

  /**
   * Runs the handler against the batch's cap. At the cap the batch is cut: running items abort, items
   * that settled keep their outcome, the rest go back as retries, and the loop moves on, whether or not
   * the handler's promise ever settles (its leases are no longer renewed from here).
   */
  private async process(rows: E[]): Promise<readonly Outcome<R>[]> {
    const { tuning } = this.options;
    const signals = batchSignals(this.abort.signal, this.abandon.signal);
    const progress: BatchProgress<E> = { started: new Set(), settled: new Map() };
    const ctx = createBatchContext<E>({
      signals,
      concurrency: tuning.concurrency,
      itemTimeoutMs: tuning.itemTimeoutMs,
      dataSource: this.dataSource,
      progress,
    });
    let timer: NodeJS.Timeout | undefined;
    // The cap, or stop() giving up on the batch at its deadline (which cuts it too).
    const cap = new Promise<'cap'>((resolve) => {
      timer = setTimeout(() => resolve('cap'), tuning.batchTimeoutMs);
      signals.cut.signal.addEventListener('abort', () => resolve('cap'), { once: true });
    });
    const work = (async () => this.handler.process(rows, ctx))().then(
      (outcomes) => ({ outcomes }),
      (error: unknown) => ({ error }),
    );
    try {
      const settled = await Promise.race([work, cap]);
      if (settled === 'cap') {
        const reason = signals.cut.signal.aborted
          ? messageOf(signals.cut.signal.reason)
          : `the batch did not finish within ${tuning.batchTimeoutMs} ms`;
        signals.cut.abort(new Error(reason));
        this.logger.error(
          `${reason}: ${progress.settled.size} of ${rows.length} items had finished; the others go back as retries`,
        );
        return rows.map((row) => (progress.settled.get(row) as Outcome<R> | undefined) ?? outcome.retry(reason));
      }
      if ('error' in settled) {
        this.logger.error(`handler failed for the whole batch: ${messageOf(settled.error)}`);
        return rows.map(() => outcome.retry(messageOf(settled.error)));
      }
      if (settled.outcomes.length !== rows.length) {
        return rows.map(() =>
          outcome.retry(`handler returned ${settled.outcomes.length} outcomes for ${rows.length} items`),
        );
      }
      return settled.outcomes;
    } finally {
      clearTimeout(timer);
      signals.dispose();
    }
  }

  private async renew(ids: readonly Id[]): Promise<readonly Id[]> {
    try {
      const rows = await sqlRows<{ id: Id }>(this.dataSource, this.sql.renew, [
        ids,
        this.options.tuning.leaseMs,
        this.options.owner,
      ]);
      return rows.map((r) => r.id);
    } catch (error) {
      this.logger.warn(`lease renewal failed: ${messageOf(error)}`);
      throw error;
    }
  }

  private takeRecovered(): number {
    const recovered = this.recoveredSinceTick;
    this.recoveredSinceTick = 0;
    return recovered;
  }
}
