import { Readable, Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { BudgetHold } from './byte-budget';
import { decodersFor } from './content-coding';

/**
 * Wire bytes allowed under coded content: compressed data is larger than its decoded form only by framing (well
 * under 1/16), so anything beyond is a stream that decodes to (almost) nothing, e.g. endless empty gzip members.
 */
export function wireCapFor(cap: number): number {
  return cap + Math.ceil(cap / 16) + 64 * 1024;
}

/** Passes bytes through and fails with `tooLarge()` once more than `cap` went by. */
export class ByteLimit extends Transform {
  private total = 0;

  constructor(
    private readonly cap: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.cap) return callback(this.tooLarge());
    callback(null, chunk);
  }
}

/**
 * Collects a body with one copy: into a buffer of the declared length when it is known, else into a list of
 * chunks joined once at the end. Fails with `tooLarge()` at the first chunk past `cap`, so nothing past it is kept.
 * What it keeps stays within `hold`, grown in doubling steps; while a step waits, reading pauses.
 */
class BodyCollector extends Writable {
  private readonly chunks: Buffer[] = [];
  private sized: Buffer | null;
  private total = 0;

  constructor(
    private readonly cap: number,
    expected: number | null,
    private readonly tooLarge: () => Error,
    private readonly hold: BudgetHold,
    private readonly signal: AbortSignal,
  ) {
    super();
    this.sized = expected !== null && expected > 0 && expected <= cap ? Buffer.allocUnsafe(expected) : null;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const next = this.total + chunk.length;
    if (next > this.cap) return callback(this.tooLarge());
    if (next <= this.hold.bytes) return callback(this.keep(chunk, next));
    const target = Math.min(this.cap, Math.max(next, this.hold.bytes * 2));
    this.hold.grow(target - this.hold.bytes, this.signal).then(
      () => callback(this.keep(chunk, next)),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private keep(chunk: Buffer, next: number): null {
    if (this.sized && next > this.sized.length) {
      // Longer than declared (undici normally refuses that itself): keep what was copied and go on as a list.
      this.chunks.push(this.sized.subarray(0, this.total));
      this.sized = null;
    }
    if (this.sized) chunk.copy(this.sized, this.total);
    else this.chunks.push(chunk);
    this.total = next;
    return null;
  }

  result(): Buffer {
    if (this.sized) return this.total === this.sized.length ? this.sized : this.sized.subarray(0, this.total);
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
  }
}

export interface BodyLimits {
  /** Decoded bytes. */
  cap: number;
  /** Content-Length when the body is not coded, else null. */
  declared: number | null;
  tooLarge: (detail: string) => Error;
}

/**
 * Undoes `codings` while reading `body` into memory, within `hold` (grown as needed); stops (and aborts the
 * download) at the first byte past the cap.
 */
export async function readBody(
  body: Readable,
  codings: readonly string[],
  limits: BodyLimits,
  hold: BudgetHold,
  signal: AbortSignal,
): Promise<Buffer> {
  const tooLarge = () =>
    limits.tooLarge(codings.length > 0 ? `inflates past the limit (${codings.join(', ')})` : 'exceeds it');
  const collector = new BodyCollector(limits.cap, limits.declared, tooLarge, hold, signal);
  const stages: NodeJS.WritableStream[] = [...decodingStages(codings, limits), collector];
  await pipeline(body, stages[0], ...stages.slice(1), { signal });
  return collector.result();
}

/** `body` decoded and capped as a stream; errors are handed to `convert` so the consumer sees the fetcher's errors. */
export function streamBody(
  body: Readable,
  codings: readonly string[],
  limits: BodyLimits,
  convert: (error: unknown) => Error,
): Readable {
  const counter = new ByteLimit(limits.cap, () =>
    limits.tooLarge(codings.length > 0 ? `inflates past the limit (${codings.join(', ')})` : 'exceeds it'),
  );
  const stages: NodeJS.ReadWriteStream[] = [...decodingStages(codings, limits), counter];
  // Failures reach the reader through `counter`, which the pipeline destroys with the first error.
  void pipeline(body, stages[0], ...stages.slice(1)).catch(() => undefined);
  async function* decoded(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of counter) yield chunk as Buffer;
    } catch (error) {
      throw convert(error);
    }
  }
  return Readable.from(decoded(), { objectMode: false });
}

function decodingStages(codings: readonly string[], limits: BodyLimits): Transform[] {
  if (codings.length === 0) return [];
  const wireCap = wireCapFor(limits.cap);
  return [
    new ByteLimit(wireCap, () => limits.tooLarge(`sends more than ${wireCap} coded bytes`)),
    ...decodersFor(codings),
  ];
}
