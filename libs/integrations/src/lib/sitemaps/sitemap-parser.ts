import { pipeline, Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

import { describeBinary, looksBinary } from './preview';
import { SitemapScanner } from './sitemap-scanner';
import {
  SITEMAP_PROTOCOL_MAX_BYTES,
  SITEMAP_PROTOCOL_MAX_URLS,
  SitemapEntry,
  SitemapParseError,
  SitemapParseOptions,
  SitemapSummary,
} from './sitemap.types';

export type SitemapSource = AsyncIterable<Buffer | Uint8Array | string> | Readable;

export interface SitemapBatchOptions extends SitemapParseOptions {
  batchSize: number;
}

/** A batch of entries; the last batch (possibly empty) carries the summary. */
export interface SitemapBatch {
  entries: SitemapEntry[];
  summary?: SitemapSummary;
}

const DECODE_SLICE_BYTES = 32 * 1024;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function checkLimits(options: SitemapParseOptions): void {
  for (const key of ['maxUrls', 'maxBytes'] as const) {
    if (!Number.isInteger(options[key]) || options[key] <= 0)
      throw new RangeError(`${key} must be a positive integer, got ${options[key]}`);
  }
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** Bytes of the (inflated) body checked for binary content before any is decoded as text. */
const SNIFF_BYTES = 512;

/** A PNG, a ZIP or a gzip inside gzip would otherwise be decoded and quoted, raw bytes and all, in the error. */
function refuseBinary(head: Uint8Array): void {
  if (looksBinary(head)) throw new SitemapParseError('NOT_XML', describeBinary(head));
}

/** Holds back the first {@link SNIFF_BYTES} until they are all in (or the body ends) and refuses binary ones. */
async function* sniffed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < SNIFF_BYTES) continue;
    const joined = Buffer.concat(head, headBytes);
    refuseBinary(joined.subarray(0, SNIFF_BYTES));
    checked = true;
    yield joined;
  }
  if (!checked && headBytes > 0) {
    const joined = Buffer.concat(head, headBytes);
    refuseBinary(joined);
    yield joined;
  }
}

const tooLarge = (maxBytes: number): SitemapParseError =>
  new SitemapParseError('TOO_LARGE', `more than ${maxBytes} bytes`);

/** Replays the peeked head, then the rest of the source, counting raw bytes (a stream of empty gzip members never inflates). */
async function* replay(
  head: Buffer[],
  rest: AsyncIterator<Buffer | Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let raw = 0;
  for (const chunk of head) {
    raw += chunk.length;
    yield chunk;
  }
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    const chunk = toBuffer(next.value);
    raw += chunk.length;
    if (raw > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}

/**
 * Inflates by pulling, so zlib never runs ahead of the parser by more than its stream buffer: a gzip bomb costs at most
 * `maxBytes` of CPU and one chunk of memory. Corrupt or cut gzip becomes `MALFORMED_XML`; source errors pass through.
 */
async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = Readable.from(source);
  const inflater = createGunzip({ chunkSize: 64 * 1024 });
  pipeline(input, inflater, () => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new SitemapParseError('MALFORMED_XML', `corrupt gzip: ${(error as Error).message}`);
    throw error;
  } finally {
    inflater.destroy();
    input.destroy();
  }
}

/**
 * Streams a sitemap (plain or gzip, told apart by the magic bytes since servers mislabel both ways) and yields its
 * entries as they are read; memory stays flat whatever the document size. Stops reading at `maxUrls` entries
 * (`truncated`), throws `SitemapParseError` for non-XML, malformed XML, a wrong root or more than `maxBytes` of XML.
 * The generator's return value is the summary; `parseSitemapBatches` hands it over in its last batch instead.
 * Breaking out of the loop early closes the source.
 */
export async function* parseSitemapStream(
  source: SitemapSource,
  options: SitemapParseOptions,
): AsyncGenerator<SitemapEntry, SitemapSummary, undefined> {
  checkLimits(options);
  const iterator = (source as AsyncIterable<Buffer | Uint8Array | string>)[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const next = await iterator.next();
      if (next.done === true) break;
      const chunk = toBuffer(next.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
    const gzipped = isGzip(Buffer.concat(head, Math.min(headBytes, 2)));
    const raw = replay(head, iterator, options.maxBytes);
    const bytes = gzipped ? gunzip(raw) : raw;

    // The TextDecoder drops a UTF-8 BOM and keeps multi-byte characters split across chunks intact.
    const decoder = new TextDecoder('utf-8');
    const found: SitemapEntry[] = [];
    const scanner = new SitemapScanner(options.maxUrls, (entry) => found.push(entry));
    let total = 0;
    read: for await (const chunk of sniffed(bytes)) {
      total += chunk.length;
      if (total > options.maxBytes) throw tooLarge(options.maxBytes);
      // Slices keep each decoded string small enough for V8's young generation, so garbage is scavenged at once
      // instead of piling up in large-object space until a full GC (sources may hand over megabyte chunks).
      for (let offset = 0; offset < chunk.length; offset += DECODE_SLICE_BYTES) {
        scanner.push(decoder.decode(chunk.subarray(offset, offset + DECODE_SLICE_BYTES), { stream: true }));
        for (const entry of found) yield entry;
        found.length = 0;
        if (scanner.done) break read;
      }
    }
    if (!scanner.done) scanner.push(decoder.decode());
    for (const entry of found) yield entry;
    const { type, sitemapType } = scanner.end();
    return {
      type,
      sitemapType,
      urlCount: scanner.count,
      truncated: scanner.truncated,
      skippedCount: scanner.skipped,
      bytes: total,
      gzipped,
    };
  } finally {
    await iterator.return?.();
  }
}

/** `parseSitemapStream` in arrays of up to `batchSize` entries, for bulk inserts; the final batch carries the summary. */
export async function* parseSitemapBatches(
  source: SitemapSource,
  options: SitemapBatchOptions,
): AsyncGenerator<SitemapBatch, SitemapSummary, undefined> {
  if (!Number.isInteger(options.batchSize) || options.batchSize <= 0)
    throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  const entries = parseSitemapStream(source, options);
  let batch: SitemapEntry[] = [];
  for (let next = await entries.next(); ; next = await entries.next()) {
    if (next.done === true) {
      yield { entries: batch, summary: next.value };
      return next.value;
    }
    batch.push(next.value);
    if (batch.length >= options.batchSize) {
      yield { entries: batch };
      batch = [];
    }
  }
}

export interface SitemapDocument {
  summary: SitemapSummary;
  entries: SitemapEntry[];
}

/**
 * Whole-document parse for small bodies already in memory (robots.txt and homepage candidates being validated).
 * Same rules and errors as the stream; defaults to the protocol's 50,000 entries and 50 MiB.
 */
export function parseSitemapText(
  input: string | Buffer | Uint8Array,
  options: Partial<SitemapParseOptions> = {},
): SitemapDocument {
  const limits: SitemapParseOptions = {
    maxUrls: options.maxUrls ?? SITEMAP_PROTOCOL_MAX_URLS,
    maxBytes: options.maxBytes ?? SITEMAP_PROTOCOL_MAX_BYTES,
  };
  checkLimits(limits);
  let text: string;
  let bytes: number;
  let gzipped = false;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    bytes = Buffer.byteLength(text, 'utf8');
    refuseBinary(Buffer.from(text.slice(0, SNIFF_BYTES), 'utf8').subarray(0, SNIFF_BYTES));
  } else {
    let buffer = toBuffer(input);
    if (isGzip(buffer)) {
      gzipped = true;
      try {
        buffer = gunzipSync(buffer, { maxOutputLength: limits.maxBytes + 1 });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
          throw tooLarge(limits.maxBytes);
        throw new SitemapParseError('MALFORMED_XML', `corrupt gzip: ${(error as Error).message}`);
      }
    }
    bytes = buffer.length;
    if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes);
    refuseBinary(buffer.subarray(0, SNIFF_BYTES));
    text = new TextDecoder('utf-8').decode(buffer);
  }
  if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const entries: SitemapEntry[] = [];
  const scanner = new SitemapScanner(limits.maxUrls, (entry) => entries.push(entry));
  scanner.push(text);
  const { type, sitemapType } = scanner.end();
  return {
    summary: {
      type,
      sitemapType,
      urlCount: scanner.count,
      truncated: scanner.truncated,
      skippedCount: scanner.skipped,
      bytes,
      gzipped,
    },
    entries,
  };
}
