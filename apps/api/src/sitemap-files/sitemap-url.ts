import { MAX_SITEMAP_URL_LENGTH, normalizeSitemapUrl, WebUrlResult } from '../common/web-url';

export { MAX_SITEMAP_URL_LENGTH };

/** A sitemap URL from one field of a request body; the message names the field. */
export function checkSitemapUrl(input: string, field: string, requireSitemapPath: boolean): WebUrlResult {
  const url = normalizeSitemapUrl(input, requireSitemapPath);
  return url.ok ? url : { ok: false, message: `${field}: ${url.message}` };
}
