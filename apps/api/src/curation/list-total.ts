/** A list's `total`: exact up to the cap, the planner's estimate past it. */
export interface ListTotal {
  readonly total: number;
  readonly isEstimate: boolean;
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
  if (typeof plan !== 'object' || plan === null || typeof (plan as PlanNode)['Actual Rows'] !== 'number')
    throw new Error('EXPLAIN ANALYZE of a list count returned no plan with actual rows');
  return plan as PlanNode;
}

/**
 * Reads {@link countStatement}'s answer. Past the cap the exact count is unknown but above `cap`, so an
 * estimate below it (the planner's guess for a substring filter can be far off) is raised to `cap + 1`.
 */
export function totalFromPlan(explain: unknown, cap: number): ListTotal {
  const limit = rootOf(explain);
  const counted = limit['Actual Rows'] ?? 0;
  if (counted <= cap) return { total: counted, isEstimate: false };
  const estimate = limit.Plans?.[0]?.['Plan Rows'] ?? limit['Plan Rows'] ?? 0;
  return { total: Math.max(Math.round(estimate), cap + 1), isEstimate: true };
}
