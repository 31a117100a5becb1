/** Longest URL stored: `(domain_id, url)` is a btree-indexed unique key, and WF4 records nothing longer either. */
export const MAX_SITEMAP_URL_LENGTH = 2000;

export type SitemapUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string };

/**
 * A URL a person submits as a sitemap: absolute http(s) with a host, in WHATWG canonical form (lower-case scheme
 * and host, default port dropped), as the reference's pydantic HttpUrl stored it. `requireSitemapPath` is the
 * reference's direct-submission rule: the path ends in `.xml` (or `.xml.gz`, which WF5 also reads) or names a
 * sitemap.
 */
export function checkSitemapUrl(input: string, field: string, requireSitemapPath: boolean): SitemapUrlCheck {
  const quoted = JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input);
  let parsed: URL;
  try {
    parsed = new URL(input.trim());
  } catch {
    return { ok: false, message: `${field}: ${quoted} is not an absolute URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { ok: false, message: `${field}: ${quoted} must use http or https` };
  if (parsed.hostname === '') return { ok: false, message: `${field}: ${quoted} has no host` };
  if (parsed.username !== '' || parsed.password !== '')
    return { ok: false, message: `${field}: ${quoted} must not carry credentials` };
  const path = parsed.pathname.toLowerCase();
  if (requireSitemapPath && !path.endsWith('.xml') && !path.endsWith('.xml.gz') && !path.includes('sitemap'))
    return { ok: false, message: `${field}: ${quoted} must be a sitemap file (.xml, or a path naming a sitemap)` };
  // A fragment never reaches the server: without it, two spellings of one file cannot become two rows.
  parsed.hash = '';
  const url = parsed.href;
  if (url.length > MAX_SITEMAP_URL_LENGTH)
    return { ok: false, message: `${field}: URL longer than ${MAX_SITEMAP_URL_LENGTH} characters` };
  return { ok: true, url };
}
