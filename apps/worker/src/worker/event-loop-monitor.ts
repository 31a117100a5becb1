import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** One health reading: event-loop delay since the previous reading and the process's memory now. */
export interface HealthSample {
  readonly loopP50Ms: number;
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e6);
const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));

/**
 * Event-loop delay as perf_hooks measures it. A blocked loop renews no lease, so a max near the lease
 * length means other workers are about to re-run this worker's rows; RSS near the heap limit means the
 * next big page kills the process.
 */
export class EventLoopMonitor {
  // 10 ms resolution: finer costs wake-ups, and a delay that matters is hundreds of ms.
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** The delay since the previous sample (the histogram starts over), with the memory now. */
  sample(): HealthSample {
    const h = this.histogram;
    const memory = process.memoryUsage();
    const sample: HealthSample = {
      loopP50Ms: h.count > 0 ? ms(h.percentile(50)) : 0,
      loopP99Ms: h.count > 0 ? ms(h.percentile(99)) : 0,
      loopMaxMs: h.count > 0 ? ms(h.max) : 0,
      rssMb: mb(memory.rss),
      heapUsedMb: mb(memory.heapUsed),
    };
    h.reset();
    return sample;
  }
}

/** The log line operators grep and the hostile-web test parses (`HEALTH_LINE`). */
export function formatHealth(s: HealthSample): string {
  return `health: event loop delay p50 ${s.loopP50Ms} ms, p99 ${s.loopP99Ms} ms, max ${s.loopMaxMs} ms; rss ${s.rssMb} MB, heap ${s.heapUsedMb} MB`;
}

export const HEALTH_LINE =
  /health: event loop delay p50 (\d+) ms, p99 (\d+) ms, max (\d+) ms; rss (\d+) MB, heap (\d+) MB/;
