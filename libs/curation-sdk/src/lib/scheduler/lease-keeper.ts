export type Id = string | number;

/** Renews the given leases and returns the ids whose renewal this worker won (rows it still owns). */
export type RenewLeases = (ids: readonly Id[]) => Promise<readonly Id[]>;

/**
 * Keeps every lease the loop holds alive: the batch being worked on and the batch claimed ahead for the
 * next tick, from the moment each is claimed until it is given up. One renewal statement covers them
 * all; a renewal is never started while the previous one is still running.
 */
export class LeaseKeeper {
  private readonly held = new Set<Id>();
  private timer: NodeJS.Timeout | null = null;
  private renewing = false;

  constructor(
    private readonly renew: RenewLeases,
    private readonly intervalMs: number,
    private readonly onLost: (ids: readonly Id[]) => void,
  ) {}

  hold(ids: readonly Id[]): void {
    for (const id of ids) this.held.add(id);
    if (this.held.size > 0 && !this.timer) this.timer = setInterval(() => void this.renewHeld(), this.intervalMs);
  }

  drop(ids: readonly Id[]): void {
    for (const id of ids) this.held.delete(id);
    if (this.held.size === 0) this.stop();
  }

  /** Renews `ids` now; those not won are dropped from the held set and returned as lost. */
  async confirm(ids: readonly Id[]): Promise<{ won: Set<string>; lost: Id[] }> {
    const won = new Set((await this.renew(ids)).map(String));
    const lost = ids.filter((id) => !won.has(String(id)));
    this.drop(lost);
    return { won, lost };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held.clear();
  }

  private async renewHeld(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const ids = [...this.held];
      const won = new Set((await this.renew(ids)).map(String));
      // Only ids still held: a batch acknowledged while the renewal ran is not "lost".
      const lost = ids.filter((id) => !won.has(String(id)) && this.held.has(id));
      if (lost.length > 0) {
        this.drop(lost);
        this.onLost(lost);
      }
    } catch {
      // The caller's renew logs its own failures; the next interval tries again.
    } finally {
      this.renewing = false;
    }
  }
}
