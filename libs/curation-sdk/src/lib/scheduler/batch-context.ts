import { DataSource } from 'typeorm';
import { BatchContext, Outcome, outcome } from './outcome';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The context a loop hands its handler: bounded concurrency, shutdown-aware. */
export function createBatchContext<E>(signal: AbortSignal, concurrency: number, started: Set<E>, dataSource: DataSource): BatchContext<E> {
  return {
    signal,
    dataSource,
    async eachItem<R>(items: readonly E[], fn: (item: E, signal: AbortSignal) => Promise<Outcome<R>> | Outcome<R>): Promise<Outcome<R>[]> {
      const results: (Outcome<R> | undefined)[] = new Array(items.length);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (!signal.aborted && next < items.length) {
          const index = next++;
          started.add(items[index]);
          try {
            results[index] = await fn(items[index], signal);
          } catch (error) {
            results[index] = outcome.retry(messageOf(error));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
      // results may have holes (never-started items); Array.from visits them, map() would skip them
      return Array.from(items, (_, i) => results[i] ?? outcome.release());
    },
  };
}
