import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { parseSitemapBatches, parseSitemapStream, parseSitemapText } from './sitemap-parser';
import { SitemapEntry, SitemapParseError, SitemapParseErrorCode, SitemapSummary } from './sitemap.types';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const LIMITS = { maxUrls: 1000, maxBytes: 1024 * 1024 };

const urlset = (body: string, attrs = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}"${attrs}>${body}</urlset>`;

/** Splits into tiny chunks so every token boundary case (split tags, entities, CDATA, multi-byte characters) is hit. */
function chunked(data: Buffer | string, size: number): AsyncIterable<Buffer> {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return (async function* () {
    for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
  })();
}

async function streamAll(
  data: Buffer | string,
  options = LIMITS,
  chunkSize = 7,
): Promise<{ entries: SitemapEntry[]; summary: SitemapSummary }> {
  const entries: SitemapEntry[] = [];
  const iterator = parseSitemapStream(chunked(data, chunkSize), options);
  for (let next = await iterator.next(); ; next = await iterator.next()) {
    if (next.done === true) return { entries, summary: next.value };
    entries.push(next.value);
  }
}

async function streamError(data: Buffer | string, options = LIMITS): Promise<SitemapParseError> {
  const error = await streamAll(data, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SitemapParseError)) throw new Error(`expected SitemapParseError, got ${String(error)}`);
  return error;
}

function textError(data: Buffer | string): SitemapParseErrorCode {
  try {
    parseSitemapText(data);
  } catch (error) {
    if (error instanceof SitemapParseError) return error.code;
    throw error;
  }
  throw new Error('expected SitemapParseError');
}

/** Both APIs must agree on every document. */
async function both(data: Buffer | string): Promise<{ entries: SitemapEntry[]; summary: SitemapSummary }> {
  const streamed = await streamAll(data);
  const whole = parseSitemapText(data);
  expect(whole.entries).toEqual(streamed.entries);
  expect(whole.summary).toEqual(streamed.summary);
  return streamed;
}

describe('sitemap parser: documents', () => {
  it('reads a urlset with metadata, validating lastmod/changefreq/priority', async () => {
    const xml = urlset(`
      <url><loc>https://example.com/</loc><lastmod>2024-05-01T10:00:00+00:00</lastmod><changefreq>Daily</changefreq><priority>0.8</priority></url>
      <url><loc> https://example.com/a </loc><lastmod>last tuesday</lastmod><changefreq>sometimes</changefreq><priority>2</priority></url>
      <url><loc>https://example.com/b</loc><lastmod>2024-05-01</lastmod><priority>1.0</priority></url>`);
    const { entries, summary } = await both(xml);
    expect(entries).toEqual([
      {
        kind: 'url',
        loc: 'https://example.com/',
        lastmod: '2024-05-01T10:00:00+00:00',
        changefreq: 'daily',
        priority: 0.8,
      },
      { kind: 'url', loc: 'https://example.com/a' },
      { kind: 'url', loc: 'https://example.com/b', lastmod: '2024-05-01', priority: 1 },
    ]);
    expect(summary).toMatchObject({
      type: 'urlset',
      sitemapType: 'standard',
      urlCount: 3,
      truncated: false,
      gzipped: false,
    });
  });

  it('reads a sitemap index as sitemap entries', async () => {
    const xml = `<sitemapindex xmlns="${NS}"><sitemap><loc>https://example.com/post-sitemap.xml</loc><lastmod>2024-01-02</lastmod></sitemap>
      <sitemap><loc>https://example.com/page-sitemap.xml</loc></sitemap></sitemapindex>`;
    const { entries, summary } = await both(xml);
    expect(entries).toEqual([
      { kind: 'sitemap', loc: 'https://example.com/post-sitemap.xml', lastmod: '2024-01-02' },
      { kind: 'sitemap', loc: 'https://example.com/page-sitemap.xml' },
    ]);
    expect(summary).toMatchObject({ type: 'sitemapindex', sitemapType: 'index', urlCount: 2 });
  });

  it('detects gzip by magic bytes, whatever the name, in both APIs', async () => {
    const gz = gzipSync(urlset('<url><loc>https://example.com/gz</loc></url>'));
    const { entries, summary } = await both(gz);
    expect(entries).toEqual([{ kind: 'url', loc: 'https://example.com/gz' }]);
    expect(summary.gzipped).toBe(true);
  });

  it('resolves namespace prefixes and ignores image/video/news elements, classifying by the extension used', async () => {
    const xml = `<ns:urlset xmlns:ns="${NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
      <ns:url><ns:loc>https://example.com/p</ns:loc>
        <image:image><image:loc>https://cdn.example.com/i.jpg</image:loc></image:image>
        <video:video><video:content_loc>https://cdn.example.com/v.mp4</video:content_loc><video:title>T</video:title></video:video>
      </ns:url></ns:urlset>`;
    const { entries, summary } = await both(xml);
    expect(entries).toEqual([{ kind: 'url', loc: 'https://example.com/p' }]);
    expect(summary.sitemapType).toBe('video');
  });

  it('calls a sitemap that only declares the image namespace standard (Yoast), one that uses it image, news wins', async () => {
    const declared = urlset(
      '<url><loc>https://example.com/</loc></url>',
      ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
    );
    expect((await both(declared)).summary.sitemapType).toBe('standard');
    const used = urlset(
      '<url><loc>https://example.com/</loc><image:image><image:loc>https://example.com/i.png</image:loc></image:image></url>',
      ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
    );
    expect((await both(used)).summary.sitemapType).toBe('image');
    const news = urlset(
      '<url><loc>https://example.com/n</loc><news:news><news:title>x</news:title></news:news><image:image><image:loc>https://example.com/i.png</image:loc></image:image></url>',
      ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
    );
    expect((await both(news)).summary.sitemapType).toBe('news');
  });

  it('decodes CDATA, entities and character references; keeps whitespace-only structure out', async () => {
    const xml = urlset(`
      <url>
        <loc><![CDATA[https://example.com/?a=1&b=2]]></loc>
      </url>
      <url><loc>https://example.com/?a=1&amp;b=2&#38;c=&#x33;</loc></url>
      <url><loc>https://example.com/caf&#233;<!-- comment --></loc></url>`);
    const { entries } = await both(xml);
    expect(entries.map((e) => e.loc)).toEqual([
      'https://example.com/?a=1&b=2',
      'https://example.com/?a=1&b=2&c=3',
      'https://example.com/café',
    ]);
  });

  it('accepts a UTF-8 BOM, multi-byte characters split across chunks, and a DOCTYPE', async () => {
    const xml = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        `<!DOCTYPE urlset>${urlset('<url><loc>https://example.com/ñandú/日本</loc></url>')}`.replace(
          '<?xml version="1.0" encoding="UTF-8"?>\n',
          '',
        ),
      ),
    ]);
    for (const size of [1, 2, 3, 5]) {
      const { entries } = await streamAll(xml, LIMITS, size);
      expect(entries).toEqual([{ kind: 'url', loc: 'https://example.com/ñandú/日本' }]);
    }
    expect(parseSitemapText(xml).entries).toHaveLength(1);
    expect(parseSitemapText(`\uFEFF${urlset('<url><loc>https://example.com/</loc></url>')}`).entries).toHaveLength(1);
  });

  it('accepts the xml-stylesheet instruction Yoast and WordPress core put before the root', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="//example.com/main-sitemap.xsl"?>\n<sitemapindex xmlns="${NS}"><sitemap><loc>https://example.com/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>`;
    expect((await both(xml)).entries).toEqual([
      { kind: 'sitemap', loc: 'https://example.com/wp-sitemap-posts-post-1.xml' },
    ]);
  });

  it('skips entries without loc and ignores unknown elements and attributes', async () => {
    const xml = urlset(
      `<url><lastmod>2024-01-01</lastmod></url><url><loc>  </loc></url><url foo="1 > 0"><loc>https://example.com/x</loc><extra>y</extra></url><sitemap><loc>https://example.com/s.xml</loc></sitemap>`,
    );
    const { entries, summary } = await both(xml);
    expect(entries).toEqual([{ kind: 'url', loc: 'https://example.com/x' }]);
    expect(summary.skippedCount).toBe(2);
  });

  it('accepts an empty urlset and a self-closing one', async () => {
    expect((await both(urlset(''))).summary).toMatchObject({ type: 'urlset', urlCount: 0 });
    expect((await both(`<urlset xmlns="${NS}"/>`)).summary.urlCount).toBe(0);
  });

  it('works with a Node Readable and yields batches with the summary last', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `<url><loc>https://example.com/${i}</loc></url>`).join('');
    const batches = [];
    for await (const batch of parseSitemapBatches(Readable.from([Buffer.from(urlset(body))]), {
      ...LIMITS,
      batchSize: 5,
    }))
      batches.push(batch);
    expect(batches.map((b) => b.entries.length)).toEqual([5, 5, 2]);
    expect(batches[2].summary).toMatchObject({ urlCount: 12, truncated: false });
    expect(batches[0].summary).toBeUndefined();
  });
});

describe('sitemap parser: limits', () => {
  const many = urlset(Array.from({ length: 10 }, (_, i) => `<url><loc>https://example.com/${i}</loc></url>`).join(''));

  it('stops at maxUrls and reports truncation; exactly maxUrls is not truncated', async () => {
    const { entries, summary } = await streamAll(many, { ...LIMITS, maxUrls: 4 });
    expect(entries).toHaveLength(4);
    expect(summary).toMatchObject({ urlCount: 4, truncated: true });
    expect((await streamAll(many, { ...LIMITS, maxUrls: 10 })).summary.truncated).toBe(false);
    expect(parseSitemapText(many, { maxUrls: 3 }).summary).toMatchObject({ urlCount: 3, truncated: true });
  });

  it('fails with TOO_LARGE past maxBytes, counting inflated bytes of gzip', async () => {
    expect((await streamError(many, { ...LIMITS, maxBytes: 200 })).code).toBe('TOO_LARGE');
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10 * 1024);
    expect((await streamError(bomb, { ...LIMITS, maxBytes: 1024 * 1024 })).code).toBe('TOO_LARGE');
    expect(() => parseSitemapText(bomb, { maxBytes: 1024 * 1024 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }),
    );
  });

  it('rejects bad options', async () => {
    await expect(streamAll(many, { maxUrls: 0, maxBytes: 10 })).rejects.toThrow(RangeError);
  });
});

describe('sitemap parser: rejections', () => {
  const cases: Array<[string, string | Buffer, SitemapParseErrorCode]> = [
    [
      'HTML page with doctype',
      '<!DOCTYPE html>\n<html><head><title>Not found</title></head><body>404</body></html>',
      'NOT_XML',
    ],
    ['HTML page without doctype', '<html lang=en><body><p>Sitemap</body></html>', 'NOT_XML'],
    ['HTML with xml-ish root', '<HTML><BODY></BODY></HTML>', 'NOT_XML'],
    ['plain text', 'https://example.com/a\nhttps://example.com/b\n', 'NOT_XML'],
    ['JSON', '{"urls": []}', 'NOT_XML'],
    ['empty body', '   \n', 'NOT_XML'],
    ['mismatched tags', urlset('<url><loc>https://example.com/</url></loc>'), 'MALFORMED_XML'],
    [
      'unclosed root (cut download)',
      urlset('<url><loc>https://example.com/</loc></url>').replace('</urlset>', ''),
      'MALFORMED_XML',
    ],
    ['cut inside a tag', `<urlset xmlns="${NS}"><url><loc>https://example.com/</loc></url><ur`, 'MALFORMED_XML'],
    ['unescaped ampersand', urlset('<url><loc>https://example.com/?a=1&b=2</loc></url>'), 'MALFORMED_XML'],
    ['undeclared entity', urlset('<url><loc>https://example.com/&nbsp;</loc></url>'), 'MALFORMED_XML'],
    ['bad attribute', `<urlset xmlns=${NS}></urlset>`, 'MALFORMED_XML'],
    ['stray closing tag', `<urlset xmlns="${NS}"></url></urlset>`, 'MALFORMED_XML'],
    ['text before root after declaration', '<?xml version="1.0"?>oops<urlset/>', 'MALFORMED_XML'],
    [
      'corrupt gzip',
      Buffer.concat([gzipSync(urlset('<url><loc>https://example.com/</loc></url>')).subarray(0, 20)]),
      'MALFORMED_XML',
    ],
    ['RSS feed', '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', 'NOT_A_SITEMAP'],
    ['Atom feed', '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'NOT_A_SITEMAP'],
    ['wrong root', '<sitemaps><sitemap><loc>x</loc></sitemap></sitemaps>', 'NOT_A_SITEMAP'],
  ];

  it.each(cases)('%s', async (_name, body, code) => {
    expect((await streamError(body)).code).toBe(code);
    expect(textError(body)).toBe(code);
  });

  it('describes a binary body by its first bytes, never quoting them', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 0)]);
    for (const body of [png, gzipSync(png), gzipSync(gzipSync(urlset('')))]) {
      const error = await streamError(body);
      expect(error.code).toBe('NOT_XML');
      expect(error.message).toMatch(/^NOT_XML: binary content \(starts with bytes [0-9a-f]{2}( [0-9a-f]{2}){7} …\)$/);
      expect(() => parseSitemapText(body)).toThrow(error.message);
    }
    expect((await streamError(png)).message).toBe(
      'NOT_XML: binary content (starts with bytes 89 50 4e 47 0d 0a 1a 0a …)',
    );
  });

  it('escapes control characters and undecodable bytes of the body it quotes', async () => {
    const error = await streamError(Buffer.from([0x6f, 0x6f, 0x70, 0x73, 0xff, 0xfe, 0x09, 0x3c, 0x61, 0x3e]));
    expect(error.message).toBe('NOT_XML: body starts with text, not markup: "oops\\ufffd\\ufffd"');
  });

  it('stops reading at the end of the root: trailing junk (a PHP notice after </urlset>) does not lose the file', async () => {
    const xml = `${urlset('<url><loc>https://example.com/</loc></url>')}\n<b>Notice</b>: Undefined index <urlset>`;
    expect((await streamAll(xml)).entries).toHaveLength(1);
    expect(parseSitemapText(xml).entries).toHaveLength(1);
  });

  it('passes source errors through untouched', async () => {
    const failing = (async function* () {
      // Past the 512 bytes held back to tell binary bodies from text, so the entry is parsed before the error.
      yield Buffer.from(`<urlset xmlns="${NS}"><url><loc>https://example.com/</loc></url>${' '.repeat(512)}`);
      throw new Error('socket hang up');
    })();
    const entries: SitemapEntry[] = [];
    await expect(
      (async () => {
        for await (const entry of parseSitemapStream(failing, LIMITS)) entries.push(entry);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(entries).toHaveLength(1);
  });

  it('closes the source when the consumer stops early', async () => {
    const source = Readable.from(
      (function* () {
        yield Buffer.from(`<urlset xmlns="${NS}">`);
        for (let i = 0; ; i++) yield Buffer.from(`<url><loc>https://example.com/${i}</loc></url>`);
      })(),
    );
    let seen = 0;
    for await (const _entry of parseSitemapStream(source, { maxUrls: 1_000_000, maxBytes: 1024 * 1024 * 1024 }))
      if (++seen === 3) break;
    expect(source.destroyed).toBe(true);
  });
});
