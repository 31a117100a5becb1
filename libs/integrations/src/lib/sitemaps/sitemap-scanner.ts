import { normalizeLastmod } from './lastmod';
import { preview } from './preview';
import { SitemapChangefreq, SitemapEntry, SitemapKind, SitemapParseError, SitemapRootType } from './sitemap.types';

/**
 * Push-based XML scanner for the sitemap structure (root → `url`/`sitemap` → `loc`/`lastmod`/`changefreq`/`priority`).
 *
 * Why hand-written: the sitemap must be streamed (a 1,000,000-URL file is 100+ MB of XML) and fast-xml-parser builds
 * the whole tree. The scanner still checks well-formedness (tag nesting, entities, attribute syntax, a single root) so
 * broken files are rejected instead of half-imported, but it keeps only the open-element stack, the entry being read
 * and at most one unfinished piece of markup, so memory does not grow with the document.
 */

/** A single tag, comment, CDATA section or DOCTYPE longer than this is not a sitemap; the cap bounds `pending`. */
const MAX_MARKUP_CHARS = 1024 * 1024;
/** `<loc>` is limited to 2,048 characters by the protocol; longer text is kept out of memory and the entry dropped. */
const MAX_FIELD_CHARS = 64 * 1024;
/** Sitemaps nest four levels (five with extensions); deeper nesting is hostile or not a sitemap. */
const MAX_DEPTH = 64;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
type Scope = ReadonlyMap<string, string>;
const ROOT_SCOPE: Scope = new Map([['xml', XML_NAMESPACE]]);

type Field = 'loc' | 'lastmod' | 'changefreq' | 'priority';
const FIELDS: ReadonlySet<string> = new Set<Field>(['loc', 'lastmod', 'changefreq', 'priority']);
const CHANGEFREQS: ReadonlySet<string> = new Set<SitemapChangefreq>([
  'always',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'never',
]);
type Extension = 'image' | 'video' | 'news';

// XML names, loosely: ASCII name characters plus anything non-ASCII, one optional prefix.
const NAME =
  /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(?:#(\d{1,7});|#x([0-9a-fA-F]{1,6});|(amp|lt|gt|quot|apos);)|&/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NON_WHITESPACE = /[^ \t\r\n]/;
const PRIORITY = /^(?:0(?:\.\d*)?|1(?:\.0*)?|\.\d+)$/;

interface Frame {
  qname: string;
  scope: Scope;
}

interface EntryDraft {
  kind: 'url' | 'sitemap';
  loc?: string;
  lastmod?: string;
  changefreq?: SitemapChangefreq;
  priority?: number;
  oversized: boolean;
}

const malformed = (message: string): SitemapParseError => new SitemapParseError('MALFORMED_XML', message);

export function decodeXmlEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(
    ENTITY,
    (match: string, dec: string | undefined, hex: string | undefined, named: string | undefined) => {
      if (named !== undefined) return NAMED_ENTITIES[named];
      if (dec === undefined && hex === undefined)
        throw malformed(`unescaped "&" or undeclared entity near "${preview(raw, 80)}"`);
      const codePoint = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        throw malformed(`invalid character reference ${preview(match, 20)}`);
      return String.fromCodePoint(codePoint);
    },
  );
}

function extensionOf(namespace: string): Extension | null {
  // Matched on the distinctive path so http/https and version variants of Google's namespaces all count.
  if (namespace.includes('sitemap-news')) return 'news';
  if (namespace.includes('sitemap-video')) return 'video';
  if (namespace.includes('sitemap-image')) return 'image';
  return null;
}

export class SitemapScanner {
  /** True once the root closed or `maxUrls` was reached: further input is ignored. */
  done = false;
  truncated = false;
  count = 0;
  skipped = 0;

  private pending = '';
  private readonly stack: Frame[] = [];
  private sawContent = false;
  private sawDeclaration = false;
  private rootType: SitemapRootType | null = null;
  private rootNamespace: string | undefined;
  private rootClosed = false;
  private entry: EntryDraft | null = null;
  private field: Field | null = null;
  private fieldRaw = '';
  private fieldValue = '';
  private readonly extensions = new Set<Extension>();
  private readonly extensionCache = new Map<string, Extension | null>();

  constructor(
    private readonly maxUrls: number,
    private readonly onEntry: (entry: SitemapEntry) => void,
  ) {}

  push(chunk: string): void {
    if (this.done || chunk.length === 0) return;
    const buf = this.pending.length > 0 ? this.pending + chunk : chunk;
    const len = buf.length;
    let pos = 0;
    while (pos < len && !this.done) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) {
        this.text(buf, pos, len);
        pos = len;
        break;
      }
      if (lt > pos) this.text(buf, pos, lt);
      const end = this.markup(buf, lt);
      if (end === -1) {
        pos = lt;
        break;
      }
      pos = end;
    }
    this.pending = this.done || pos >= len ? '' : buf.slice(pos);
    if (this.pending.length > MAX_MARKUP_CHARS) throw malformed(`markup longer than ${MAX_MARKUP_CHARS} characters`);
  }

  /** Checks the document is complete and returns what was found. */
  end(): { type: SitemapRootType; sitemapType: SitemapKind } {
    if (!this.done) {
      if (this.pending.length > 0) throw malformed('document ends inside a tag');
      if (this.rootType === null) {
        throw this.sawDeclaration ? malformed('no root element') : new SitemapParseError('NOT_XML', 'empty document');
      }
      if (!this.rootClosed)
        throw malformed(`document ends before </${preview(this.stack[0]?.qname ?? this.rootType)}> (cut download?)`);
    }
    const type = this.rootType ?? 'urlset';
    return { type, sitemapType: this.kind(type) };
  }

  private kind(type: SitemapRootType): SitemapKind {
    if (type === 'sitemapindex') return 'index';
    for (const extension of ['news', 'video', 'image'] as const) if (this.extensions.has(extension)) return extension;
    return 'standard';
  }

  private text(buf: string, start: number, end: number): void {
    const depth = this.stack.length;
    if (depth === 3 && this.field !== null) {
      if (this.fieldRaw.length + this.fieldValue.length + (end - start) > MAX_FIELD_CHARS) this.overflow();
      else this.fieldRaw += buf.slice(start, end);
      return;
    }
    if (depth > 0) return;
    const slice = buf.slice(start, end);
    if (!NON_WHITESPACE.test(slice)) return;
    if (this.rootClosed) throw malformed('text after the root element');
    if (!this.sawContent)
      throw new SitemapParseError('NOT_XML', `body starts with text, not markup: "${preview(slice.trim())}"`);
    throw malformed('text before the root element');
  }

  private overflow(): void {
    if (this.entry) this.entry.oversized = true;
    this.fieldRaw = '';
    this.fieldValue = '';
  }

  /** Handles the markup at `lt`; returns the index after it, or -1 when it is not complete in `buf` yet. */
  private markup(buf: string, lt: number): number {
    if (lt + 1 >= buf.length) return -1;
    const next = buf.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const close = buf.indexOf('?>', lt + 2);
      if (close === -1) return -1;
      const isDeclaration = /^<\?xml[\s?]/i.test(buf.slice(lt, lt + 6));
      if (isDeclaration && this.sawContent) throw malformed('XML declaration not at the start');
      this.sawContent = true;
      this.sawDeclaration ||= isDeclaration;
      return close + 2;
    }
    if (next === 0x21 /* ! */) return this.bang(buf, lt);
    this.sawContent = true;
    if (next === 0x2f /* / */) {
      const gt = buf.indexOf('>', lt + 2);
      if (gt === -1) return -1;
      this.endElement(buf.slice(lt + 2, gt).trimEnd());
      return gt + 1;
    }
    const gt = this.tagEnd(buf, lt);
    if (gt === -1) return -1;
    let inner = buf.slice(lt + 1, gt);
    const selfClosing = inner.endsWith('/');
    if (selfClosing) inner = inner.slice(0, -1);
    this.startElement(inner, selfClosing);
    return gt + 1;
  }

  /** The `>` closing a start tag, skipping quoted attribute values (which may contain `>`). */
  private tagEnd(buf: string, lt: number): number {
    const gt = buf.indexOf('>', lt + 1);
    if (gt === -1) return -1;
    const inner = buf.slice(lt + 1, gt);
    if (!inner.includes('"') && !inner.includes("'")) return gt;
    let quote = 0;
    for (let i = lt + 1; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) return i;
    }
    return -1;
  }

  private bang(buf: string, lt: number): number {
    const head = buf.slice(lt, lt + 9);
    if (head.startsWith('<!--')) {
      const close = buf.indexOf('-->', lt + 4);
      return close === -1 ? -1 : close + 3;
    }
    if (head === '<![CDATA[') {
      const close = buf.indexOf(']]>', lt + 9);
      if (close === -1) return -1;
      if (this.stack.length === 0) throw malformed('CDATA outside the root element');
      if (this.stack.length === 3 && this.field !== null) this.appendField(buf.slice(lt + 9, close));
      return close + 3;
    }
    if (head.toUpperCase() === '<!DOCTYPE') {
      if (this.stack.length > 0 || this.rootClosed) throw malformed('DOCTYPE inside the document');
      const end = this.doctypeEnd(buf, lt);
      if (end === -1) return -1;
      if (/^<!DOCTYPE\s+html\b/i.test(buf.slice(lt, lt + 20)))
        throw new SitemapParseError('NOT_XML', 'HTML document (<!DOCTYPE html>)');
      this.sawContent = true;
      return end;
    }
    // A prefix of one of the above cut by the chunk boundary: wait for more input.
    if (
      buf.length - lt < 9 &&
      ['<!--', '<![CDATA[', '<!DOCTYPE'].some((m) => m.startsWith(head.toUpperCase()) || m.startsWith(head))
    )
      return -1;
    if (!this.sawContent) throw new SitemapParseError('NOT_XML', `unknown markup "${preview(head)}"`);
    throw malformed(`unknown markup "${preview(head)}"`);
  }

  /** A DOCTYPE may carry an internal subset in brackets; its entities are never expanded (unknown ones fail later). */
  private doctypeEnd(buf: string, lt: number): number {
    const gt = buf.indexOf('>', lt);
    const bracket = buf.indexOf('[', lt);
    if (bracket === -1 || (gt !== -1 && gt < bracket)) return gt === -1 ? -1 : gt + 1;
    const close = buf.indexOf(']', bracket);
    if (close === -1) return -1;
    const end = buf.indexOf('>', close);
    return end === -1 ? -1 : end + 1;
  }

  private appendField(decoded: string): void {
    this.flushFieldRaw();
    if (this.fieldValue.length + decoded.length > MAX_FIELD_CHARS) this.overflow();
    else this.fieldValue += decoded;
  }

  private flushFieldRaw(): void {
    if (this.fieldRaw.length === 0) return;
    this.fieldValue += decodeXmlEntities(this.fieldRaw);
    this.fieldRaw = '';
  }

  private startElement(inner: string, selfClosing: boolean): void {
    const nameEnd = inner.search(/[\s]/);
    const qname = nameEnd === -1 ? inner : inner.slice(0, nameEnd);
    if (!NAME.test(qname)) {
      if (this.rootType === null)
        throw new SitemapParseError('NOT_XML', `not an XML element: "<${preview(inner, 40)}"`);
      throw malformed(`invalid element name "<${preview(inner, 40)}"`);
    }
    if (this.rootClosed) throw malformed(`element <${preview(qname)}> after the root element`);
    if (this.stack.length >= MAX_DEPTH) throw malformed(`elements nested deeper than ${MAX_DEPTH}`);

    const parentScope = this.stack.length > 0 ? this.stack[this.stack.length - 1].scope : ROOT_SCOPE;
    const scope = nameEnd === -1 ? parentScope : this.declare(inner.slice(nameEnd), parentScope, qname);
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    // An undeclared prefix is a namespace error in strict XML; tolerated as its own namespace because generators get
    // it wrong and the structure is still unambiguous.
    const namespace = scope.get(prefix) ?? (prefix === '' ? undefined : `undeclared:${prefix}`);
    const depth = this.stack.length + 1;

    if (depth === 1) this.root(qname, local, namespace);
    else if (namespace !== this.rootNamespace) {
      if (namespace !== undefined) this.noteExtension(namespace);
    } else if (depth === 2) {
      const childName = this.rootType === 'urlset' ? 'url' : 'sitemap';
      if (local === childName) this.entry = { kind: this.rootType === 'urlset' ? 'url' : 'sitemap', oversized: false };
    } else if (depth === 3 && this.entry !== null && FIELDS.has(local)) {
      this.field = local as Field;
      this.fieldRaw = '';
      this.fieldValue = '';
    }

    const frame: Frame = { qname, scope };
    this.stack.push(frame);
    if (selfClosing) this.endElement(qname);
  }

  /** Parses the attributes (checking their syntax) and returns the scope with any `xmlns` declarations added. */
  private declare(attributes: string, parentScope: Scope, qname: string): Scope {
    let scope = parentScope;
    ATTRIBUTE.lastIndex = 0;
    let last = 0;
    for (let match = ATTRIBUTE.exec(attributes); match !== null; match = ATTRIBUTE.exec(attributes)) {
      last = ATTRIBUTE.lastIndex;
      const name = match[1];
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(
        name === 'xmlns' ? '' : name.slice(6),
        decodeXmlEntities(match[2] ?? match[3] ?? ''),
      );
    }
    if (NON_WHITESPACE.test(attributes.slice(last))) {
      const message = `bad attribute syntax in <${preview(qname)}${preview(attributes)}`;
      throw this.rootType === null && this.stack.length === 0 && /^html$/i.test(qname)
        ? new SitemapParseError('NOT_XML', 'HTML document')
        : malformed(message);
    }
    return scope;
  }

  private root(qname: string, local: string, namespace: string | undefined): void {
    if (local.toLowerCase() === 'html') throw new SitemapParseError('NOT_XML', 'HTML document (<html> root)');
    if (local !== 'urlset' && local !== 'sitemapindex')
      throw new SitemapParseError(
        'NOT_A_SITEMAP',
        `root element is <${preview(qname)}>, not <urlset> or <sitemapindex>`,
      );
    this.rootType = local;
    this.rootNamespace = namespace;
  }

  private noteExtension(namespace: string): void {
    let extension = this.extensionCache.get(namespace);
    if (extension === undefined) {
      extension = extensionOf(namespace);
      this.extensionCache.set(namespace, extension);
    }
    if (extension !== null) this.extensions.add(extension);
  }

  private endElement(qname: string): void {
    const frame = this.stack.pop();
    if (frame === undefined) throw malformed(`closing tag </${preview(qname)}> without an open element`);
    if (frame.qname !== qname) throw malformed(`</${preview(qname)}> closes <${preview(frame.qname)}>`);
    const depth = this.stack.length + 1;
    if (depth === 3 && this.field !== null) this.finishField();
    else if (depth === 2 && this.entry !== null) this.finishEntry(this.entry);
    else if (depth === 1) {
      this.rootClosed = true;
      this.done = true;
    }
  }

  private finishField(): void {
    const field = this.field;
    this.field = null;
    const entry = this.entry;
    if (entry === null || field === null) return;
    this.flushFieldRaw();
    const value = this.fieldValue.trim();
    this.fieldValue = '';
    if (value.length === 0) return;
    if (field === 'loc') entry.loc = value;
    else if (field === 'lastmod') {
      const lastmod = normalizeLastmod(value);
      if (lastmod !== null) entry.lastmod = lastmod;
    } else if (field === 'changefreq') {
      const changefreq = value.toLowerCase();
      if (CHANGEFREQS.has(changefreq)) entry.changefreq = changefreq as SitemapChangefreq;
    } else if (PRIORITY.test(value)) entry.priority = Number(value);
  }

  private finishEntry(draft: EntryDraft): void {
    this.entry = null;
    if (draft.loc === undefined || draft.oversized) {
      this.skipped++;
      return;
    }
    if (this.count >= this.maxUrls) {
      this.truncated = true;
      this.done = true;
      return;
    }
    this.count++;
    const entry: SitemapEntry =
      draft.kind === 'url' ? { kind: 'url', loc: draft.loc } : { kind: 'sitemap', loc: draft.loc };
    if (draft.lastmod !== undefined) entry.lastmod = draft.lastmod;
    if (entry.kind === 'url') {
      if (draft.changefreq !== undefined) entry.changefreq = draft.changefreq;
      if (draft.priority !== undefined) entry.priority = draft.priority;
    }
    this.onEntry(entry);
  }
}
