// Every label and sort key the console offers, from the types generated out of the API's OpenAPI document:
// none is typed by hand, so a label renamed in the API changes here at the next `npm run openapi`.
export {
  pathsApiV3LocalBusinessesGetParametersQuerySort_byValues as localBusinessSortKeys,
  pathsApiV3LocalBusinessesGetParametersQueryStatusValues as placeStatusLabels,
} from './schema';
export {
  pathsApiV3DomainsGetParametersQuerySort_byValues as domainSortKeys,
  sitemapCurationStatusValues as sitemapCurationLabels,
} from './schema';
export {
  pageCurationStatusValues as pageCurationLabels,
  pageProcessingStatusValues as pageProcessingLabels,
  pageTypeValues as pageTypes,
} from './schema';
export { pathsApiV3SitemapFilesGetParametersQuerySort_byValues as sitemapFileSortKeys } from './schema';
export {
  contactCurationStatusValues as contactCurationLabels,
  contactEmailTypeValues as contactEmailTypes,
} from './schema';
export {
  pathsApiV3ContactsGetParametersQueryBrevo_sync_statusValues as brevoSyncFilterLabels,
  pathsApiV3ContactsGetParametersQueryContact_processing_statusValues as contactProcessingFilterLabels,
  pathsApiV3ContactsGetParametersQueryHubspot_sync_statusValues as hubspotSyncFilterLabels,
  pathsApiV3ContactsGetParametersQueryN8n_sync_statusValues as n8nSyncFilterLabels,
} from './schema';
export { crmSelectionBodyCrmsValues as crmNames } from './schema';
export { demoFakeValues as demoFakes } from './schema';
