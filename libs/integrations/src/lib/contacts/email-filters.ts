/**
 * Rejects strings that look like e-mails but are not contacts: retina asset names (`logo@2x.png`), template
 * placeholders (`you@example.com`), no-reply senders and error-tracker DSNs (reference-system.md §6: the reference's
 * raw-HTML regex stored all of these).
 */

const ASSET_EXTENSIONS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'css',
  'js',
  'ico',
  'bmp',
  'tif',
  'tiff',
  'woff',
  'woff2',
  'ttf',
  'map',
  'json',
  'php',
  'html',
  'htm',
]);

/** Documentation and form-placeholder domains; subdomains count too. */
const PLACEHOLDER_DOMAINS: readonly string[] = [
  'example.com',
  'example.org',
  'example.net',
  'test.com',
  'domain.com',
  'email.com',
  'yourdomain.com',
  'yourcompany.com',
  'company.com',
  'website.com',
  'mysite.com',
  'sample.com',
];

/** Error trackers and site builders whose addresses appear in bundled scripts, never as contacts. */
const TRACKING_DOMAINS: readonly string[] = [
  'sentry.io',
  'wixpress.com',
  'sentry-next.wixpress.com',
  'sentry.wixpress.com',
  'ingest.sentry.io',
];

const PLACEHOLDER_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'noreply',
  'no-reply',
  'no_reply',
  'donotreply',
  'do-not-reply',
  'do_not_reply',
  'user',
  'username',
  'name',
  'email',
  'your.name',
  'yourname',
  'your-name',
  'youremail',
  'your.email',
  'john.doe',
  'johndoe',
  'jane.doe',
  'janedoe',
  'you',
  'someone',
  'sentry',
  'example',
  'test',
]);

const EMAIL_SHAPE = /^[a-z0-9._%+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const SENTRY_KEY = /^[0-9a-f]{32}$/;

function matchesDomain(domain: string, list: readonly string[]): boolean {
  return list.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** `email` must already be lowercased. */
export function isContactEmail(email: string): boolean {
  if (email.length > 254 || !EMAIL_SHAPE.test(email)) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (ASSET_EXTENSIONS.has(tld)) return false;
  if (matchesDomain(domain, PLACEHOLDER_DOMAINS) || matchesDomain(domain, TRACKING_DOMAINS)) return false;
  if (PLACEHOLDER_LOCAL_PARTS.has(local) || SENTRY_KEY.test(local)) return false;
  return true;
}
