interface Request {
  bytes: number;
  grant(): void;
}

/** Held bytes of one body; grows as the body does. */
export interface BudgetHold {
  readonly bytes: number;
  /** Resolves once `bytes` more are held; rejects with {@link BudgetExhausted} or the signal's reason. */
  grow(bytes: number, signal: AbortSignal): Promise<void>;
  /** Gives everything back; idempotent. */
  release(): void;
}

/** Every body holding the budget is waiting to grow: one of them has to give up, and it is the last to ask. */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
}

/**
 * Bytes of response bodies being read into memory at once, across every call of one fetcher, so N large bodies in
 * flight cannot together exhaust the heap. A body holds what it has read so far (its declared length up front when
 * known) and grows in steps; a step that does not fit waits for others to finish. Waits are in order, growth before
 * new bodies, and bounded by the caller's signal. When every holder is waiting to grow, none could ever finish,
 * so the newest request fails at once instead ({@link BudgetExhausted}). A body alone may exceed the capacity.
 */
export class ByteBudget {
  private used = 0;
  private holders = 0;
  private readonly starting: Request[] = [];
  private readonly growing: Request[] = [];

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.starting.length + this.growing.length;
  }

  /** Resolves with a hold of `bytes` (at most the capacity) once they fit; rejects with the signal's reason first. */
  async reserve(bytes: number, signal: AbortSignal): Promise<BudgetHold> {
    const amount = Math.min(Math.max(0, Math.ceil(bytes)), this.capacity);
    if (signal.aborted) throw signal.reason;
    if (this.starting.length > 0 || this.growing.length > 0 || this.used + amount > this.capacity)
      await this.wait(this.starting, amount, signal);
    else this.used += amount;
    this.holders += 1;
    return this.hold(amount);
  }

  private hold(initial: number): BudgetHold {
    let held = initial;
    let released = false;
    return {
      get bytes() {
        return held;
      },
      grow: async (bytes, signal) => {
        const amount = Math.max(0, Math.ceil(bytes));
        if (released) throw new Error('grow after release');
        if (signal.aborted) throw signal.reason;
        // Alone, a body may pass the capacity: nobody else's memory is at stake, and it would otherwise never finish.
        if (this.holders === 1 || (this.growing.length === 0 && this.used + amount <= this.capacity))
          this.used += amount;
        else if (this.growing.length + 1 >= this.holders)
          throw new BudgetExhausted(
            `${this.holders} bodies hold ${this.used} of ${this.capacity} bytes and all wait for more`,
          );
        else await this.wait(this.growing, amount, signal);
        held += amount;
      },
      release: () => {
        if (released) return;
        released = true;
        this.used -= held;
        this.holders -= 1;
        this.drain();
      },
    };
  }

  private wait(queue: Request[], bytes: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        queue.splice(queue.indexOf(request), 1);
        reject(signal.reason);
        // The head may have been the one blocking smaller requests behind it.
        this.drain();
      };
      const request: Request = {
        bytes,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      queue.push(request);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private drain(): void {
    for (const queue of [this.growing, this.starting]) {
      while (queue.length > 0) {
        const next = queue[0];
        const alone = queue === this.growing && this.holders === 1;
        if (!alone && this.used + next.bytes > this.capacity) return;
        queue.shift();
        this.used += next.bytes;
        next.grant();
      }
    }
  }
}
