import { AsyncLocalStorage } from 'node:async_hooks';

import { captureCallSite } from './call-site';
import { sqlFingerprint } from './sql-fingerprint';
import { enteredCallSite, instrumentTypeOrm } from './typeorm-call-sites';

export interface RecordedQuery {
  readonly sql: string;
  readonly fingerprint: string;
  /** Application frames, innermost first; empty when the unit does not capture stacks. */
  readonly stack: readonly string[];
}

/** One request, tick or test body: the scope within which statements are counted. */
export interface UnitOfWork {
  readonly name: string;
  readonly queries: RecordedQuery[];
  readonly captureStacks: boolean;
  readonly parent: UnitOfWork | undefined;
}

export interface UnitOptions {
  /** Capture the call site of every statement (needed for N+1 detection; costs a stack trace per query). */
  readonly captureStacks?: boolean;
}

/**
 * Records the statements issued inside a unit of work. One DataSource serves concurrent requests and
 * ticks, so units are scoped with AsyncLocalStorage rather than per connection. Units nest: a statement
 * counts for the innermost unit and every enclosing one.
 */
export class QueryRecorder {
  private readonly storage = new AsyncLocalStorage<UnitOfWork>();

  async run<T>(
    name: string,
    fn: () => Promise<T>,
    options: UnitOptions = {},
  ): Promise<{ result: T; unit: UnitOfWork }> {
    const parent = this.storage.getStore();
    const unit: UnitOfWork = {
      name,
      queries: [],
      captureStacks: options.captureStacks ?? parent?.captureStacks ?? false,
      parent,
    };
    const result = await this.storage.run(unit, fn);
    return { result, unit };
  }

  /** True while some enclosing unit wants call sites (the TypeORM wrappers ask before capturing). */
  capturing(): boolean {
    for (let u = this.storage.getStore(); u; u = u.parent) if (u.captureStacks) return true;
    return false;
  }

  current(): UnitOfWork | undefined {
    return this.storage.getStore();
  }

  /** Called by the SDK's TypeORM logger for every statement; a no-op outside a unit. */
  record(sql: string): void {
    const unit = this.storage.getStore();
    if (!unit) return;
    let needsStack = false;
    for (let u: UnitOfWork | undefined = unit; u; u = u.parent) needsStack ||= u.captureStacks;
    const query: RecordedQuery = {
      sql,
      fingerprint: sqlFingerprint(sql),
      stack: needsStack ? (enteredCallSite() ?? captureCallSite()) : [],
    };
    for (let u: UnitOfWork | undefined = unit; u; u = u.parent) u.queries.push(query);
  }
}

/** The process-wide recorder the SDK's DataSource logger reports to. */
export const queryRecorder = new QueryRecorder();
instrumentTypeOrm(() => queryRecorder.capturing());
