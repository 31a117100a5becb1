import { sep } from 'node:path';

// Only application code counts as a call site: frames of the ORM, the driver, Node and this
// instrumentation are skipped, so two loops in different files never share a call site.
const APP_FRAME = /[\\/](apps|libs|tools)[\\/]/;
const IGNORED_FRAME = [`${sep}node_modules${sep}`, 'node:internal'];
// The recorder's own plumbing and the generic SQL helper, matched by exact file name (source or build output).
const PLUMBING_FRAME =
  /[\\/](typeorm-call-sites|call-site|query-recorder|query-scope|query-assertions|sdk-typeorm\.logger|sql-rows)\.[jt]s:/;

/** The application frames of the current synchronous stack, innermost first. */
export function captureCallSite(maxFrames = 8): readonly string[] {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = previous;
  const frames: string[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim().replace(/^at\s+/, '');
    if (!APP_FRAME.test(frame) || PLUMBING_FRAME.test(frame) || IGNORED_FRAME.some((marker) => frame.includes(marker)))
      continue;
    frames.push(frame);
    if (frames.length >= maxFrames) break;
  }
  return frames;
}
