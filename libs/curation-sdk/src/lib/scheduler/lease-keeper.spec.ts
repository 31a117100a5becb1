import { performance } from 'node:perf_hooks';

import { Id, LeaseKeeper } from './lease-keeper';

describe('LeaseKeeper.confirm', () => {
  const keeper = (renew: (ids: readonly Id[]) => Promise<readonly Id[]>, leaseMs = 10_000) =>
    new LeaseKeeper(renew, { leaseMs, intervalMs: 60_000, onLost: () => undefined });

  it('asks the database nothing while every lease was set less than half a lease ago', async () => {
    const renew = jest.fn(async (ids: readonly Id[]) => ids);
    const k = keeper(renew);
    k.hold(['a', 'b'], performance.now());
    expect(await k.confirm(['a', 'b'])).toEqual({ won: new Set(['a', 'b']), lost: [] });
    expect(renew).not.toHaveBeenCalled();
    k.stop();
  });

  it('renews when a lease may have expired, and drops the rows it lost', async () => {
    const renew = jest.fn(async () => ['a'] as readonly Id[]);
    const k = keeper(renew);
    k.hold(['a', 'b'], performance.now() - 6_000);
    expect(await k.confirm(['a', 'b'])).toEqual({ won: new Set(['a']), lost: ['b'] });
    expect(renew).toHaveBeenCalledTimes(1);
    // 'a' was renewed just now: trusted again without a statement; 'b' is no longer held, so asking about it renews.
    expect(await k.confirm(['a'])).toEqual({ won: new Set(['a']), lost: [] });
    expect(renew).toHaveBeenCalledTimes(1);
    await k.confirm(['b']);
    expect(renew).toHaveBeenCalledTimes(2);
    k.stop();
  });
});
