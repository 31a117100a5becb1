import { AsyncLocalStorage } from 'node:async_hooks';

import {
  DataSource,
  DeleteQueryBuilder,
  EntityManager,
  InsertQueryBuilder,
  Repository,
  SelectQueryBuilder,
  UpdateQueryBuilder,
} from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

import { captureCallSite } from './call-site';

/*
 * Why this exists: TypeORM hands promises through plain (non-async) methods and `.then` chains, so by the
 * time a statement reaches the logger the async stack no longer shows who asked for it. Each public
 * entry point is wrapped to capture the caller's synchronous stack on entry; the outermost capture of an
 * async chain wins and travels with it through AsyncLocalStorage to the logger.
 */
const callSites = new AsyncLocalStorage<readonly string[]>();
let installed = false;

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

function wrapPrototype(proto: object, shouldCapture: () => boolean): void {
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || typeof descriptor.value !== 'function' || !descriptor.writable) continue;
    const original = descriptor.value as AnyMethod;
    const wrapped: AnyMethod = function (this: unknown, ...args: unknown[]) {
      if (callSites.getStore() !== undefined || !shouldCapture()) return original.apply(this, args);
      return callSites.run(captureCallSite(), () => original.apply(this, args));
    };
    Object.defineProperty(proto, name, { ...descriptor, value: wrapped });
  }
}

/** Installs the entry-point wrappers once per module registry. */
export function instrumentTypeOrm(shouldCapture: () => boolean): void {
  if (installed) return;
  installed = true;
  for (const proto of [
    DataSource.prototype,
    EntityManager.prototype,
    Repository.prototype,
    SelectQueryBuilder.prototype,
    InsertQueryBuilder.prototype,
    UpdateQueryBuilder.prototype,
    DeleteQueryBuilder.prototype,
    PostgresQueryRunner.prototype,
  ]) {
    wrapPrototype(proto, shouldCapture);
  }
}

/** The call site captured when the current TypeORM operation was entered, if any. */
export function enteredCallSite(): readonly string[] | undefined {
  return callSites.getStore();
}
