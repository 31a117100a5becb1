import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { HostBudget, HostGateWaitError, HostTurn } from '@curation/integrations';

import { messageOf } from '../errors/message-of';
import { PRUNE_SQL, RELEASE_SQL, slotLockName, TAKE_SLOT_SQL, UNLOCK_SQL } from './host-politeness.sql';

export interface PostgresHostBudgetOptions {
  /**
   * A session connection, not a transaction-mode pooler: the slots are session advisory locks (DATABASE_LISTEN_URL
   * is such a connection).
   */
  url: string;
  applicationName?: string;
  /** Per statement; a take waits at most for another worker's take of the same site. Default 5 000. */
  statementTimeoutMs?: number;
  /** Longest pause between two tries while every slot of a site is held elsewhere. Default 250. */
  maxPollMs?: number;
}

/** One connection and the slots it holds; its locks end with it. */
interface Session {
  readonly client: Client;
  /** Slots held (or being taken) through this session, per site: a session's advisory locks stack, so it must not take one twice. */
  readonly held: Map<string, Set<number>>;
  dead: boolean;
}

type Attempt = { release: () => void } | { waitMs: number; busy: boolean };

const MIN_POLL_MS = 10;
const PRUNE_EVERY_MS = 5 * 60_000;

/**
 * The per-site budget of every worker, kept in PostgreSQL. A turn is taken in one statement, only when it may start
 * now: a concurrency slot (session advisory lock `host_politeness:<site>#<slot>`) and the site's start spacing
 * (`host_politeness.next_allowed_at`, advanced under its row lock). Taking a turn at the moment it starts, instead of
 * booking a future start, keeps a late timer from shrinking the gap; giving it back (one statement too) also moves
 * the next start to the delay after the answer, so a worker that stalled between its turn and its request cannot
 * bring two requests closer than the delay either. That delay is read when the turn is given back: a turn that read
 * the site's robots.txt spaces the next start, whichever worker sends it, by the Crawl-delay the file named, and
 * each worker asks for that delay on every turn once it knows the file. A worker that dies (SIGKILL included) drops
 * its connection and with it every slot it held; the spacing row holds a time, never a claim, so nothing leaks.
 */
export class PostgresHostBudget implements HostBudget {
  private readonly logger = new Logger('HostPoliteness');
  private readonly statementTimeoutMs: number;
  private readonly maxPollMs: number;
  private current: Session | null = null;
  private opening: Promise<Session> | null = null;
  private closed = false;
  private lastPruneAt = performance.now();

  constructor(private readonly options: PostgresHostBudgetOptions) {
    this.statementTimeoutMs = options.statementTimeoutMs ?? 5_000;
    this.maxPollMs = options.maxPollMs ?? 250;
  }

  async acquire(hostKey: string, turn: HostTurn): Promise<() => void> {
    const started = performance.now();
    const giveUp = (reason: 'timeout' | 'aborted') =>
      new HostGateWaitError(reason, hostKey, Math.round(performance.now() - started));
    const concurrency = Math.max(1, Math.floor(turn.concurrency));
    const delayMs = Math.max(0, Math.round(turn.delayMs));
    let pollMs = MIN_POLL_MS;
    for (;;) {
      if (turn.signal?.aborted) throw giveUp('aborted');
      const attempt = await this.attempt(hostKey, concurrency, delayMs, turn.delayAfterMs);
      if ('release' in attempt) return attempt.release;
      let waitMs = Math.max(MIN_POLL_MS, attempt.waitMs);
      if (attempt.busy) {
        // Nobody says when a slot frees: poll, backing off, jittered so the waiting workers do not move in step.
        waitMs = Math.max(waitMs, Math.round(pollMs * (0.75 + Math.random() / 2)));
        pollMs = Math.min(pollMs * 2, this.maxPollMs);
      }
      const leftMs = turn.maxWaitMs - (performance.now() - started);
      // The spacing is known: a start past the bound cannot come sooner, so there is no point in waiting for it.
      if (leftMs <= 0 || (!attempt.busy && waitMs > leftMs)) throw giveUp('timeout');
      if (!(await pause(Math.min(waitMs, leftMs), turn.signal))) throw giveUp('aborted');
    }
  }

  /** Ends the connection, which frees every slot it still holds. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.current) this.drop(this.current);
    // A connection still opening is ended as soon as it opens.
    await this.opening?.catch(() => undefined);
  }

  /** One try at each slot this session does not hold, from a random one, until one starts or all are held. */
  private async attempt(
    hostKey: string,
    concurrency: number,
    delayMs: number,
    delayAfterMs: (() => number) | undefined,
  ): Promise<Attempt> {
    const session = await this.open();
    this.pruneNowAndThen(session);
    const first = Math.floor(Math.random() * concurrency);
    let waitMs = 0;
    for (let i = 0; i < concurrency; i += 1) {
      const slot = (first + i) % concurrency;
      if (!this.claim(session, hostKey, slot)) continue;
      let row: TakeRow;
      try {
        row = await this.take(session, hostKey, slot, delayMs);
      } catch (error) {
        this.forget(session, hostKey, slot);
        throw error;
      }
      if (row.started) return { release: this.releaser(session, hostKey, slot, delayAfterMs ?? (() => delayMs)) };
      this.forget(session, hostKey, slot);
      waitMs = row.wait_ms;
      // The slot was free but the site's spacing has not passed: every slot waits for the same time.
      if (row.held) return { waitMs, busy: false };
    }
    return { waitMs, busy: true };
  }

  private async take(session: Session, hostKey: string, slot: number, delayMs: number): Promise<TakeRow> {
    try {
      const result = await session.client.query<TakeRow>(TAKE_SLOT_SQL, [
        slotLockName(hostKey, slot),
        hostKey,
        delayMs,
      ]);
      return result.rows[0];
    } catch (error) {
      // A failed statement may still have taken its lock (session locks ignore rollback): give it back, or drop the session.
      await session.client
        .query(UNLOCK_SQL, [slotLockName(hostKey, slot)])
        .catch(() => this.drop(session, `could not give back a slot after: ${messageOf(error)}`));
      throw error;
    }
  }

  /** `delayAfterMs` is read at release: a robots.txt answered in this turn may have named a longer Crawl-delay. */
  private releaser(session: Session, hostKey: string, slot: number, delayAfterMs: () => number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.forget(session, hostKey, slot);
      if (session.dead) return;
      const after = delayAfterMs();
      const delayMs = Number.isFinite(after) ? Math.max(0, Math.round(after)) : 0;
      session.client
        .query(RELEASE_SQL, [slotLockName(hostKey, slot), hostKey, delayMs])
        .catch((error: unknown) => this.drop(session, `could not give back a slot: ${messageOf(error)}`));
    };
  }

  /**
   * Marks `slot` as this session's before its take goes out, so no other call of this process tries it meanwhile;
   * false when one already holds or tries it. Read from the map each time: an emptied set is dropped from it.
   */
  private claim(session: Session, hostKey: string, slot: number): boolean {
    let mine = session.held.get(hostKey);
    if (!mine) {
      mine = new Set();
      session.held.set(hostKey, mine);
    }
    if (mine.has(slot)) return false;
    mine.add(slot);
    return true;
  }

  private forget(session: Session, hostKey: string, slot: number): void {
    const mine = session.held.get(hostKey);
    mine?.delete(slot);
    if (mine?.size === 0) session.held.delete(hostKey);
  }

  private open(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error('the host politeness budget is closed'));
    if (this.current && !this.current.dead) return Promise.resolve(this.current);
    this.opening ??= this.connect().then(
      (session) => {
        this.opening = null;
        if (this.closed) {
          this.drop(session);
          throw new Error('the host politeness budget is closed');
        }
        this.current = session;
        return session;
      },
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }

  private async connect(): Promise<Session> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'curation-worker-politeness',
      statement_timeout: this.statementTimeoutMs,
      keepAlive: true,
    });
    const session: Session = { client, held: new Map(), dead: false };
    client.on('error', (error) => this.drop(session, error.message));
    client.on('end', () => this.drop(session, 'connection ended'));
    try {
      await client.connect();
    } catch (error) {
      // Never opened, so nothing to report as lost: the take that asked fails with this error.
      this.drop(session);
      throw error;
    }
    return session;
  }

  /**
   * Forgets a broken session (its slots went with it; requests holding them finish unaffected) and ends it; the
   * next take opens a new one.
   */
  private drop(session: Session, reason?: string): void {
    if (this.current === session) this.current = null;
    if (session.dead) return;
    session.dead = true;
    if (reason && !this.closed) this.logger.warn(`politeness connection lost (${reason}); the next turn reconnects`);
    session.client.removeAllListeners('end');
    session.client.on('error', () => undefined);
    void session.client.end().catch(() => undefined);
  }

  /** Rows whose time has long passed say nothing; one worker's occasional bounded delete keeps the table small. */
  private pruneNowAndThen(session: Session): void {
    const now = performance.now();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    session.client
      .query(PRUNE_SQL)
      .catch((error: unknown) => this.logger.warn(`could not prune host_politeness: ${messageOf(error)}`));
  }
}

interface TakeRow {
  /** The slot was free. */
  held: boolean;
  /** The slot is kept and the spacing advanced: the request starts now. */
  started: boolean;
  /** Until the site's next start, when it did not start. */
  wait_ms: number;
}

/** True once `ms` passed, false when the signal aborted first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
