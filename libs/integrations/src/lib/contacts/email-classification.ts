import { isFreeMailDomain, isGmailDomain } from './free-mail-domains';

/** `contact_email_type_enum` labels as Postgres spells them; `UNKNOWN` is never produced because every address is classifiable. */
export type ContactEmailType = 'SERVICE' | 'CORPORATE' | 'FREE';

/** Role local parts: a mailbox for a function, not a person. */
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'info',
  'contact',
  'contactus',
  'hello',
  'hi',
  'support',
  'sales',
  'office',
  'admin',
  'service',
  'services',
  'customerservice',
  'enquiries',
  'enquiry',
  'inquiries',
  'inquiry',
  'booking',
  'bookings',
  'reservations',
  'reservation',
  'team',
  'help',
  'billing',
  'orders',
  'order',
]);

/**
 * Free-mail wins over role: `info.joesplumbing@gmail.com` is still a consumer mailbox, which is what downstream
 * deliverability and `has_gmail` care about.
 */
export function classifyEmail(email: string): { email_type: ContactEmailType; has_gmail: boolean } {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  const has_gmail = isGmailDomain(domain);
  if (isFreeMailDomain(domain)) return { email_type: 'FREE', has_gmail };
  // `info+web@`, `sales.uk@`, `support-team@` are still role mailboxes.
  const base = local.split(/[+._-]/)[0];
  if (ROLE_LOCAL_PARTS.has(local) || ROLE_LOCAL_PARTS.has(base)) return { email_type: 'SERVICE', has_gmail };
  return { email_type: 'CORPORATE', has_gmail };
}
