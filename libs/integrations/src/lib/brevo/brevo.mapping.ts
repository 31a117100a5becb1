import { DeliveryContact, splitName } from '../http-client/delivery-contact';

/** Brevo attribute values: text, numbers, booleans, or lists of text (multiple-choice). */
export type BrevoAttributeValue = string | number | boolean | string[];
export type BrevoAttributes = Record<string, BrevoAttributeValue>;

/**
 * The reference's Brevo attributes: FIRSTNAME/LASTNAME from the name split at the first space, SMS from the
 * phone, and the custom DOMAIN_ID, PAGE_ID, EMAIL_TYPE, SOURCE_URL, HAS_GMAIL ("True"/"False", as Python's
 * `str(bool)` sent them). One change: SMS is sent only when the number is in international form, because Brevo
 * rejects the whole contact (400 invalid_parameter) for a national one, which would fail the row forever.
 */
export function brevoAttributes(contact: DeliveryContact): BrevoAttributes {
  const attributes: BrevoAttributes = {};
  const { first, last } = splitName(contact.name);
  if (first) attributes.FIRSTNAME = first;
  if (last) attributes.LASTNAME = last;
  const sms = internationalPhone(contact.phone_number);
  if (sms) attributes.SMS = sms;
  if (contact.domain_id) attributes.DOMAIN_ID = String(contact.domain_id);
  if (contact.page_id) attributes.PAGE_ID = String(contact.page_id);
  if (contact.email_type) attributes.EMAIL_TYPE = contact.email_type;
  if (contact.source_url) attributes.SOURCE_URL = contact.source_url;
  if (contact.has_gmail !== null && contact.has_gmail !== undefined)
    attributes.HAS_GMAIL = contact.has_gmail ? 'True' : 'False';
  return attributes;
}

/** "+1 (916) 555-1000" → "+19165551000"; null for anything without a leading + or outside E.164's 8–15 digits. */
export function internationalPhone(phone: string | null | undefined): string | null {
  const trimmed = (phone ?? '').trim();
  if (!trimmed.startsWith('+')) return null;
  if (!/^\+[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
}
