import { CONTACT_LIMITS, extractContacts } from './contact-extractor';

/**
 * Hostile pages (issue 12, defect 1). Time bounds prove a mechanism with a wide margin: the linear extractor reads
 * each of these in 30-250 ms of CPU; the regexes it replaced took seconds to hours. CPU time rather than wall time,
 * because these tests share two cores with other work: a quadratic scan still burns its seconds of CPU.
 */
const KiB = 1024;
const MiB = 1024 * KiB;
const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const timed = <T>(fn: () => T): { result: T; ms: number } => {
  const started = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
};

const extract = (html: string) => extractContacts(html, { pageUrl: 'https://acme.com/', defaultCountry: 'US' });

describe('extractContacts on hostile pages', () => {
  beforeAll(() => {
    // Loads libphonenumber's metadata and warms the JIT, so the first timed case measures the extractor.
    extract('<p>jo@acme.com (512) 555-0123</p>');
  });

  it('reads 48 KiB of "a.a.a…" in under a second (TEXT_EMAIL and SPACED_AT regexes were quadratic: 34 s for 64 KiB)', () => {
    const { result, ms } = timed(() => extract(`<p>${fill('a.', 48 * KiB)}</p>`));
    expect(result).toEqual({ emails: [], phones: [] });
    expect(ms).toBeLessThan(1000);
  });

  it('reads 48 KiB of local-part characters before "(at)" in under a second (BRACKET_AT and TEXT_EMAIL re-scanned the run from every start)', () => {
    const { result, ms } = timed(() => extract(`<p>${fill('a-', 48 * KiB)} (at) </p>`));
    expect(result.emails).toEqual([]);
    expect(ms).toBeLessThan(1000);
  });

  it('finds the context of 8,000 addresses without lower-casing the page per address (5 s before), keeping at most the per-page cap', () => {
    const html = `<p>${Array.from({ length: 8000 }, (_, i) => `Write to Desk${i}@Shop${i}.com today.`).join(' ')}</p>`;
    const { result, ms } = timed(() => extract(html));
    expect(result.emails).toHaveLength(CONTACT_LIMITS.emailsPerPage);
    expect(result.emails[0]).toMatchObject({
      email: 'desk0@shop0.com',
      source: 'text',
      context: expect.stringContaining('Write to Desk0@Shop0.com today.'),
    });
    expect(ms).toBeLessThan(1000);
  });

  const shapes: [string, string][] = [
    ['a.a.a…', fill('a.', MiB)],
    ['@@@@…', fill('@', MiB)],
    ['a@a@a@…', fill('a@', MiB)],
    ['a@a.a@a.…', fill('a@a.', MiB)],
    ['[at][at]…', fill('[at]', MiB)],
    ['x (at) y [dot] …', fill('x (at) y [dot] ', MiB)],
    ['A AT A AT …', fill('A AT ', MiB)],
    ['a AT b DOT …', fill('a AT b DOT ', MiB)],
    ['tel: links', fill('<a href="tel:+15125550123">call</a>', MiB)],
    [
      'distinct tel: links',
      Array.from(
        { length: 40_000 },
        (_, i) => `<a href="tel:+1512555${String(i % 10_000).padStart(4, '0')}">x</a>`,
      ).join(''),
    ],
    ['mailto: links', fill('<a href="mailto:a@b.co">x</a>', MiB)],
    ['a long digit run', fill('1', MiB)],
    ['spaced digit soup', fill('1 ', MiB)],
    ['digit soup cut into runs', fill('1 1 1 1 1 a ', MiB)],
    ['a million phone-like characters', fill('(512) 555-0123 ', MiB)],
    ['nested <div>', fill('<div>', MiB)],
    ['<b>x</b> elements', fill('<b>x</b>', MiB)],
    ['unmatched close tags', fill('</x>', MiB)],
    ['entities', fill('&amp;&#64;&#x40;', MiB)],
    ['one huge attribute', `<a href="${fill('mailto:a@b.com,', MiB - 20)}">x</a>`],
    ['Cloudflare widgets', fill('<span data-cfemail="5a33343c351a292f34293f2e3e3f342e3b3674393537"></span>', MiB)],
    [
      'a JSON-LD script of addresses',
      `<script type="application/ld+json">${JSON.stringify({ email: Array.from({ length: 70_000 }, (_, i) => `x${i}@a.com`) })}</script>`,
    ],
    ['deep JSON-LD', `<script type="application/ld+json">${fill('[', MiB / 2)}${fill(']', MiB / 2)}</script>`],
    ['long local parts', fill(`${'a'.repeat(100)}@b.com `, MiB)],
    ['one long domain', `a@${fill('a-', MiB)}`],
    ['valid-looking addresses', Array.from({ length: 70_000 }, (_, i) => `u${i}@shop${i}.com`).join(' ')],
  ];

  it.each(shapes)('reads a 1 MiB page of %s in under a second with bounded output', (_name, html) => {
    expect(html.length).toBeGreaterThanOrEqual(MiB * 0.9);
    const { result, ms } = timed(() => extract(html));
    expect(ms).toBeLessThan(1000);
    expect(result.emails.length).toBeLessThanOrEqual(CONTACT_LIMITS.emailsPerPage);
    expect(result.phones.length).toBeLessThanOrEqual(CONTACT_LIMITS.phonesPerPage);
  });

  it('still reads links that come after the visible-text cap', () => {
    const html = `<p>${fill('lorem ipsum ', CONTACT_LIMITS.maxVisibleTextChars + 10)}</p><a href="mailto:owner@acme-bakery.com">mail</a><a href="tel:+15125550123">call</a>`;
    const result = extract(html);
    expect(result.emails.map((e) => e.email)).toEqual(['owner@acme-bakery.com']);
    expect(result.phones.map((p) => p.e164)).toEqual(['+15125550123']);
  });

  it('keeps hidden markup hidden however deep it is nested (below the depth cap)', () => {
    const html = `${'<div>'.repeat(900)}<script>var x = "leak@acme-bakery.com";</script><noscript>hidden@acme-bakery.com</noscript>shown@acme-bakery.com${'</div>'.repeat(900)}`;
    expect(extract(html).emails.map((e) => e.email)).toEqual(['shown@acme-bakery.com']);
  });
});
