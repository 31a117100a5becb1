import { findNPlusOne, formatNPlusOne, NPlusOneAllowance } from './n-plus-one';
import { queryRecorder } from './query-recorder';

export enum NPlusOneMode {
  Off = 'off',
  Warn = 'warn',
}

/**
 * Runs one request or tick as a unit of work. With the detector on, each repeated statement is reported
 * once per call site, so a regression shows up in the logs long before it shows up in latency.
 */
export async function runInQueryScope<T>(
  name: string,
  mode: NPlusOneMode,
  fn: () => Promise<T>,
  warn: (message: string) => void,
  allow: readonly NPlusOneAllowance[] = [],
): Promise<T> {
  if (mode === NPlusOneMode.Off) return fn();
  const { result, unit } = await queryRecorder.run(name, fn, { captureStacks: true });
  for (const finding of findNPlusOne(unit.queries, allow)) warn(formatNPlusOne(name, [finding]));
  return result;
}
