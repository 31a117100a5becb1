import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles per attempt between half and the full step', () => {
    const settings = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, settings, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, settings, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('is capped', () => {
    expect(backoffDelayMs(30, { baseMs: 1000, maxMs: 60_000 }, () => 1)).toBe(60_000);
  });

  it('spreads a batch that failed together', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = new Set(
      Array.from({ length: 50 }, () => backoffDelayMs(3, { baseMs: 1000, maxMs: 60_000 }, random)),
    );
    expect(delays.size).toBeGreaterThan(40);
  });
});
