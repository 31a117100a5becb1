import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Requests-per-second limit as even spacing: each caller reserves the next free slot synchronously, then waits for
 * it, so concurrent callers of one client queue up instead of bursting past Google's QPS quota. A limit of 0 (or
 * Infinity) disables it.
 */
export class RequestSpacer {
  private readonly intervalMs: number;
  private nextSlotAt = 0;

  constructor(requestsPerSecond: number) {
    this.intervalMs = requestsPerSecond > 0 && Number.isFinite(requestsPerSecond) ? 1000 / requestsPerSecond : 0;
  }

  async acquire(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = slot + this.intervalMs;
    if (slot > now) await sleep(Math.ceil(slot - now));
  }
}
