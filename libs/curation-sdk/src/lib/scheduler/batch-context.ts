import { setMaxListeners } from 'node:events';

import { DataSource } from 'typeorm';

import { messageOf } from '../errors/message-of';
import { BatchContext, Outcome, outcome } from './outcome';

/** What the loop learns of a batch while it runs, so a batch cut at its cap keeps the work already done. */
export interface BatchProgress<E> {
  readonly started: Set<E>;
  readonly settled: Map<E, Outcome<unknown>>;
}

export interface BatchContextOptions<E> {
  readonly signals: BatchSignals;
  readonly concurrency: number;
  readonly itemTimeoutMs: number;
  readonly dataSource: DataSource;
  readonly progress: BatchProgress<E>;
}

/**
 * An AbortController that also aborts when `parent` does. Listeners are removed by `unlink`, so a
 * long-lived parent does not collect one listener per item (AbortSignal.any keeps dependants alive on
 * Node 20 until the parent is collected).
 */
export function linkedController(parent: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: () => undefined };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/** The two signals of one batch, linked to the loop's own; `dispose` unlinks them when the batch ends. */
export interface BatchSignals {
  /** Start nothing new: the worker is stopping or the batch was cut. */
  readonly starting: AbortSignal;
  /** Running items end now: the batch reached its cap, or the worker stopped waiting for it at shutdown. */
  readonly cut: AbortController;
  dispose(): void;
}

export function batchSignals(shutdown: AbortSignal, abandon: AbortSignal): BatchSignals {
  const cut = linkedController(abandon);
  const starting = linkedController(shutdown);
  // Each running item links to both (one listener each, removed when it settles): a fan-out by design, bounded by
  // the concurrency, not a leak, so Node's warning past 10 listeners would only be noise in the worker's log.
  setMaxListeners(0, cut.controller.signal, starting.controller.signal);
  const onCut = () => starting.controller.abort(cut.controller.signal.reason);
  cut.controller.signal.addEventListener('abort', onCut, { once: true });
  return {
    starting: starting.controller.signal,
    cut: cut.controller,
    dispose: () => {
      cut.unlink();
      starting.unlink();
    },
  };
}

/**
 * Runs one item against its deadline. The item's promise is raced, not trusted: an item that never
 * settles still ends as a retry at its deadline (and its signal aborts, so well-behaved I/O stops too).
 */
function runItem<E, R>(
  item: E,
  fn: (item: E, signal: AbortSignal) => Promise<Outcome<R>> | Outcome<R>,
  cut: AbortSignal,
  timeoutMs: number,
): Promise<Outcome<R>> {
  return new Promise<Outcome<R>>((resolve) => {
    const { controller, unlink } = linkedController(cut);
    function finish(result: Outcome<R>): void {
      clearTimeout(timer);
      unlink();
      resolve(result);
    }
    // The outcome is settled before the signal aborts, so the deadline's own reason wins over whatever
    // error the aborted I/O rejects with a moment later.
    const timer = setTimeout(() => {
      const reason = `did not finish within ${timeoutMs} ms`;
      finish(outcome.retry(reason));
      controller.abort(new Error(reason));
    }, timeoutMs);
    const onAbort = () => finish(outcome.retry(messageOf(controller.signal.reason)));
    if (controller.signal.aborted) return onAbort();
    controller.signal.addEventListener('abort', onAbort, { once: true });
    (async () => fn(item, controller.signal))().then(finish, (error: unknown) =>
      finish(outcome.retry(messageOf(error))),
    );
  });
}

/** The context a loop hands its handler: bounded concurrency, a deadline per item, shutdown-aware. */
export function createBatchContext<E>(options: BatchContextOptions<E>): BatchContext<E> {
  const { signals, concurrency, itemTimeoutMs, dataSource, progress } = options;
  const cut = signals.cut.signal;
  return {
    signal: signals.starting,
    dataSource,
    async eachItem<R>(
      items: readonly E[],
      fn: (item: E, signal: AbortSignal) => Promise<Outcome<R>> | Outcome<R>,
    ): Promise<Outcome<R>[]> {
      const results: (Outcome<R> | undefined)[] = new Array(items.length);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (!signals.starting.aborted && next < items.length) {
          const index = next++;
          progress.started.add(items[index]);
          results[index] = await runItem(items[index], fn, cut, itemTimeoutMs);
          progress.settled.set(items[index], results[index] as Outcome<unknown>);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
      // results may have holes (never-started items); Array.from visits them, map() would skip them
      return Array.from(items, (_, i) => results[i] ?? outcome.release());
    },
  };
}
