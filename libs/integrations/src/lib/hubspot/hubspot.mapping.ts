import { DeliveryContact, splitName } from '../http-client/delivery-contact';

/** The reference's `HUBSPOT_CUSTOM_PROPERTY_*` settings: custom properties that must exist in the HubSpot portal. */
export interface HubSpotPropertyNames {
  domainId: string;
  pageId: string;
  syncDate: string;
}

export const DEFAULT_HUBSPOT_PROPERTY_NAMES: Readonly<HubSpotPropertyNames> = {
  domainId: 'scrapersky_domain_id',
  pageId: 'scrapersky_page_id',
  syncDate: 'scrapersky_sync_date',
};

/**
 * The reference's `_build_contact_properties`: email, firstname/lastname from the name split at the first space,
 * phone, the domain and page ids, and the sync date as YYYY-MM-DD (UTC).
 */
export function hubspotProperties(
  contact: DeliveryContact,
  options: { names?: Partial<HubSpotPropertyNames>; syncDate?: Date } = {},
): Record<string, string> {
  const names = { ...DEFAULT_HUBSPOT_PROPERTY_NAMES, ...options.names };
  const properties: Record<string, string> = { email: contact.email };
  const { first, last } = splitName(contact.name);
  if (first) properties.firstname = first;
  if (last) properties.lastname = last;
  if (contact.phone_number) properties.phone = contact.phone_number;
  if (contact.domain_id) properties[names.domainId] = String(contact.domain_id);
  if (contact.page_id) properties[names.pageId] = String(contact.page_id);
  properties[names.syncDate] = (options.syncDate ?? new Date()).toISOString().slice(0, 10);
  return properties;
}
