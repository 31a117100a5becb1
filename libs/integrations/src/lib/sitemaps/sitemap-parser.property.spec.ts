import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

import fc from 'fast-check';

import { parseSitemapStream, parseSitemapText } from './sitemap-parser';
import { SitemapEntry, SitemapParseError, SitemapSummary } from './sitemap.types';

/**
 * Property tests: whatever a site serves, the parser returns entries or throws a SitemapParseError whose message is
 * short and printable (it is stored on a row), in time and memory that grow with the input's size, never faster.
 */

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const LIMITS = { maxUrls: 10_000, maxBytes: 8 * 1024 * 1024 };

type Parsed = { ok: true; entries: SitemapEntry[]; summary: SitemapSummary } | { ok: false; error: SitemapParseError };

function chunks(data: Buffer, sizes: readonly number[]): AsyncIterable<Buffer> {
  return (async function* () {
    let offset = 0;
    for (let i = 0; offset < data.length; i++) {
      const size = sizes.length === 0 ? data.length : Math.max(1, sizes[i % sizes.length]);
      yield data.subarray(offset, offset + size);
      offset += size;
    }
  })();
}

async function streamed(data: Buffer, sizes: readonly number[] = [], limits = LIMITS): Promise<Parsed> {
  const entries: SitemapEntry[] = [];
  try {
    const iterator = parseSitemapStream(chunks(data, sizes), limits);
    for (let next = await iterator.next(); ; next = await iterator.next()) {
      if (next.done === true) return { ok: true, entries, summary: next.value };
      entries.push(next.value);
    }
  } catch (error) {
    if (error instanceof SitemapParseError) return { ok: false, error };
    throw error;
  }
}

function whole(data: Buffer, limits = LIMITS): Parsed {
  try {
    return { ok: true, ...parseSitemapText(data, limits) };
  } catch (error) {
    if (error instanceof SitemapParseError) return { ok: false, error };
    throw error;
  }
}

const UNPRINTABLE =
  /[\u0000-\u001f\u007f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectStorableError(result: Parsed): void {
  if (result.ok) return;
  expect(result.error.message.length).toBeLessThan(400);
  expect(result.error.message).not.toMatch(UNPRINTABLE);
}

/** Pieces sitemaps (and things that are not) are made of, so random documents get deep into the scanner. */
const piece = fc.constantFrom(
  '<?xml version="1.0" encoding="UTF-8"?>',
  `<urlset xmlns="${NS}">`,
  '</urlset>',
  `<sitemapindex xmlns="${NS}">`,
  '</sitemapindex>',
  '<url>',
  '</url>',
  '<sitemap>',
  '</sitemap>',
  '<loc>',
  '</loc>',
  '<lastmod>',
  '</lastmod>',
  '2024-02-30',
  '2024',
  'https://example.com/a?b=1&amp;c=2',
  '&#x1F600;',
  '&#0;',
  '&#xD800;',
  '&nbsp;',
  '&',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE urlset [<!ENTITY a "aaaaaaaa">]>',
  '<x:url xmlns:x="urn:x">',
  '<image:image>',
  '"',
  "'",
  '=',
  '<',
  '>',
  '/',
  ' ',
  '\n',
  '\u0000',
  '\u001a',
  '\ufffd',
  '日本',
  '\ud83d',
  '<html>',
);
const xmlish = fc.array(piece, { maxLength: 60 }).map((parts) => Buffer.from(parts.join(''), 'utf8'));
const anyBody = fc.oneof(
  xmlish,
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
);

describe('sitemap parser properties', () => {
  jest.setTimeout(60_000);

  it('random and adversarial bodies: a result or a SitemapParseError with a short printable message; stream and text agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 5 }),
        fc.boolean(),
        async (body, sizes, gzip) => {
          const data = gzip ? gzipSync(body) : body;
          const a = await streamed(data, sizes);
          const b = whole(data);
          expectStorableError(a);
          expectStorableError(b);
          expect(a.ok).toBe(b.ok);
          if (a.ok && b.ok) {
            expect(a.entries).toEqual(b.entries);
            expect(a.summary).toEqual(b.summary);
          } else if (!a.ok && !b.ok) expect(a.error.code).toBe(b.error.code);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('generated sitemaps round-trip: every loc comes back decoded, whatever the chunking and compression', async () => {
    const locText = fc.string({
      unit: fc.constantFrom('a', 'Z', '/', '?', '=', '&', '<', '>', '"', "'", 'é', '日', '😀', ' ', '%'),
      minLength: 1,
      maxLength: 40,
    });
    const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    await fc.assert(
      fc.asyncProperty(
        fc.array(locText, { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        async (locs, sizes, gzip, cdata) => {
          const wanted = locs.map((l) => `https://example.com/${l}`);
          const body = `<urlset xmlns="${NS}">${wanted.map((l) => `<url><loc>${cdata && !l.includes(']]>') ? `<![CDATA[${l}]]>` : escape(l)}</loc></url>`).join('')}</urlset>`;
          const data = gzip ? gzipSync(body) : Buffer.from(body);
          const result = await streamed(data, sizes);
          if (!result.ok) throw result.error;
          expect(result.entries.map((e) => e.loc)).toEqual(wanted.map((l) => l.trim()));
          expect(result.summary).toMatchObject({ type: 'urlset', urlCount: wanted.length, gzipped: gzip });
        },
      ),
      { numRuns: 400 },
    );
  });

  /** Documents of about `size` bytes built to hurt a backtracking or rescanning parser. */
  const adversarial: Record<string, (size: number) => string> = {
    'deep nesting': (n) => `<urlset xmlns="${NS}">${'<url>'.repeat(n / 5)}`,
    'unclosed comment': (n) => `<urlset xmlns="${NS}"><!--${'-'.repeat(n)}`,
    'unclosed CDATA': (n) => `<urlset xmlns="${NS}"><url><loc><![CDATA[${']'.repeat(n)}`,
    'huge loc of character references': (n) =>
      `<urlset xmlns="${NS}"><url><loc>${'&#x41;'.repeat(n / 6)}</loc></url></urlset>`,
    'huge loc of unknown entities': (n) => `<urlset xmlns="${NS}"><url><loc>${'&a'.repeat(n / 2)}</loc></url></urlset>`,
    'many lone ampersands': (n) => `<urlset xmlns="${NS}"><url><loc>${'&'.repeat(n)}</loc></url></urlset>`,
    'one tag full of quotes': (n) => `<urlset xmlns="${NS}" a="${`'`.repeat(n)}`,
    'many attributes': (n) => `<urlset xmlns="${NS}"${' a="b"'.repeat(n / 6)}></urlset>`,
    'attribute without value': (n) => `<urlset xmlns="${NS}" ${'a'.repeat(n)}`,
    'long element name': (n) => `<urlset xmlns="${NS}"><${'a'.repeat(n)}>`,
    'many less-than signs': (n) => `<urlset xmlns="${NS}">${'<'.repeat(n)}`,
    'DOCTYPE with a huge internal subset': (n) => `<!DOCTYPE urlset [${'<!ENTITY a "b">'.repeat(n / 16)}`,
    'many tiny urls': (n) => `<urlset xmlns="${NS}">${'<url><loc>h</loc></url>'.repeat(n / 23)}</urlset>`,
    'many empty urls': (n) => `<urlset xmlns="${NS}">${'<url/>'.repeat(n / 6)}</urlset>`,
    'text after root': (n) => `<urlset xmlns="${NS}"></urlset>${'x'.repeat(n)}`,
    'whitespace before root': (n) => `${' '.repeat(n)}<urlset xmlns="${NS}"></urlset>`,
    'nested namespaces': (n) => `<urlset xmlns="${NS}">${'<x xmlns:a="urn:a">'.repeat(n / 20)}`,
  };

  it.each(Object.keys(adversarial))(
    '%s: 1 MiB, in 32 KiB chunks or whole, finishes in linear time with a storable outcome',
    async (name) => {
      const size = 1024 * 1024;
      const data = Buffer.from(adversarial[name](size), 'utf8');
      const started = performance.now();
      const a = await streamed(data, [32 * 1024], { maxUrls: 1_000_000, maxBytes: 4 * size });
      const b = whole(data, { maxUrls: 1_000_000, maxBytes: 4 * size });
      const elapsed = performance.now() - started;
      expectStorableError(a);
      expectStorableError(b);
      // A linear scan of 2 MiB takes milliseconds; a quadratic one minutes. 3 s is a mechanism bound with a wide margin.
      expect(elapsed).toBeLessThan(3_000);
    },
  );

  it('memory does not grow with an adversarial stream: 40 MB of oversized locs and comments, fed in 64 KiB chunks', async () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const block = `<url><loc>${'x'.repeat(100 * 1024)}</loc></url><!--${'-'.repeat(10 * 1024)}-->`;
    const blocks = Math.ceil((40 * 1024 * 1024) / block.length);
    const source = Readable.from(
      (function* () {
        yield Buffer.from(`<urlset xmlns="${NS}">`);
        const encoded = Buffer.from(block);
        for (let i = 0; i < blocks; i++)
          for (let o = 0; o < encoded.length; o += 64 * 1024) yield encoded.subarray(o, o + 64 * 1024);
        yield Buffer.from('</urlset>');
      })(),
    );
    collect();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    const iterator = parseSitemapStream(source, { maxUrls: 1_000_000, maxBytes: 64 * 1024 * 1024 });
    let summary: SitemapSummary | undefined;
    for (let next = await iterator.next(); ; next = await iterator.next()) {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (next.done === true) {
        summary = next.value;
        break;
      }
      count += 1;
    }
    expect(count).toBe(0);
    expect(summary).toMatchObject({ urlCount: 0, skippedCount: blocks });
    // Oversized fields are dropped as they stream; only the current chunk and one field cap are ever held.
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
  });
});
