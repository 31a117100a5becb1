/**
 * Free-mail providers that decide `email_type = 'FREE'`. A small, maintained list rather than a full registry:
 * the businesses this pipeline reaches use a handful of consumer providers, and a wrong `CORPORATE` is harmless.
 */

/** Exact domains. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'mail.com',
  'zoho.com',
  'zohomail.com',
  'web.de',
  't-online.de',
]);

/** Providers with one domain per country (`yahoo.co.uk`, `hotmail.fr`, `gmx.de`, `yandex.ru`): matched by first label. */
export const FREE_MAIL_FAMILIES: readonly string[] = ['yahoo', 'ymail', 'hotmail', 'gmx', 'yandex'];

const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const first = d.split('.')[0];
  return FREE_MAIL_FAMILIES.includes(first) && d.includes('.');
}

export function isGmailDomain(domain: string): boolean {
  return GMAIL_DOMAINS.has(domain.toLowerCase());
}
