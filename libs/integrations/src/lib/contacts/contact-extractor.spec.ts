import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CountryCode } from 'libphonenumber-js/max';

import { decodeCloudflareEmail, encodeCloudflareEmail } from './cloudflare-email';
import { CONTEXT_MAX_LENGTH, countryFromUrl, extractContacts, mailtoAddresses } from './contact-extractor';
import { classifyEmail } from './email-classification';
import { isContactEmail } from './email-filters';
import { isFreeMailDomain } from './free-mail-domains';

interface ExpectedPage {
  pageUrl: string;
  defaultCountry: CountryCode | null;
  emails: { email: string; email_type: string; has_gmail: boolean; source: string }[];
  phones: { e164: string; source: string }[];
}

const FIXTURES = join(__dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, ExpectedPage>;

describe('fixture pages', () => {
  it('every .html fixture has an expectation and there are at least 25', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(Object.entries(expected))('%s yields exactly its expected contacts', (file, page) => {
    const html = readFileSync(join(FIXTURES, file), 'utf8');
    const result = extractContacts(html, { pageUrl: page.pageUrl, defaultCountry: page.defaultCountry ?? undefined });
    expect(
      result.emails.map(({ email, email_type, has_gmail, source }) => ({ email, email_type, has_gmail, source })),
    ).toEqual(page.emails);
    expect(result.phones.map(({ e164, source }) => ({ e164, source }))).toEqual(page.phones);
    for (const e of result.emails) expect(e.context.length).toBeLessThanOrEqual(CONTEXT_MAX_LENGTH);
    for (const p of result.phones) expect(p.e164).toMatch(/^\+[1-9]\d{6,14}$/);
  });
});

describe('Cloudflare decoding', () => {
  it('uses the first byte as XOR key', () => {
    expect(decodeCloudflareEmail('5a33343c351a292f34293f2e3e3f342e3b3674393537')).toBe('info@sunsetdental.com');
  });
  it('round-trips with any key', () => {
    for (const key of [0x00, 0x13, 0xff])
      expect(decodeCloudflareEmail(encodeCloudflareEmail('a.b+c@x-y.co.uk', key))).toBe('a.b+c@x-y.co.uk');
  });
  it('rejects malformed hex', () => {
    expect(decodeCloudflareEmail('')).toBeNull();
    expect(decodeCloudflareEmail('5a3')).toBeNull();
    expect(decodeCloudflareEmail('zz11')).toBeNull();
  });
  it('reads data-cfemail on any element', () => {
    const html = `<p><span class="__cf_email__" data-cfemail="${encodeCloudflareEmail('owner@shop.com')}">[email&#160;protected]</span></p>`;
    expect(extractContacts(html, { pageUrl: 'https://shop.com/' }).emails.map((e) => [e.email, e.source])).toEqual([
      ['owner@shop.com', 'cloudflare'],
    ]);
  });
});

describe('obfuscation patterns', () => {
  const emails = (text: string): string[] =>
    extractContacts(`<p>${text}</p>`, { pageUrl: 'https://x.com/' }).emails.map((e) => e.email);
  it.each([
    ['jo [at] acme [dot] com', 'jo@acme.com'],
    ['jo(at)acme(dot)com', 'jo@acme.com'],
    ['jo {at} acme {dot} co {dot} uk', 'jo@acme.co.uk'],
    ['jo [at] acme.com', 'jo@acme.com'],
    ['jo AT acme DOT com', 'jo@acme.com'],
    ['jo&#64;acme.com', 'jo@acme.com'],
  ])('%s', (text, email) => expect(emails(text)).toEqual([email]));
  it('ignores prose with a lower-case "at"', () => {
    expect(emails('meet us at the marina dot com booth')).toEqual([]);
  });
});

describe('mailto parsing', () => {
  it('strips the query, percent-decodes and splits lists', () => {
    expect(mailtoAddresses('mailto:a@x.com,%20b@x.com?subject=Hi%20there&body=x')).toEqual(['a@x.com', 'b@x.com']);
  });
  it('reads cc and bcc headers', () => {
    expect(mailtoAddresses('MAILTO:a@x.com?cc=c@x.com&bcc=d@x.com;e@x.com')).toEqual([
      'a@x.com',
      'c@x.com',
      'd@x.com',
      'e@x.com',
    ]);
  });
  it('survives a stray percent sign', () => {
    expect(mailtoAddresses('mailto:50%off@x.com')).toEqual(['50%off@x.com']);
  });
  it('ranks the link ahead of its own text and dedupes case-insensitively', () => {
    const r = extractContacts('<a href="mailto:Info@Acme.com">INFO@acme.com</a>', { pageUrl: 'https://acme.com' });
    expect(r.emails).toHaveLength(1);
    expect(r.emails[0]).toMatchObject({ email: 'info@acme.com', source: 'mailto' });
    expect(r.emails[0].context).toContain('INFO@acme.com');
  });
});

describe('filters', () => {
  it.each([
    'logo@2x.png',
    'hero@3x.webp',
    'icon@2x.svg',
    'a@b.js',
    'you@example.com',
    'x@mail.example.org',
    'a@test.com',
    'me@yourdomain.com',
    'noreply@acme.com',
    'no-reply@acme.com',
    'donotreply@acme.com',
    'do-not-reply@acme.com',
    'user@acme.com',
    'name@acme.com',
    'email@acme.com',
    'your.name@acme.com',
    'yourname@acme.com',
    'john.doe@acme.com',
    'sentry@acme.com',
    '0123456789abcdef0123456789abcdef@acme.com',
    'x@o1.ingest.sentry.io',
    'x@sentry-next.wixpress.com',
    'a@localhost',
    'a@acme.c',
    'a@acme.123',
    '.a@acme.com',
    'a..b@acme.com',
  ])('rejects %s', (email) => {
    expect(isContactEmail(email)).toBe(false);
  });
  it.each(['info@acme.com', 'jane.o-neil+web@acme.co.uk', 'owner@shop.gym', 'a@b.io'])('keeps %s', (email) => {
    expect(isContactEmail(email)).toBe(true);
  });
  it('never emits placeholder phones', () => {
    const r = extractContacts('<a href="tel:Phone not found">x</a><p>Phone not found</p>', {
      pageUrl: 'https://a.com',
      defaultCountry: 'US',
    });
    expect(r.phones).toEqual([]);
  });
});

describe('classification', () => {
  it.each([
    ['info@acme.com', 'SERVICE', false],
    ['bookings@acme.com', 'SERVICE', false],
    ['sales.uk@acme.com', 'SERVICE', false],
    ['jane@acme.com', 'CORPORATE', false],
    ['jane@gmail.com', 'FREE', true],
    ['info@gmail.com', 'FREE', true],
    ['a@googlemail.com', 'FREE', true],
    ['a@yahoo.co.jp', 'FREE', false],
    ['a@gmx.de', 'FREE', false],
    ['a@proton.me', 'FREE', false],
  ])('%s → %s', (email, type, gmail) => {
    expect(classifyEmail(email)).toEqual({ email_type: type, has_gmail: gmail });
  });
  it('does not treat look-alike corporate domains as free mail', () => {
    expect(isFreeMailDomain('yahoofinance')).toBe(false);
    expect(isFreeMailDomain('gmailer.com')).toBe(false);
  });
});

describe('country from URL', () => {
  it.each([
    ['https://a.co.uk/x', 'GB'],
    ['https://a.de', 'DE'],
    ['https://a.com', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, country) => expect(countryFromUrl(url)).toBe(country));
});
