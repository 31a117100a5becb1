import { ByteBudget } from './byte-budget';

const pending = async (promise: Promise<unknown>): Promise<boolean> => Promise.race([promise.then(() => false, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20))]);

describe('ByteBudget', () => {
  const never = new AbortController().signal;

  it('reserves up to the capacity and makes the rest wait, in order', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(60, never);
    const big = budget.reserve(80, never);
    const small = budget.reserve(10, never);
    // The small one fits, but waits behind the big one so a stream of small bodies cannot starve it.
    expect(await pending(big)).toBe(true);
    expect(await pending(small)).toBe(true);
    a();
    (await big)();
    (await small)();
    expect({ inUse: budget.inUse, queued: budget.queued }).toEqual({ inUse: 0, queued: 0 });
  });

  it('lets one call larger than the capacity run alone', async () => {
    const budget = new ByteBudget(100);
    const release = await budget.reserve(1_000, never);
    expect(budget.inUse).toBe(100);
    release();
    release();
    expect(budget.inUse).toBe(0);
  });

  it('an aborted reservation leaves the queue and unblocks the ones behind it', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(50, never);
    const controller = new AbortController();
    const big = budget.reserve(100, controller.signal);
    const small = budget.reserve(40, never);
    controller.abort(new Error('deadline'));
    await expect(big).rejects.toThrow('deadline');
    (await small)();
    a();
    expect({ inUse: budget.inUse, queued: budget.queued }).toEqual({ inUse: 0, queued: 0 });
  });
});
