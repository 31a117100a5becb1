interface Reservation {
  bytes: number;
  grant(): void;
}

/**
 * Bytes of response bodies being read into memory at once, across every call of one fetcher. A call reserves
 * what its body may grow to (the declared length, else its cap) before reading, so N large bodies in flight
 * cannot together exhaust the heap; the rest wait in order. Reserving up front (not chunk by chunk) means two
 * half-read bodies can never wait for each other's memory.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting: Reservation[] = [];

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with the release function once `bytes` (at most the capacity, so one call always fits alone) are
   * reserved. Rejects with the signal's reason when it aborts first; nothing is held then.
   */
  reserve(bytes: number, signal: AbortSignal): Promise<() => void> {
    const amount = Math.min(Math.max(0, Math.ceil(bytes)), this.capacity);
    if (signal.aborted) return Promise.reject(signal.reason);
    // In order: a large reservation at the head is not starved by a stream of small ones behind it.
    if (this.waiting.length === 0 && this.used + amount <= this.capacity) {
      this.used += amount;
      return Promise.resolve(this.releaser(amount));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(reservation), 1);
        reject(signal.reason);
        // The head may have been the one blocking smaller reservations behind it.
        this.drain();
      };
      const reservation: Reservation = {
        bytes: amount,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser(amount));
        },
      };
      this.waiting.push(reservation);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(amount: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= amount;
      this.drain();
    };
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0].bytes <= this.capacity) {
      const next = this.waiting.shift() as Reservation;
      this.used += next.bytes;
      next.grant();
    }
  }
}
