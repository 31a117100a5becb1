/**
 * Honeybee: the reference's URL categoriser for sitemap imports (reference-system.md §6, `utils/honeybee_categorizer.py`)
 * with the contact-page misses its 2025-11-22 post-mortem documents fixed (§8 item 11).
 *
 * Labels are plain strings spelled like the `page_type`, `page_curation_status` and `page_processing_status` values,
 * because this library must not import the SDK; the caller maps them onto the SDK's enums.
 */

export type HoneybeeCategory =
  | 'contact_root'
  | 'career_contact'
  | 'about_root'
  | 'services_root'
  | 'menu_root'
  | 'pricing_root'
  | 'team_root'
  | 'legal_root'
  | 'wp_prospect'
  | 'unknown';

export type HoneybeeDecision = 'include' | 'skip';

export interface HoneybeeResult {
  category: HoneybeeCategory;
  confidence: number;
  decision: HoneybeeDecision;
  /** Source of the rule that decided (an exclusion for `skip`), null for the default. */
  matched_regex: string | null;
  /** Non-empty path segments. */
  depth: number;
  /** Every exclusion rule the path matched (the reference's `honeybee_json.exclusions`). */
  exclusions: string[];
}

export interface ImportDisposition {
  curation: 'New' | 'Selected';
  processing: 'Filtered' | 'Queued' | 'Complete';
  priority_level: 1 | 3;
}

/** `pages.honeybee_json` as the reference writes it. */
export interface HoneybeeJson {
  v: 1;
  decision: { category: HoneybeeCategory; confidence: number; matched_regex: string | null };
  exclusions: string[];
}

// Reference exclusions, verbatim; checked first.
const EXCLUSIONS: readonly RegExp[] = [
  /^\/blog\/.+/,
  /^\/about(-us)?\/.+/,
  /^\/contact(-us)?\/.+/,
  /^\/services?\/.+/,
  /\.(pdf|jpg|jpeg|png|gif|mp4|avi)$/,
];

/**
 * Contact spellings the reference missed: `.php`/`.html`/`.htm`/`.asp(x)`/`.jsp`/`.cfm` pages, `contactus`,
 * `contact_us`, `contact-me`, other languages' words for it and "get in touch"-style names. Checked after the
 * reference's own contact rule so its pages keep its `matched_regex`.
 */
const CONTACT_WORDS = [
  'contact',
  'contact-us',
  'contactus',
  'contact_us',
  'contact-me',
  'contactme',
  'contacts',
  'get-in-touch',
  'getintouch',
  'get_in_touch',
  'reach-us',
  'reach-out',
  'kontakt',
  'kontakty',
  'contacto',
  'contactenos',
  'contato',
  'contatti',
  'contactez-nous',
  'nous-contacter',
  'neem-contact-op',
];
const PAGE_EXTENSION = '(?:\\.(?:php|html?|aspx?|jsp|cfm|shtml))?';
const CONTACT_VARIANT = new RegExp(`^/(?:${CONTACT_WORDS.join('|')})${PAGE_EXTENSION}/?$`);
/** The same names under a language prefix (`/en/contact`, `/de-at/kontakt.html`): still a root contact page, depth 2. */
const LOCALISED_CONTACT = new RegExp(`^/[a-z]{2}(?:[-_][a-z]{2})?/(?:${CONTACT_WORDS.join('|')})${PAGE_EXTENSION}/?$`);

interface Rule {
  category: HoneybeeCategory;
  confidence: number;
  pattern: RegExp;
  /** The WordPress signal looks at the query too (`?p=123`). */
  withQuery?: boolean;
}

const RULES: readonly Rule[] = [
  { category: 'contact_root', confidence: 0.9, pattern: /^\/contact(-us)?\/?$/ },
  { category: 'contact_root', confidence: 0.9, pattern: CONTACT_VARIANT },
  { category: 'contact_root', confidence: 0.8, pattern: LOCALISED_CONTACT },
  {
    category: 'career_contact',
    confidence: 0.7,
    pattern: /^\/(career|careers|job|jobs|recruit)[^/]*\/?contact[^/]*\/*$/,
  },
  { category: 'legal_root', confidence: 0.6, pattern: /^\/legal\/(privacy|terms)(\/|$)/ },
  { category: 'wp_prospect', confidence: 0.9, pattern: /\/wp-(?:content|admin|includes)\b|[?&]p=\d+/, withQuery: true },
];

const DEFAULT_CONFIDENCE = 0.2;
const AUTO_SELECT: ReadonlySet<HoneybeeCategory> = new Set<HoneybeeCategory>([
  'contact_root',
  'career_contact',
  'legal_root',
]);

/**
 * The path the rules see: percent-decoded per segment (so `/kontakt%20` and `/Kontakt` compare as words), lowercased
 * (servers on case-insensitive file systems serve `/Contact.PHP`), and a trailing `index.<ext>` removed (`/contact/index.html`
 * is the contact page, not a page below it).
 */
function rulePath(pathname: string): string {
  const decoded = pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/')
    .toLowerCase();
  return decoded.replace(/\/index\.(?:php|html?|aspx?|jsp|cfm|shtml)$/, '/');
}

function splitUrl(url: string): { pathname: string; search: string } {
  try {
    const parsed = new URL(url, 'http://honeybee.invalid');
    return { pathname: parsed.pathname, search: parsed.search };
  } catch {
    const [withoutHash] = url.split('#');
    const q = withoutHash.indexOf('?');
    return q === -1
      ? { pathname: withoutHash, search: '' }
      : { pathname: withoutHash.slice(0, q), search: withoutHash.slice(q) };
  }
}

/** Categorises a page URL (absolute, or a path with optional query). */
export function categorizeUrl(url: string): HoneybeeResult {
  const { pathname, search } = splitUrl(url.trim());
  const path = rulePath(pathname);
  const depth = path.split('/').filter((segment) => segment.length > 0).length;

  const exclusions = EXCLUSIONS.filter((pattern) => pattern.test(path)).map((pattern) => pattern.source);
  if (exclusions.length > 0)
    return { category: 'unknown', confidence: 0, decision: 'skip', matched_regex: exclusions[0], depth, exclusions };

  for (const rule of RULES) {
    if (rule.pattern.test(rule.withQuery === true ? `${path}${search}` : path)) {
      return {
        category: rule.category,
        confidence: rule.confidence,
        decision: 'include',
        matched_regex: rule.pattern.source,
        depth,
        exclusions,
      };
    }
  }
  return {
    category: 'unknown',
    confidence: DEFAULT_CONFIDENCE,
    decision: 'include',
    matched_regex: null,
    depth,
    exclusions,
  };
}

/**
 * What the import writes for a categorised page (§6): skipped or below 0.2 → New + Filtered; a contact, career-contact
 * or legal page at depth ≤ 2 with confidence ≥ 0.6 → Selected + Queued (feeds WF7 contact scraping); otherwise
 * New + Complete. Priority 1 from confidence 0.6, else 3.
 */
export function importDisposition(
  result: Pick<HoneybeeResult, 'category' | 'confidence' | 'decision' | 'depth'>,
): ImportDisposition {
  const priority_level = result.confidence >= 0.6 ? 1 : 3;
  if (result.decision === 'skip' || result.confidence < 0.2)
    return { curation: 'New', processing: 'Filtered', priority_level };
  if (AUTO_SELECT.has(result.category) && result.confidence >= 0.6 && result.depth <= 2)
    return { curation: 'Selected', processing: 'Queued', priority_level };
  return { curation: 'New', processing: 'Complete', priority_level };
}

export function honeybeeJson(result: HoneybeeResult): HoneybeeJson {
  return {
    v: 1,
    decision: { category: result.category, confidence: result.confidence, matched_regex: result.matched_regex },
    exclusions: result.exclusions,
  };
}
