import { findNPlusOne, formatNPlusOne, NPlusOneAllowance } from '../observability/n-plus-one';
import { queryRecorder, RecordedQuery } from '../observability/query-recorder';

/** Runs `fn` as one unit of work and returns what it did and which statements it issued. */
export async function recordQueries<T>(
  fn: () => Promise<T>,
  name = 'test',
): Promise<{ result: T; queries: RecordedQuery[] }> {
  const { result, unit } = await queryRecorder.run(name, fn, { captureStacks: true });
  return { result, queries: unit.queries };
}

/** Fails when one normalised statement is issued twice or more from the same call site inside `fn`. */
export async function expectNoNPlusOne<T>(fn: () => Promise<T>, allow: readonly NPlusOneAllowance[] = []): Promise<T> {
  const { result, queries } = await recordQueries(fn, 'expectNoNPlusOne');
  const findings = findNPlusOne(queries, allow);
  if (findings.length > 0) throw new Error(formatNPlusOne('expectNoNPlusOne', findings));
  return result;
}

/** Fails when `fn` issues more than `max` statements; the error lists them. */
export async function expectQueryBudget<T>(fn: () => Promise<T>, max: number): Promise<T> {
  const { result, queries } = await recordQueries(fn, 'expectQueryBudget');
  if (queries.length > max) {
    throw new Error(
      `query budget exceeded: ${queries.length} statements > ${max}\n${queries.map((q) => `  ${q.fingerprint.slice(0, 160)}`).join('\n')}`,
    );
  }
  return result;
}
