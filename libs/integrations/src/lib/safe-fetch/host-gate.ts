interface Waiter {
  grant(): void;
}

interface HostState {
  active: number;
  waiting: Waiter[];
  /** performance.now() of the latest start given out (possibly still ahead); the next one is spaced from it. */
  lastStartAt: number;
}

/** Why {@link HostGate.acquire} gave up: its wait bound passed, or the caller's signal aborted. */
export class HostGateWaitError extends Error {
  override readonly name = 'HostGateWaitError';

  constructor(
    readonly reason: 'timeout' | 'aborted',
    readonly host: string,
    readonly waitedMs: number,
  ) {
    super(
      reason === 'timeout'
        ? `waited ${waitedMs} ms for a turn at ${host}`
        : `stopped after waiting ${waitedMs} ms for a turn at ${host}`,
    );
  }
}

export interface HostGateWait {
  /** Gives up (and leaves the queue) when it aborts. */
  signal?: AbortSignal;
  /** Longest wait for a slot plus the start spacing; default {@link HostGate.maxWaitMs}. */
  maxWaitMs?: number;
}

/** A host's start spacing in ms: one for all, or read per host when a start is given (a robots.txt Crawl-delay). */
export type HostDelay = number | ((host: string) => number);

/**
 * Politeness per host name: at most `concurrency` requests in flight and starts spaced by at least `delayMs`, so a
 * batch of pages from one site does not hammer it. A wait is bounded (`maxWaitMs`) and abortable: a busy host turns
 * into a retryable failure instead of a request queued for as long as the queue ahead of it takes. A per-host delay
 * is read when a start is given out, so a start follows the one before by the delay known then, not when that one
 * was given: the request after a robots.txt read already keeps the Crawl-delay it named.
 */
export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly delayOf: (host: string) => number;

  constructor(
    private readonly concurrency: number,
    delayMs: HostDelay,
    readonly maxWaitMs: number = Number.POSITIVE_INFINITY,
  ) {
    this.delayOf = typeof delayMs === 'number' ? () => delayMs : delayMs;
  }

  /**
   * Resolves with the release function once the caller may start; call it exactly once when done. Rejects with
   * {@link HostGateWaitError} when the wait bound passes or the signal aborts first; nothing is held then.
   */
  async acquire(host: string, wait: HostGateWait = {}): Promise<() => void> {
    const key = host.toLowerCase();
    const started = performance.now();
    const maxWaitMs = wait.maxWaitMs ?? this.maxWaitMs;
    const giveUp = (cause: 'timeout' | 'aborted') =>
      new HostGateWaitError(cause, key, Math.round(performance.now() - started));
    if (wait.signal?.aborted) throw giveUp('aborted');
    let state = this.hosts.get(key);
    if (!state) {
      if (this.hosts.size >= PRUNE_AT) this.prune();
      state = { active: 0, waiting: [], lastStartAt: Number.NEGATIVE_INFINITY };
      this.hosts.set(key, state);
    }
    const held = state;
    if (held.active >= this.concurrency) await this.queue(held, maxWaitMs, wait.signal, giveUp);
    else held.active += 1;
    // The slot is held from here; the spacing is reserved synchronously so concurrent holders queue behind each other.
    const release = this.releaser(key, held);
    const now = performance.now();
    const startAt = Math.max(now, held.lastStartAt + Math.max(0, this.delayOf(key)));
    held.lastStartAt = startAt;
    if (startAt > now) {
      const left = maxWaitMs - (now - started);
      const outcome = await pause(Math.ceil(startAt - now), left, wait.signal);
      if (outcome !== 'started') {
        release();
        throw giveUp(outcome);
      }
    }
    return release;
  }

  /** Requests holding a slot and requests queued for `host`; for tests and diagnostics. */
  load(host: string): { active: number; waiting: number } {
    const state = this.hosts.get(host.toLowerCase());
    return { active: state?.active ?? 0, waiting: state?.waiting.length ?? 0 };
  }

  /** Waits in `held`'s queue until a releaser hands over its slot; on give-up, leaves the queue holding nothing. */
  private queue(
    held: HostState,
    maxWaitMs: number,
    signal: AbortSignal | undefined,
    giveUp: (cause: 'timeout' | 'aborted') => HostGateWaitError,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const leave = (cause: 'timeout' | 'aborted') => {
        // A granted waiter has already left the queue and cleared its timer and listener, so it never gets here.
        held.waiting.splice(held.waiting.indexOf(waiter), 1);
        settle();
        reject(giveUp(cause));
      };
      const onAbort = () => leave('aborted');
      const waiter: Waiter = {
        grant: () => {
          settle();
          resolve();
        },
      };
      held.waiting.push(waiter);
      if (Number.isFinite(maxWaitMs)) timer = setTimeout(() => leave('timeout'), Math.max(0, maxWaitMs));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(key: string, held: HostState): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = held.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next.grant();
      else {
        held.active -= 1;
        if (held.active === 0 && this.spaced(key, held, performance.now()) && this.hosts.get(key) === held)
          this.hosts.delete(key);
      }
    };
  }

  /** Idle hosts whose delay has passed carry no information; a crawl over many domains would otherwise keep them all. */
  private prune(): void {
    const now = performance.now();
    for (const [key, state] of this.hosts)
      if (state.active === 0 && state.waiting.length === 0 && this.spaced(key, state, now)) this.hosts.delete(key);
  }

  /** Whether the host's spacing has passed, under the delay known now: a start then could follow at once. */
  private spaced(key: string, state: HostState, now: number): boolean {
    return state.lastStartAt + Math.max(0, this.delayOf(key)) <= now;
  }
}

/** Sleeps `ms` unless `leftMs` (the wait bound) runs out first or the signal aborts. */
function pause(
  ms: number,
  leftMs: number,
  signal: AbortSignal | undefined,
): Promise<'started' | 'timeout' | 'aborted'> {
  if (signal?.aborted) return Promise.resolve('aborted');
  const timedOut = ms > leftMs;
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve('aborted');
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(timedOut ? 'timeout' : 'started');
      },
      Math.max(0, Math.min(ms, leftMs)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const PRUNE_AT = 1_000;
