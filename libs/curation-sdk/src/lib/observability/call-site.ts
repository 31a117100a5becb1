import { sep } from 'node:path';

const IGNORED_FRAME = [`${sep}node_modules${sep}`, 'node:internal', '(native)', `${sep}lib${sep}observability${sep}`, '<anonymous>'];

/** A statement's origin: the application frames of the current (async) stack, innermost first. */
export function captureCallSite(maxFrames = 8): readonly string[] {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = previous;
  const frames: string[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim().replace(/^at\s+/, '');
    if (IGNORED_FRAME.some((marker) => frame.includes(marker))) continue;
    frames.push(frame);
    if (frames.length >= maxFrames) break;
  }
  return frames;
}
