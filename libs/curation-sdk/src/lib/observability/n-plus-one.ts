import { RecordedQuery } from './query-recorder';

/** An accepted repetition. `reason` is mandatory so every exception is explained where it is declared. */
export interface NPlusOneAllowance {
  readonly sql?: RegExp;
  readonly callSite?: RegExp;
  readonly reason: string;
}

export interface NPlusOneFinding {
  readonly fingerprint: string;
  /** The innermost application frame that issued the statement. */
  readonly callSite: string;
  readonly stack: readonly string[];
  readonly count: number;
}

// Transaction control repeats legitimately (one BEGIN/COMMIT per unit is common); it is never the N+1.
const TRANSACTION_CONTROL =
  /^(start transaction|begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i;

/**
 * Prosopite's rule: the same normalised statement issued two or more times from the same call site
 * inside one unit of work is an N+1. The call site is the innermost application frame: deeper frames
 * differ between the first pass of a loop (entered synchronously) and the rest (resumed after an await),
 * so comparing whole stacks would miss the very loops this exists to catch.
 */
export function findNPlusOne(
  queries: readonly RecordedQuery[],
  allow: readonly NPlusOneAllowance[] = [],
): NPlusOneFinding[] {
  const groups = new Map<string, { query: RecordedQuery; count: number }>();
  for (const query of queries) {
    if (TRANSACTION_CONTROL.test(query.fingerprint)) continue;
    const key = `${query.fingerprint}\u0000${query.stack[0] ?? ''}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { query, count: 1 });
  }
  const findings: NPlusOneFinding[] = [];
  for (const { query, count } of groups.values()) {
    if (count < 2) continue;
    const callSite = query.stack[0] ?? '<unknown call site>';
    const allowed = allow.some(
      (a) =>
        (a.sql === undefined || a.sql.test(query.sql)) &&
        (a.callSite === undefined || a.callSite.test(callSite)) &&
        (a.sql !== undefined || a.callSite !== undefined),
    );
    if (!allowed) findings.push({ fingerprint: query.fingerprint, callSite, stack: query.stack, count });
  }
  return findings;
}

export function formatNPlusOne(unitName: string, findings: readonly NPlusOneFinding[]): string {
  return findings
    .map((f) => `N+1 in ${unitName}: ${f.count}x "${f.fingerprint.slice(0, 200)}" from ${f.callSite}`)
    .join('\n');
}
