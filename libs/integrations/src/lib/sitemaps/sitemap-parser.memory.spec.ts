import { pipeline, Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants, createGzip } from 'node:zlib';

import { parseSitemapBatches } from './sitemap-parser';

const URLS = 1_000_000;
const PER_CHUNK = 500;

/** A 1,000,000-URL sitemap generated on the fly (~120 MB of XML), so the test itself holds no document in memory. */
function generatedSitemap(): Readable {
  return Readable.from(
    (function* () {
      yield Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
      );
      for (let start = 0; start < URLS; start += PER_CHUNK) {
        let chunk = '';
        for (let i = start; i < start + PER_CHUNK; i++)
          chunk += `<url><loc>https://example.com/products/item-${i}?ref=a&amp;v=${i % 7}</loc><lastmod>2024-05-01</lastmod></url>\n`;
        yield Buffer.from(chunk);
      }
      yield Buffer.from('</urlset>\n');
    })(),
    { objectMode: false },
  );
}

/**
 * heapUsed alone mostly measures when V8 chooses to collect. A forced GC every 100,000 URLs gives the heap the parser
 * really retains (must stay flat) and also bounds the garbage-inclusive peak the brief asks about.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

interface Measured {
  count: number;
  last: string;
  peakGrowth: number;
  /** Heap growth after a full GC, every 100,000 URLs. */
  retained: number[];
  gzipped: boolean;
  bytes: number;
}

async function measure(source: Readable): Promise<Measured> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const retained: number[] = [];
  let peak = before;
  let count = 0;
  let last = '';
  for await (const batch of parseSitemapBatches(source, {
    batchSize: 5_000,
    maxUrls: 2_000_000,
    maxBytes: 512 * 1024 * 1024,
  })) {
    count += batch.entries.length;
    last = batch.entries.at(-1)?.loc ?? last;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (count % 100_000 === 0) {
      collect();
      retained.push(process.memoryUsage().heapUsed - before);
    }
    if (batch.summary) {
      expect(batch.summary).toMatchObject({ type: 'urlset', urlCount: URLS, truncated: false });
      return {
        count,
        last,
        peakGrowth: peak - before,
        retained,
        gzipped: batch.summary.gzipped,
        bytes: batch.summary.bytes,
      };
    }
  }
  throw new Error('no final batch');
}

/** Set SITEMAP_MEMORY_REPORT=1 to see the numbers (the unit setup silences console otherwise). */
function report(label: string, result: Measured, started: number): void {
  const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
  if (process.env['SITEMAP_MEMORY_REPORT'] === '1') {
    process.stderr.write(
      `${label}: peak heap growth ${mb(result.peakGrowth)} MB, retained ${result.retained.map(mb).join('/')} MB, ${Date.now() - started} ms\n`,
    );
  }
}

/** Retained heap must not grow with the URLs read: the last checkpoint is within 16 MB of the first. */
function expectFlat(result: Measured): void {
  expect(result.retained.length).toBeGreaterThanOrEqual(10);
  expect(Math.max(...result.retained)).toBeLessThan(64 * 1024 * 1024);
  expect(result.retained[result.retained.length - 1] - result.retained[0]).toBeLessThan(16 * 1024 * 1024);
  expect(result.peakGrowth).toBeLessThan(150 * 1024 * 1024);
}

describe('sitemap parser: 1,000,000 URLs', () => {
  jest.setTimeout(60_000);

  it('streams plain XML with flat memory', async () => {
    const started = Date.now();
    const result = await measure(generatedSitemap());
    expect(result.count).toBe(URLS);
    expect(result.last).toBe(`https://example.com/products/item-${URLS - 1}?ref=a&v=${(URLS - 1) % 7}`);
    expect(result.bytes).toBeGreaterThan(100 * 1024 * 1024);
    expectFlat(result);
    expect(Date.now() - started).toBeLessThan(20_000);
    report('plain', result, started);
  });

  it('streams the same sitemap gzipped with flat memory', async () => {
    const started = Date.now();
    const gzip = createGzip({ level: constants.Z_BEST_SPEED });
    const result = await measure(pipeline(generatedSitemap(), gzip, () => undefined));
    expect(result.gzipped).toBe(true);
    expect(result.count).toBe(URLS);
    expectFlat(result);
    expect(Date.now() - started).toBeLessThan(20_000);
    report('gzip', result, started);
  });
});
