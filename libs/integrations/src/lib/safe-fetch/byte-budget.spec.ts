import { BudgetExhausted, ByteBudget } from './byte-budget';

const pending = async (promise: Promise<unknown>): Promise<boolean> =>
  Promise.race([
    promise.then(
      () => false,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20)),
  ]);

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
    a.release();
    (await big).release();
    (await small).release();
    expect({ inUse: budget.inUse, queued: budget.queued }).toEqual({ inUse: 0, queued: 0 });
  });

  it('lets one body larger than the capacity run alone', async () => {
    const budget = new ByteBudget(100);
    const hold = await budget.reserve(1_000, never);
    expect(budget.inUse).toBe(100);
    await hold.grow(500, never);
    expect(hold.bytes).toBe(600);
    hold.release();
    hold.release();
    expect(budget.inUse).toBe(0);
  });

  it('serves growth before new bodies', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(50, never);
    const b = await budget.reserve(50, never);
    const growth = a.grow(30, never);
    const newcomer = budget.reserve(30, never);
    b.release();
    await growth;
    expect(await pending(newcomer)).toBe(true);
    expect(a.bytes).toBe(80);
    a.release();
    (await newcomer).release();
    expect(budget.inUse).toBe(0);
  });

  it('fails the last grower at once when every holder waits to grow (no deadlock)', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(50, never);
    const b = await budget.reserve(50, never);
    const first = a.grow(40, never);
    await expect(b.grow(40, never)).rejects.toBeInstanceOf(BudgetExhausted);
    b.release();
    await first;
    expect(a.bytes).toBe(90);
    a.release();
    expect({ inUse: budget.inUse, queued: budget.queued }).toEqual({ inUse: 0, queued: 0 });
  });

  it('an aborted request leaves the queue and unblocks the ones behind it', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(50, never);
    const controller = new AbortController();
    const big = budget.reserve(100, controller.signal);
    const small = budget.reserve(40, never);
    controller.abort(new Error('deadline'));
    await expect(big).rejects.toThrow('deadline');
    (await small).release();
    a.release();
    expect({ inUse: budget.inUse, queued: budget.queued }).toEqual({ inUse: 0, queued: 0 });
  });
});
