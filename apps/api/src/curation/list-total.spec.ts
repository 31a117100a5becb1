import { estimateFromPlan, totalFromPlan } from './list-total';

/** The plan-only EXPLAIN of a capped count: a Limit planned at cap + 1 over the matching rows. */
const planned = (estimate: number, cap: number) => [
  {
    'QUERY PLAN': [
      { Plan: { 'Node Type': 'Limit', 'Plan Rows': Math.min(estimate, cap + 1), Plans: [{ 'Plan Rows': estimate }] } },
    ],
  },
];

describe('list totals', () => {
  it("reads the planner's estimate of the whole count from the Limit's input", () => {
    expect(estimateFromPlan(planned(429_743, 10_000))).toBe(429_743);
  });

  it('is exact when counted up to the cap, an estimate past it', () => {
    expect(totalFromPlan(planned(90, 25), 25, { counted: 25 })).toEqual({ total: 25, isEstimate: false });
    expect(totalFromPlan(planned(90, 25), 25, { counted: 26 })).toEqual({ total: 90, isEstimate: true });
    // Never below what the count proved.
    expect(totalFromPlan(planned(3, 25), 25, { counted: 26 })).toEqual({ total: 26, isEstimate: true });
  });

  it('is exact when the page reached the end within the cap, though nothing was counted', () => {
    expect(totalFromPlan(planned(400, 100), 100, { pageEnd: 7 })).toEqual({ total: 7, isEstimate: false });
    expect(totalFromPlan(planned(400, 100), 100, { pageEnd: 0 })).toEqual({ total: 0, isEstimate: false });
  });

  it('stays an estimate past the cap even where the page found the end (totals past the cap are estimates)', () => {
    expect(totalFromPlan(planned(400, 100), 100, { pageEnd: 101 })).toEqual({ total: 400, isEstimate: true });
    expect(totalFromPlan(planned(400, 100), 100)).toEqual({ total: 400, isEstimate: true });
  });

  it('refuses an answer that is not a plan', () => {
    expect(() => estimateFromPlan([{ 'QUERY PLAN': [{}] }])).toThrow(/no plan/);
  });
});
