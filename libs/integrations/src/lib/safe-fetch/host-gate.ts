import { setTimeout as sleep } from 'node:timers/promises';

interface HostState {
  active: number;
  waiting: Array<() => void>;
  /** performance.now() before which the next request to this host may not start. */
  nextStartAt: number;
}

/**
 * Politeness per host name: at most `concurrency` requests in flight and starts spaced by at least `delayMs`, so a
 * batch of pages from one site does not hammer it. Waiting here is unbounded by design; the caller's timeout starts
 * once it holds a slot.
 */
export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly concurrency: number,
    private readonly delayMs: number,
  ) {}

  /** Resolves with the release function once the caller may start; call it exactly once when done. */
  async acquire(host: string): Promise<() => void> {
    const key = host.toLowerCase();
    let state = this.hosts.get(key);
    if (!state) {
      if (this.hosts.size >= PRUNE_AT) this.prune();
      state = { active: 0, waiting: [], nextStartAt: 0 };
      this.hosts.set(key, state);
    }
    const held = state;
    if (held.active >= this.concurrency) await new Promise<void>((resolve) => held.waiting.push(resolve));
    else held.active += 1;
    // The slot is held from here; the spacing is reserved synchronously so concurrent holders queue behind each other.
    const now = performance.now();
    const startAt = Math.max(now, held.nextStartAt);
    held.nextStartAt = startAt + this.delayMs;
    if (startAt > now) await sleep(Math.ceil(startAt - now));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = held.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else {
        held.active -= 1;
        if (held.active === 0 && held.nextStartAt <= performance.now()) this.hosts.delete(key);
      }
    };
  }

  /** Idle hosts whose delay has passed carry no information; a crawl over many domains would otherwise keep them all. */
  private prune(): void {
    const now = performance.now();
    for (const [key, state] of this.hosts) if (state.active === 0 && state.nextStartAt <= now) this.hosts.delete(key);
  }
}

const PRUNE_AT = 1_000;
