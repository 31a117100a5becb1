/**
 * The contact fields the CRM mappings read, structurally the `contacts` row (ContactEntity fits as is), so this
 * library needs nothing from the SDK.
 */
export interface DeliveryContact {
  id: string;
  email: string;
  name?: string | null;
  phone_number?: string | null;
  domain_id?: string | null;
  page_id?: string | null;
  email_type?: string | null;
  source_url?: string | null;
  has_gmail?: boolean | null;
}

/** The reference's `name.strip().split(maxsplit=1)`: first word, then everything after it. */
export function splitName(name: string | null | undefined): { first: string | null; last: string | null } {
  const trimmed = (name ?? '').trim();
  if (trimmed === '') return { first: null, last: null };
  const match = /^(\S+)\s+([\s\S]+)$/.exec(trimmed);
  return match ? { first: match[1], last: match[2].trim() } : { first: trimmed, last: null };
}
