import { performance } from 'node:perf_hooks';

export type Id = string | number;

/** Renews the given leases and returns the ids whose renewal this worker won (rows it still owns). */
export type RenewLeases = (ids: readonly Id[]) => Promise<readonly Id[]>;

export interface LeaseKeeperOptions {
  /** How long a claim or renewal is trusted by the database (the workflow's lease). */
  readonly leaseMs: number;
  /** Gap between renewals of everything held. */
  readonly intervalMs: number;
  readonly onLost: (ids: readonly Id[]) => void;
}

/**
 * Keeps every lease the loop holds alive: the batch being worked on and the batch claimed ahead for the
 * next tick, from the moment each is claimed until it is given up. One renewal statement covers them
 * all; a renewal is never started while the previous one is still running.
 *
 * It also remembers, per row, when its lease was last set (taken *before* the statement was sent, so the
 * database's expiry is at least that moment plus the lease). Only the sweep can take a row from its
 * owner, and only once the lease has expired, so a row whose lease was set less than half a lease ago is
 * still ours without asking the database: {@link confirm} then costs no statement.
 */
export class LeaseKeeper {
  private readonly held = new Map<Id, number>();
  private timer: NodeJS.Timeout | null = null;
  private renewing = false;

  constructor(
    private readonly renew: RenewLeases,
    private readonly options: LeaseKeeperOptions,
  ) {}

  /** Starts keeping `ids`, whose lease the database set no earlier than `since` (a `performance.now()` reading). */
  hold(ids: readonly Id[], since: number): void {
    for (const id of ids) this.held.set(id, since);
    if (this.held.size > 0 && !this.timer)
      this.timer = setInterval(() => void this.renewHeld(), this.options.intervalMs);
  }

  drop(ids: readonly Id[]): void {
    for (const id of ids) this.held.delete(id);
    if (this.held.size === 0) this.stop();
  }

  /**
   * The held rows among `ids` that are still ours; the others are dropped and returned as lost. Asks the
   * database (one renewal) only when some lease may have expired since it was last set.
   */
  async confirm(ids: readonly Id[]): Promise<{ won: Set<string>; lost: Id[] }> {
    const trusted = performance.now() - this.options.leaseMs / 2;
    if (ids.every((id) => (this.held.get(id) ?? -Infinity) > trusted))
      return { won: new Set(ids.map(String)), lost: [] };
    const since = performance.now();
    const won = new Set((await this.renew(ids)).map(String));
    const lost = ids.filter((id) => !won.has(String(id)));
    this.drop(lost);
    this.markRenewed(ids, won, since);
    return { won, lost };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held.clear();
  }

  private markRenewed(ids: readonly Id[], won: Set<string>, since: number): void {
    for (const id of ids) if (won.has(String(id)) && this.held.has(id)) this.held.set(id, since);
  }

  private async renewHeld(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const ids = [...this.held.keys()];
      const since = performance.now();
      const won = new Set((await this.renew(ids)).map(String));
      // Only ids still held: a batch acknowledged while the renewal ran is not "lost".
      const lost = ids.filter((id) => !won.has(String(id)) && this.held.has(id));
      if (lost.length > 0) {
        this.drop(lost);
        this.options.onLost(lost);
      }
      this.markRenewed(ids, won, since);
    } catch {
      // The caller's renew logs its own failures; the next interval tries again.
    } finally {
      this.renewing = false;
    }
  }
}
