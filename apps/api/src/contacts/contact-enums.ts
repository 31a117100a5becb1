import { PG_ENUMS, PgEnumDefinition } from '@curation/sdk';

// The SDK's barrel exports only the contact enums WF7 writes; the CRM and validation ones are taken from its
// registry by Postgres type, so the API never declares a second copy of their labels.
function registered(pgType: string): PgEnumDefinition {
  const def = PG_ENUMS.find((e) => e.pgType === pgType);
  if (!def) throw new Error(`the SDK registers no enum for Postgres type ${pgType}`);
  return def;
}

/** contacts.contact_processing_status */
export const ContactProcessingStatusEnum = registered('contact_processing_status');
/** contacts.hubspot_sync_status */
export const HubSpotSyncStatusEnum = registered('hubspot_sync_status');
/** contacts.hubspot_processing_status */
export const HubSpotSyncProcessingStatusEnum = registered('hubspot_sync_processing_status');
/** contacts.{brevo,mautic,n8n}_sync_status and debounce_validation_status */
export const CrmSyncStatusEnum = registered('crm_sync_status');
/** contacts.{brevo,mautic,n8n,debounce}_processing_status */
export const CrmProcessingStatusEnum = registered('crm_processing_status');
