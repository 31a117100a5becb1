/** A list's `total`: exact up to the cap, the planner's estimate past it. */
export interface ListTotal {
  readonly total: number;
  readonly isEstimate: boolean;
}

/** What a list request learned about its count besides the planner's estimate. */
export interface CountEvidence {
  /** Matching rows counted up to `cap + 1`; default: the plan's actual rows, when it was executed. */
  readonly counted?: number;
  /** The exact count, when the page itself reached the last row (a short page by offset). */
  readonly pageEnd?: number;
}

interface PlanNode {
  readonly 'Plan Rows'?: number;
  readonly 'Actual Rows'?: number;
  readonly Plans?: readonly PlanNode[];
}

function rootOf(explain: unknown): PlanNode {
  // EXPLAIN (FORMAT JSON) answers one row whose "QUERY PLAN" is `[{"Plan": {...}}]`; pg parses the json.
  const rows = Array.isArray(explain) ? explain : [];
  const document: unknown = rows[0]?.['QUERY PLAN'];
  const plan: unknown = Array.isArray(document) ? document[0]?.Plan : undefined;
  if (typeof plan !== 'object' || plan === null || typeof (plan as PlanNode)['Plan Rows'] !== 'number')
    throw new Error('EXPLAIN of a list count returned no plan with planned rows');
  return plan as PlanNode;
}

/**
 * The planner's estimate of the whole count from {@link countStatement}'s plan: the planned rows of the capped
 * SELECT's Limit input (the Limit itself plans at most `cap + 1`).
 */
export function estimateFromPlan(explain: unknown): number {
  const limit = rootOf(explain);
  return limit.Plans?.[0]?.['Plan Rows'] ?? limit['Plan Rows'] ?? 0;
}

/**
 * The total from the count's plan and what else the request learned. Exact when counted up to the cap, or when
 * the page reached the end within it; otherwise the estimate, which is never below what a count proved: past
 * the cap the exact count is unknown but above `cap`, so an estimate below it (the planner's guess for a
 * substring filter can be far off) is raised to `cap + 1`.
 */
export function totalFromPlan(explain: unknown, cap: number, evidence: CountEvidence = {}): ListTotal {
  const counted = evidence.counted ?? rootOf(explain)['Actual Rows'];
  if (counted !== undefined && counted <= cap) return { total: counted, isEstimate: false };
  if (evidence.pageEnd !== undefined && evidence.pageEnd <= cap) return { total: evidence.pageEnd, isEstimate: false };
  return { total: Math.max(Math.round(estimateFromPlan(explain)), cap + 1), isEstimate: true };
}
