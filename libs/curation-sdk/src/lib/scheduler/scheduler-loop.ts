import { Logger } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import { sqlRows } from '../database/sql-rows';
import { NPlusOneMode, runInQueryScope } from '../observability/query-scope';
import { WorkflowDefinition, WorkflowTuning } from '../workflows/workflow-definition';
import { BackoffSettings, backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
import { createBatchContext } from './batch-context';
import { buildLoopStatements, LoopStatements } from './loop-sql';
import { DoneItem, Outcome, outcome, truncateReason, WorkflowHandler } from './outcome';

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
  /** Rows acknowledged by nobody: their lease was lost to the sweep while we worked. */
  readonly lost: number;
  /** Rows recovered by sweeps since the previous tick. */
  readonly recovered: number;
  readonly durationMs: number;
}

type Row = ObjectLiteral;
type Id = string | number;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The batched scheduler loop of one workflow: claim a batch in one statement, hand the full rows to the
 * handler, write every outcome back in one statement (with the handler's own writes in the same
 * transaction), renew leases while working, sweep expired leases, stop cleanly. Plain TypeScript: the
 * worker decides when `tick()` and `sweep()` run.
 */
export class SchedulerLoop<E extends ObjectLiteral, R = unknown> {
  private readonly logger: Logger;
  private readonly sql: LoopStatements;
  private current: Promise<TickResult | null> | null = null;
  private again = false;
  private stopping = false;
  private readonly abort = new AbortController();
  private recoveredSinceTick = 0;
  private readonly renewals = new Set<NodeJS.Timeout>();
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
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Runs one tick unless one is already running, in which case exactly one more runs after it (so a
   * notification is never lost). Never throws: a failing tick is logged and the next one tries again.
   */
  async tick(): Promise<TickResult | null> {
    if (this.stopping) return null;
    if (this.current) {
      this.again = true;
      return null;
    }
    this.current = this.runTick().catch((error: unknown) => {
      this.logger.error(`tick failed: ${messageOf(error)}`);
      return null;
    });
    try {
      return await this.current;
    } finally {
      this.current = null;
      if (this.again && !this.stopping) {
        this.again = false;
        this.scheduled += 1;
        setImmediate(() => {
          this.scheduled -= 1;
          void this.tick();
        });
      }
    }
  }

  /** Resolves once no tick is running or scheduled (tests and orderly shutdowns use it). */
  async whenIdle(): Promise<void> {
    while (this.current || this.scheduled > 0) {
      await (this.current ?? new Promise<void>((resolve) => setImmediate(() => resolve())));
    }
  }

  /** Returns rows whose lease expired to the queue (or fails them after max attempts). */
  async sweep(): Promise<number> {
    if (this.stopping) return 0;
    const d = this.definition.processing;
    try {
      const rows = await sqlRows<{ id: Id; status: string }>(this.dataSource, this.sql.sweep, [
        d.processing,
        d.failed,
        d.queued,
        this.options.tuning.maxAttempts,
        this.options.tuning.leaseMs,
      ]);
      if (rows.length > 0) {
        const failed = rows.filter((r) => r.status === d.failed).length;
        this.logger.warn(`recovered ${rows.length} rows whose lease expired (${rows.length - failed} queued again, ${failed} failed after max attempts)`);
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
    const running = this.current;
    if (running) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        running.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadlineMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) this.logger.warn(`batch still running after ${deadlineMs} ms: returning its rows to the queue`);
    }
    // A batch claimed ahead for the next tick was never started: back to the queue, attempt refunded.
    const prefetched = this.prefetched ? await this.prefetched : [];
    this.prefetched = null;
    if (prefetched.length > 0) await this.acknowledge(prefetched, prefetched.map(() => outcome.release()), Date.now());
    // A batch abandoned at the deadline must not keep its lease alive.
    this.renewals.forEach((timer) => clearInterval(timer));
    this.renewals.clear();
    const d = this.definition.processing;
    const released = await sqlRows<{ id: Id }>(this.dataSource, this.sql.releaseOwned, [
      d.processing,
      d.queued,
      this.options.owner,
      'the worker shut down before finishing; queued again',
    ]);
    if (released.length > 0) this.logger.warn(`returned ${released.length} unfinished rows to the queue at shutdown`);
  }

  private async runTick(): Promise<TickResult | null> {
    const started = Date.now();
    return runInQueryScope(
      `tick ${this.definition.id}`,
      this.options.nPlusOne ?? NPlusOneMode.Off,
      async () => {
        const rows = this.prefetched ? await this.prefetched : await this.claim();
        this.prefetched = null;
        if (rows.length === 0) {
          const recovered = this.takeRecovered();
          if (recovered > 0) this.logger.log(`tick: claimed=0 recovered=${recovered}`);
          return null;
        }
        if (rows.length >= this.options.tuning.batchSize) {
          // A full batch means more is waiting: claim the next one while this one is processed and
          // acknowledged, so the two round trips overlap (the next tick starts with it).
          this.again = true;
          if (!this.stopping) this.prefetched = this.prefetchNext();
        }
        const ids = rows.map((r) => r[this.definition.idColumn] as Id);
        const renewal = setInterval(() => void this.renew(ids), Math.max(50, Math.floor(this.options.tuning.leaseMs / 3)));
        this.renewals.add(renewal);
        let outcomes: readonly Outcome<R>[];
        try {
          outcomes = await this.process(rows);
        } finally {
          clearInterval(renewal);
          this.renewals.delete(renewal);
        }
        const result = await this.acknowledge(rows, outcomes, started);
        this.logger.log(
          `tick: claimed=${result.claimed} done=${result.done} failed=${result.failed} retried=${result.retried} released=${result.released} recovered=${result.recovered}${result.lost ? ` lost=${result.lost}` : ''} duration=${result.durationMs}ms`,
        );
        return result;
      },
      (message) => this.logger.warn(message),
    );
  }

  private async claim(): Promise<E[]> {
    return this.toEntities(await sqlRows<Row>(this.dataSource, this.sql.claim, this.claimParameters()));
  }

  /** The same claim, for the next tick; a call site of its own, so the N+1 detector tells the two apart. */
  private prefetchNext(): Promise<E[]> {
    return sqlRows<Row>(this.dataSource, this.sql.claim, this.claimParameters()).then(
      (rows) => this.toEntities(rows),
      (error: unknown) => {
        this.logger.error(`claiming the next batch failed: ${messageOf(error)}`);
        return [];
      },
    );
  }

  private claimParameters(): unknown[] {
    const d = this.definition.processing;
    const { tuning, owner } = this.options;
    return [d.processing, owner, tuning.leaseMs, d.queued, tuning.batchSize];
  }

  private toEntities(rows: Row[]): E[] {
    const metadata = this.dataSource.getMetadata(this.definition.entity);
    // Entity property names are the column names, so a RETURNING * row is already entity-shaped.
    return rows.map((row) => Object.assign(metadata.create() as E, row));
  }

  private async process(rows: E[]): Promise<readonly Outcome<R>[]> {
    const started = new Set<E>();
    const ctx = createBatchContext<E>(this.abort.signal, this.options.tuning.concurrency, started, this.dataSource);
    try {
      const outcomes = await this.handler.process(rows, ctx);
      if (outcomes.length !== rows.length) {
        return rows.map(() => outcome.retry(`handler returned ${outcomes.length} outcomes for ${rows.length} items`));
      }
      return outcomes;
    } catch (error) {
      this.logger.error(`handler failed for the whole batch: ${messageOf(error)}`);
      return rows.map(() => outcome.retry(messageOf(error)));
    }
  }

  private async renew(ids: readonly Id[]): Promise<void> {
    try {
      await this.dataSource.query(this.sql.renew, [ids, this.options.tuning.leaseMs, this.definition.processing.processing, this.options.owner]);
    } catch (error) {
      this.logger.warn(`lease renewal failed: ${messageOf(error)}`);
    }
  }

  private async acknowledge(rows: E[], outcomes: readonly Outcome<R>[], started: number): Promise<TickResult> {
    const { maxAttempts } = this.options.tuning;
    const idCol = this.definition.idColumn;
    const attemptsCol = this.definition.leaseColumns.attempts;
    const ids: Id[] = [];
    const kinds: string[] = [];
    const reasons: (string | null)[] = [];
    const delays: number[] = [];
    const counts = { done: 0, failed: 0, retried: 0, released: 0 };
    const done: DoneItem<E, R>[] = [];
    rows.forEach((row, i) => {
      const o = outcomes[i];
      const attempts = Number(row[attemptsCol]);
      ids.push(row[idCol] as Id);
      if (o.kind === 'retry' && attempts >= maxAttempts) {
        kinds.push('fail');
        reasons.push(truncateReason(`gave up after ${attempts} attempts: ${o.reason}`));
        delays.push(0);
        counts.failed += 1;
      } else if (o.kind === 'retry') {
        kinds.push('retry');
        reasons.push(truncateReason(o.reason));
        delays.push(o.delayMs ?? backoffDelayMs(attempts, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random));
        counts.retried += 1;
      } else {
        kinds.push(o.kind);
        reasons.push(o.kind === 'fail' ? truncateReason(o.reason) : null);
        delays.push(0);
        if (o.kind === 'done') {
          counts.done += 1;
          done.push({ item: row, result: o.result });
        } else if (o.kind === 'fail') counts.failed += 1;
        else counts.released += 1;
      }
      this.logger.debug(`${String(row[idCol])}: ${kinds[i]}${reasons[i] ? ` (${reasons[i]})` : ''}`);
    });
    const d = this.definition.processing;
    const params = (k: readonly string[], r: readonly (string | null)[]) => [ids, k, r, delays, d.done, d.failed, d.queued, d.processing, this.options.owner];
    let acknowledged: number;
    const persist = done.length > 0 ? this.handler.persist?.bind(this.handler) : undefined;
    try {
      // One statement needs no transaction; the handler's writes and the acknowledgement commit together.
      acknowledged = persist
        ? await this.dataSource.transaction(async (manager) => {
            await persist(manager, done);
            return (await sqlRows(manager, this.sql.acknowledge, params(kinds, reasons))).length;
          })
        : (await sqlRows(this.dataSource, this.sql.acknowledge, params(kinds, reasons))).length;
    } catch (error) {
      // The handler's writes rolled back with the acknowledgement: retry the done items, keep the rest.
      const reason = truncateReason(`could not save the results: ${messageOf(error)}`);
      this.logger.error(reason);
      const retryKinds = kinds.map((k) => (k === 'done' ? 'retry' : k));
      const retryReasons = reasons.map((r, i) => (kinds[i] === 'done' ? reason : r));
      rows.forEach((row, i) => {
        if (kinds[i] === 'done') delays[i] = backoffDelayMs(Number(row[attemptsCol]), this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
      });
      const acked = await sqlRows(this.dataSource, this.sql.acknowledge, params(retryKinds, retryReasons));
      acknowledged = acked.length;
      counts.retried += counts.done;
      counts.done = 0;
    }
    const lost = rows.length - acknowledged;
    if (lost > 0) this.logger.warn(`${lost} rows were no longer ours when acknowledging (lease expired and swept): their outcome was dropped`);
    return { claimed: rows.length, ...counts, lost, recovered: this.takeRecovered(), durationMs: Date.now() - started };
  }

  private takeRecovered(): number {
    const recovered = this.recoveredSinceTick;
    this.recoveredSinceTick = 0;
    return recovered;
  }
}
