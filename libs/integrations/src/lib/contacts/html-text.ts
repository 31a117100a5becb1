/**
 * One streaming pass over a page's HTML: visible text plus the attributes and JSON-LD scripts the contact extractor
 * reads, with no DOM. A DOM is what made hostile pages expensive: htmlparser2's Parser keeps its open-element stack
 * with `unshift`, so 2 MiB of `<div>` took 98 s, and 2 MiB of `<b>x</b>` grew a 118 MB tree. htmlparser2's Tokenizer
 * is a linear state machine (about 25 ms per MiB whatever the shape); the element bookkeeping below mirrors the
 * Parser's (implied closes, void elements, `</p>`/`</br>`, self-closing inside svg/math) with a top-at-end stack,
 * a per-name count so an unmatched close tag costs O(1), and a depth cap.
 */
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Visible text beyond this is not collected (a long article's text is well under it); links after it still count. */
export const MAX_VISIBLE_TEXT_CHARS = 1_000_000;
/** Open elements tracked; deeper markup is read as flat text (browsers cap tree depth in the same spirit). */
export const MAX_ELEMENT_DEPTH = 1024;
/** Longest href / data-cfemail / type value kept; a mailto list or an encoded address is far shorter. */
export const MAX_ATTRIBUTE_CHARS = 8192;
/** JSON-LD kept per page, all scripts together; a business's structured data is a few KiB. */
export const MAX_JSON_LD_CHARS = 512 * 1024;

// Never visible; JSON-LD scripts (often in <head>, so <head> itself is walked) are read before this check.
const HIDDEN_TAGS: ReadonlySet<string> = new Set([
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

// Block boundaries become spaces so `<p>Call</p><p>info@x.com</p>` does not glue words onto addresses.
const BLOCK_TAGS: ReadonlySet<string> = new Set([
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

/** The attributes the extractor reads; every other attribute value is skipped without being copied. */
const WANTED_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'data-cfemail', 'type']);

// htmlparser2's Parser tables (lib/Parser.js), so the text reads as it did through cheerio.
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const TABLE_SECTION_TAGS = new Set(['thead', 'tbody']);
const DDT_TAGS = new Set(['dd', 'dt']);
const RTP_TAGS = new Set(['rt', 'rp']);
const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t): [string, ReadonlySet<string>] => [t, P_TAG]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, ReadonlySet<string>] => [
    t,
    FORM_TAGS,
  ]),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DDT_TAGS],
  ['dt', DDT_TAGS],
  ...[
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((t): [string, ReadonlySet<string>] => [t, P_TAG]),
  ['rt', RTP_TAGS],
  ['rp', RTP_TAGS],
  ['tbody', TABLE_SECTION_TAGS],
  ['tfoot', TABLE_SECTION_TAGS],
]);
const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const FOREIGN_CONTEXT_ELEMENTS: ReadonlySet<string> = new Set(['math', 'svg']);
const HTML_INTEGRATION_ELEMENTS: ReadonlySet<string> = new Set([
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignobject',
  'desc',
  'title',
]);

/** Tag and attribute names past this are cut (consistently for open and close tags), so a 1 MiB name costs nothing. */
const MAX_NAME_CHARS = 64;

const FOREIGN = 1;
const BLOCK_SPACE = 2;
const HIDDEN_ROOT = 4;
const JSON_LD_ROOT = 8;

export interface PageVisitor {
  /** The href / data-cfemail / type attributes of a visible element that has any, `at` = visible text length when it opened. */
  element(attribs: Readonly<Record<string, string>>, at: number): void;
  /** Source of a JSON-LD script outside hidden markup, `at` = visible text length where it stands. */
  jsonLd(source: string, at: number): void;
}

/** Visible text of `html` (capped at {@link MAX_VISIBLE_TEXT_CHARS}); element attributes and JSON-LD go to `visitor`. */
export function readPage(html: string, visitor: PageVisitor): string {
  return new PageReader(html, visitor).run();
}

class PageReader implements TokenizerCallbacks {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly names: string[] = [];
  private readonly flags: number[] = [];
  private readonly openCounts = new Map<string, number>();
  /** Open hidden or JSON-LD elements: while > 0, text and attributes are not visible. */
  private suppressed = 0;
  private jsonLd: string[] | null = null;
  private jsonLdLength = 0;
  private jsonLdTotal = 0;
  private tagName = '';
  /** Stack slot of the tag being opened; -1 when it got none (void, or past the depth cap). */
  private openSlot = -1;
  /** Wanted attributes of the tag being opened; null until one is seen (most tags carry none). */
  private attribs: Record<string, string> | null = null;
  private attribName = '';
  private attribValue = '';

  constructor(
    private readonly html: string,
    private readonly visitor: PageVisitor,
  ) {}

  run(): string {
    const tokenizer = new Tokenizer({ decodeEntities: true }, this);
    tokenizer.write(this.html);
    tokenizer.end();
    return this.parts.join('');
  }

  // --- text ---

  ontext(start: number, endIndex: number): void {
    this.text(start, endIndex, null);
  }

  ontextentity(codepoint: number, _endIndex: number): void {
    this.text(0, 0, fromCodePoint(codepoint));
  }

  private text(start: number, end: number, decoded: string | null): void {
    if (this.jsonLd) {
      const room = MAX_JSON_LD_CHARS - this.jsonLdTotal - this.jsonLdLength;
      if (room <= 0) return;
      const piece = decoded ?? this.html.slice(start, Math.min(end, start + room));
      this.jsonLd.push(piece);
      this.jsonLdLength += piece.length;
      return;
    }
    if (this.suppressed > 0) return;
    const room = MAX_VISIBLE_TEXT_CHARS - this.length;
    if (room <= 0) return;
    const piece = decoded ?? this.html.slice(start, Math.min(end, start + room));
    this.append(piece.length > room ? piece.slice(0, room) : piece);
  }

  private append(piece: string): void {
    if (this.length >= MAX_VISIBLE_TEXT_CHARS) return;
    this.parts.push(piece);
    this.length += piece.length;
  }

  // --- attributes ---

  onattribname(start: number, endIndex: number): void {
    this.attribName = endIndex - start <= MAX_NAME_CHARS ? this.html.slice(start, endIndex).toLowerCase() : '';
    this.attribValue = '';
  }

  onattribdata(start: number, endIndex: number): void {
    if (!this.wantsAttribute()) return;
    const room = MAX_ATTRIBUTE_CHARS - this.attribValue.length;
    if (room > 0) this.attribValue += this.html.slice(start, Math.min(endIndex, start + room));
  }

  onattribentity(codepoint: number): void {
    if (this.wantsAttribute() && this.attribValue.length < MAX_ATTRIBUTE_CHARS)
      this.attribValue += fromCodePoint(codepoint);
  }

  onattribend(_quote: QuoteType, _endIndex: number): void {
    // The first of repeated attributes wins, as in htmlparser2.
    if (this.wantsAttribute()) (this.attribs ??= {})[this.attribName] = this.attribValue;
    this.attribValue = '';
  }

  private wantsAttribute(): boolean {
    return (
      WANTED_ATTRIBUTES.has(this.attribName) &&
      !(this.attribs !== null && Object.prototype.hasOwnProperty.call(this.attribs, this.attribName))
    );
  }

  // --- tags ---

  onopentagname(start: number, endIndex: number): void {
    this.emitOpenTag(this.name(start, endIndex));
  }

  onopentagend(_endIndex: number): void {
    this.endOpenTag();
  }

  onselfclosingtag(_endIndex: number): void {
    const top = this.flags.length - 1;
    if (top >= 0 && (this.flags[top] & FOREIGN) !== 0) {
      // Inside svg/math `<x/>` closes at once, as in XML.
      const slot = this.openSlot;
      this.endOpenTag();
      if (slot >= 0 && this.names.length === slot + 1) this.pop();
    } else {
      this.endOpenTag();
    }
  }

  onclosetag(start: number, endIndex: number): void {
    const name = this.name(start, endIndex);
    if (!VOID_ELEMENTS.has(name)) {
      if ((this.openCounts.get(name) ?? 0) > 0) {
        // The nearest open element of that name closes, with everything opened inside it.
        while (this.names.length > 0) {
          const popped = this.pop();
          if (popped === name) break;
        }
      } else if (name === 'p') {
        // `</p>` without `<p>` is an empty paragraph.
        this.emitOpenTag('p');
        const slot = this.openSlot;
        this.endOpenTag();
        if (slot >= 0 && this.names.length === slot + 1) this.pop();
      }
    } else if (name === 'br') {
      this.emitOpenTag('br');
      this.endOpenTag();
    }
  }

  oncomment(): void {
    // Comments are never visible.
  }

  oncdata(): void {
    // CDATA in HTML is a comment.
  }

  ondeclaration(): void {
    // <!DOCTYPE …>
  }

  onprocessinginstruction(): void {
    // <?xml …?>
  }

  onend(): void {
    while (this.names.length > 0) this.pop();
  }

  private name(start: number, endIndex: number): string {
    return this.html.slice(start, Math.min(endIndex, start + MAX_NAME_CHARS)).toLowerCase();
  }

  private emitOpenTag(name: string): void {
    const impliesClose = OPEN_IMPLIES_CLOSE.get(name);
    if (impliesClose) {
      while (this.names.length > 0 && impliesClose.has(this.names[this.names.length - 1])) this.pop();
    }
    this.tagName = name;
    this.attribs = null;
    this.openSlot = -1;
    if (VOID_ELEMENTS.has(name) || this.names.length >= MAX_ELEMENT_DEPTH) return;
    const parent = this.flags.length > 0 ? this.flags[this.flags.length - 1] & FOREIGN : 0;
    const foreign = FOREIGN_CONTEXT_ELEMENTS.has(name) ? FOREIGN : HTML_INTEGRATION_ELEMENTS.has(name) ? 0 : parent;
    this.names.push(name);
    this.flags.push(foreign);
    this.openCounts.set(name, (this.openCounts.get(name) ?? 0) + 1);
    this.openSlot = this.names.length - 1;
  }

  /** The open tag is complete (attributes known): what the DOM walk did on entering the element. */
  private endOpenTag(): void {
    const name = this.tagName;
    const attribs = this.attribs;
    this.tagName = '';
    this.attribs = null;
    const isVoid = VOID_ELEMENTS.has(name);
    const slot = this.openSlot;
    this.openSlot = -1;
    if (this.suppressed > 0) return;
    if (name === 'script' && (attribs?.['type'] ?? '').toLowerCase().includes('ld+json')) {
      if (slot >= 0) {
        this.flags[slot] |= JSON_LD_ROOT;
        this.suppressed += 1;
        this.jsonLd = [];
        this.jsonLdLength = 0;
      }
      return;
    }
    if (HIDDEN_TAGS.has(name)) {
      if (slot >= 0) {
        this.flags[slot] |= HIDDEN_ROOT;
        this.suppressed += 1;
      }
      return;
    }
    if (attribs !== null) this.visitor.element(attribs, this.length);
    if (!BLOCK_TAGS.has(name)) return;
    this.append(' ');
    // A void element closes at once; another closes later and then adds its closing space.
    if (isVoid || slot < 0) this.append(' ');
    else this.flags[slot] |= BLOCK_SPACE;
  }

  private pop(): string {
    const name = this.names.pop() as string;
    const flags = this.flags.pop() as number;
    const count = (this.openCounts.get(name) ?? 1) - 1;
    if (count === 0) this.openCounts.delete(name);
    else this.openCounts.set(name, count);
    if ((flags & JSON_LD_ROOT) !== 0) {
      this.suppressed -= 1;
      const source = (this.jsonLd ?? []).join('');
      this.jsonLd = null;
      this.jsonLdTotal += source.length;
      this.visitor.jsonLd(source, this.length);
    } else if ((flags & HIDDEN_ROOT) !== 0) {
      this.suppressed -= 1;
    } else if ((flags & BLOCK_SPACE) !== 0) {
      this.append(' ');
    }
    return name;
  }
}

function fromCodePoint(codepoint: number): string {
  return codepoint >= 0 && codepoint <= 0x10ffff ? String.fromCodePoint(codepoint) : '\ufffd';
}
