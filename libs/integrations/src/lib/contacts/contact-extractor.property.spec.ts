import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import fc from 'fast-check';

import { CONTACT_LIMITS, CONTEXT_MAX_LENGTH, extractContacts } from './contact-extractor';
import { bracketedEmails, plainEmails, spacedEmails } from './email-scan';
import { readPage } from './html-text';

/**
 * Property tests (issue 12): the linear scanners return what the regexes they replaced matched, the streaming reader
 * yields the text the cheerio DOM walk did, and no input makes the extractor throw, grow its output past its caps or
 * spend more than a size-scaled CPU budget.
 */

// The regexes of the extractor before issue 12, as references on inputs small enough for their backtracking.
const TEXT_EMAIL = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}/gi;
const BRACKET_AT =
  /([a-z0-9._%+-]+)\s*[[({]\s*at\s*[\])}]\s*([a-z0-9-]+(?:\s*(?:[[({]\s*dot\s*[\])}]|\.)\s*[a-z0-9-]+)+)/gi;
const SPACED_AT = /\b([A-Za-z0-9._%+-]+) AT ([A-Za-z0-9-]+(?: DOT [A-Za-z0-9-]+)+)\b/g;
const DOT_WORD = /\s*(?:[[({]\s*dot\s*[\])}]|\.|\bDOT\b)\s*/gi;

const lowerAscii = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

const EMAIL_PIECES = [
  'a',
  'B',
  'z',
  '0',
  '9',
  '.',
  '..',
  '-',
  '_',
  '%',
  '+',
  '@',
  ' ',
  '  ',
  '\n',
  '\u00a0',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  'at',
  'AT',
  'dot',
  'DOT',
  ' AT ',
  ' DOT ',
  'com',
  'co',
  'uk',
  'x1',
  '#',
  ',',
  'é',
];
// Short enough that no local part reaches the 64-character limit the scanners add.
const emailText = fc.array(fc.constantFrom(...EMAIL_PIECES), { maxLength: 24 }).map((parts) => parts.join(''));

describe('e-mail scanners agree with the regexes they replaced', () => {
  it('plain name@domain.tld', () => {
    fc.assert(
      fc.property(emailText, (text) => {
        const lower = lowerAscii(text);
        const expected = [...text.matchAll(TEXT_EMAIL)].map((m) => ({ at: m.index, value: m[0].toLowerCase() }));
        expect(plainEmails(lower, 1000).map(({ at, value }) => ({ at, value }))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('bracketed name [at] domain [dot] tld', () => {
    fc.assert(
      fc.property(emailText, (text) => {
        const lower = lowerAscii(text);
        const expected = [...text.matchAll(BRACKET_AT)].map((m) => ({
          at: m.index,
          value: `${m[1]}@${m[2].replace(DOT_WORD, '.')}`.toLowerCase(),
        }));
        expect(bracketedEmails(lower, 1000).map(({ at, value }) => ({ at, value }))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('spaced NAME AT DOMAIN DOT TLD', () => {
    fc.assert(
      fc.property(emailText, (text) => {
        const expected = [...text.matchAll(SPACED_AT)].map((m) => ({
          at: m.index,
          value: `${m[1]}@${m[2].replace(DOT_WORD, '.')}`,
        }));
        expect(spacedEmails(text, 1000).map(({ at, value }) => ({ at, value }))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

// The cheerio DOM walk the extractor used before issue 12: the reference for the streaming reader.
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'meta',
  'link',
  'svg',
  'iframe',
  'object',
  'select',
  'textarea',
]);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'button',
  'label',
  'option',
  'input',
]);

function domWalk(html: string): { text: string; hrefs: [string, number][]; jsonLd: [string, number][] } {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const parts: string[] = [];
  let length = 0;
  const hrefs: [string, number][] = [];
  const jsonLd: [string, number][] = [];
  const append = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const visit = (node: AnyNode): void => {
    if (node.nodeType === 3 && 'data' in node) return append(node.data);
    if (!('attribs' in node) || !('name' in node)) {
      if ('children' in node) for (const child of node.children) visit(child);
      return;
    }
    const tag = node.name.toLowerCase();
    if (tag === 'script' && (node.attribs['type'] ?? '').toLowerCase().includes('ld+json'))
      return void jsonLd.push([$(node).text(), length]);
    if (HIDDEN.has(tag)) return;
    if (node.attribs['href'] !== undefined) hrefs.push([node.attribs['href'], length]);
    if (BLOCK.has(tag)) append(' ');
    for (const child of node.children) visit(child);
    if (BLOCK.has(tag)) append(' ');
  };
  visit($.root()[0]);
  return { text: parts.join(''), hrefs, jsonLd };
}

const HTML_PIECES = [
  '<p>',
  '</p>',
  '<div>',
  '</div>',
  '<br>',
  '</br>',
  '<br/>',
  '<li>',
  '</li>',
  '<ul>',
  '<span>',
  '</span>',
  '<b>',
  '</b>',
  '<script>',
  '</script>',
  '<script type="application/ld+json">{"email":"x@acme.com"}</script>',
  '<style>p{}</style>',
  '<noscript>',
  '</noscript>',
  '<template>',
  '</template>',
  '<svg>',
  '</svg>',
  '<path/>',
  '<math>',
  '</math>',
  '<mi/>',
  '<select>',
  '<option>',
  '</select>',
  '<input>',
  '<textarea>',
  '</textarea>',
  '<title>',
  '</title>',
  '<table>',
  '<tr>',
  '<td>',
  '</td>',
  '<th>',
  '<a href="mailto:jo@acme.com">',
  '<a HREF=tel:+15125550100 href="x">',
  '<a href="&amp;x">',
  '</a>',
  '<h1>',
  '</h1>',
  '<body>',
  '<head>',
  '<link href="mailto:hidden@acme.com">',
  '<!-- c -->',
  '<![CDATA[ x ]]>',
  '<!DOCTYPE html>',
  '<?xml x?>',
  '&amp;',
  '&#64;',
  '&nbsp;',
  '&bogus;',
  '<',
  '>',
  '</',
  '<x',
  '"',
  "'",
  '=',
  'text',
  ' ',
  '\n',
  'info@acme.com',
  '(512) 555-0123',
];
const htmlDoc = fc.array(fc.constantFrom(...HTML_PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

describe('the streaming reader reads what the DOM walk read', () => {
  it('same visible text, same links at the same offsets, same JSON-LD', () => {
    fc.assert(
      fc.property(htmlDoc, (html) => {
        const reference = domWalk(html);
        const hrefs: [string, number][] = [];
        const jsonLd: [string, number][] = [];
        const text = readPage(html, {
          element: (attribs, at) => {
            if (attribs['href'] !== undefined) hrefs.push([attribs['href'], at]);
          },
          jsonLd: (source, at) => void jsonLd.push([source, at]),
        });
        expect({ text, hrefs, jsonLd }).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });
});

const cpuMs = (fn: () => void): number => {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

describe('extractContacts on random input', () => {
  const check = (html: string): void => {
    const result = extractContacts(html, { pageUrl: 'https://acme.com/' });
    expect(result.emails.length).toBeLessThanOrEqual(CONTACT_LIMITS.emailsPerPage);
    expect(result.phones.length).toBeLessThanOrEqual(CONTACT_LIMITS.phonesPerPage);
    for (const e of result.emails) {
      expect(e.email.length).toBeLessThanOrEqual(254);
      expect(e.context.length).toBeLessThanOrEqual(CONTEXT_MAX_LENGTH);
    }
    for (const p of result.phones) expect(p.e164).toMatch(/^\+[1-9]\d{1,14}$/);
  };

  it('never throws on arbitrary strings (lone surrogates, controls, any code point)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 1500 });
  });

  it('never throws on random markup and e-mail-like text', () => {
    fc.assert(
      fc.property(
        fc.tuple(htmlDoc, emailText, htmlDoc).map((parts) => parts.join('')),
        check,
      ),
      { numRuns: 1500 },
    );
  });

  it('spends CPU in proportion to the page: repeated random units up to 256 KiB within 2 ms per KiB plus 250 ms', () => {
    const unit = fc
      .array(fc.constantFrom(...HTML_PIECES, ...EMAIL_PIECES, '1', '2', ' 1', '+1 (', '5125550123'), {
        minLength: 1,
        maxLength: 12,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(unit, fc.integer({ min: 1, max: 256 }), (piece, kib) => {
        const html = piece.repeat(Math.ceil((kib * 1024) / piece.length));
        const ms = cpuMs(() => check(html));
        // The fixed part absorbs GC and JIT pauses on a loaded machine; a quadratic scanner misses it by seconds.
        expect(ms).toBeLessThan(250 + 2 * (html.length / 1024));
      }),
      { numRuns: 40 },
    );
  });
});
