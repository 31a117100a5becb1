import { ServerResponse } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

/**
 * Bodies of the hostile sites, produced as the client reads them: a 15 MiB page or a 1 GiB gzip bomb costs
 * the test process one 64 KiB slice (or one 1 KiB gzip member), never the whole body.
 */

const SLICE = 64 * 1024;

/** `unit` repeated into one reusable slice of about 64 KiB (whole units, so the text stays well-formed). */
function sliceOf(unit: string): Buffer {
  return Buffer.from(unit.repeat(Math.max(1, Math.floor(SLICE / Buffer.byteLength(unit)))));
}

/** Streams `head`, then `unit` repeated until about `totalBytes`, then `tail`; honours backpressure. */
export function streamRepeated(res: ServerResponse, head: string, unit: string, totalBytes: number, tail = ''): void {
  const slice = sliceOf(unit);
  pipeline(
    Readable.from(
      (function* () {
        yield Buffer.from(head);
        for (let sent = 0; sent < totalBytes; sent += slice.length) yield slice;
        yield Buffer.from(tail);
      })(),
    ),
    res,
    () => undefined,
  );
}

/** Streams `head`, then the same gzip member `count` times: concatenated members are one valid gzip stream. */
export function streamGzipMembers(res: ServerResponse, head: Buffer, member: Buffer, count: number): void {
  pipeline(
    Readable.from(
      (function* () {
        yield head;
        for (let i = 0; i < count; i += 1) yield member;
      })(),
    ),
    res,
    () => undefined,
  );
}

/** Writes a slice every `everyMs` for as long as the client listens (a body that never ends). */
export function streamForever(res: ServerResponse, unit: string, everyMs: number, bytesPerWrite = SLICE): void {
  const chunk =
    bytesPerWrite >= SLICE ? sliceOf(unit) : Buffer.from(unit.repeat(bytesPerWrite).slice(0, bytesPerWrite));
  const timer = setInterval(() => {
    // Never buffer more than a little for a slow reader: this server must stay small too.
    if (res.writableLength < 4 * SLICE) res.write(chunk);
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Computes a body once, on first use, and keeps it (for bodies that are small but costly to build). */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** `body` gzipped `layers` times (each layer is a few bytes; 1,200 layers are ~30 KB). */
export function gzipLayers(body: string, layers: number): Buffer {
  let out: Buffer = Buffer.from(body);
  for (let i = 0; i < layers; i += 1) out = gzipSync(out, { level: 1 });
  return out;
}

/** Deterministic bytes that are no text at all: a PNG signature, NULs, every byte value. */
export function binaryBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]).copy(out);
  let seed = 0x2545f491;
  for (let i = 12; i < length; i += 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out[i] = seed >>> 24;
  }
  return out;
}

/** The W3C "billion laughs" DTD: ten levels of ten references, 10^9 `lol`s if a parser expands them. */
export function billionLaughsSitemap(host: string): string {
  const levels = [`<!ENTITY lol0 "lol">`];
  for (let i = 1; i <= 9; i += 1) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>
<!DOCTYPE urlset [
 ${levels.join('\n ')}
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${host}/&lol9;</loc></url></urlset>
`;
}
