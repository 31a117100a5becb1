import { ContactEntity } from '../entities/contact.entity';
import { DomainEntity } from '../entities/domain.entity';
import { LocalBusinessEntity } from '../entities/local-business.entity';
import { PageEntity } from '../entities/page.entity';
import { PlaceSearchEntity } from '../entities/place-search.entity';
import { PlaceStagingEntity } from '../entities/place-staging.entity';
import { SitemapFileEntity } from '../entities/sitemap-file.entity';
import { ContactScrapeStatus, ContactScrapeStatusEnum } from '../enums/contact-scrape-status.enum';
import { CrmProcessingStatus, CrmProcessingStatusEnum } from '../enums/crm-processing-status.enum';
import { CrmSyncStatus, CrmSyncStatusEnum } from '../enums/crm-sync-status.enum';
import { DomainExtractionStatus, DomainExtractionStatusEnum } from '../enums/domain-extraction-status.enum';
import { GcpApiDeepScanStatus, GcpApiDeepScanStatusEnum } from '../enums/gcp-api-deep-scan-status.enum';
import {
  HubSpotSyncProcessingStatus,
  HubSpotSyncProcessingStatusEnum,
} from '../enums/hubspot-sync-processing-status.enum';
import { HubSpotSyncStatus, HubSpotSyncStatusEnum } from '../enums/hubspot-sync-status.enum';
import { PageCurationStatus, PageCurationStatusEnum } from '../enums/page-curation-status.enum';
import { PageProcessingStatus, PageProcessingStatusEnum } from '../enums/page-processing-status.enum';
import { PlaceSearchStatus, PlaceSearchStatusEnum } from '../enums/place-search-status.enum';
import { PlaceStatus, PlaceStatusEnum } from '../enums/place-status.enum';
import { SitemapAnalysisStatus, SitemapAnalysisStatusEnum } from '../enums/sitemap-analysis-status.enum';
import { SitemapCurationStatus, SitemapCurationStatusEnum } from '../enums/sitemap-curation-status.enum';
import {
  SitemapImportProcessStatus,
  SitemapImportProcessStatusEnum,
} from '../enums/sitemap-import-process-status.enum';
import { defineWorkflow, WorkflowDefinition, WorkflowId } from './workflow-definition';

/** WF1: a search request (place_searches row, status pending) becomes places_staging rows. */
export const WF1_PLACE_SEARCH = defineWorkflow<PlaceSearchEntity>({
  id: WorkflowId.PlaceSearch,
  entity: PlaceSearchEntity,
  table: 'place_searches',
  idType: 'uuid',
  curation: null,
  processing: {
    column: 'status',
    enum: PlaceSearchStatusEnum,
    queued: PlaceSearchStatus.Pending,
    processing: PlaceSearchStatus.Processing,
    done: PlaceSearchStatus.Complete,
    failed: PlaceSearchStatus.Failed,
    idle: null,
  },
  errorColumn: 'error_message',
  claimOrder: 'created_at',
  // Up to 3 Text Search pages, each a 10 s Google call with a 2 s page-token pause (and one more ask
  // when Google says a token is not valid yet).
  defaults: {
    intervalMs: 5_000,
    batchSize: 5,
    concurrency: 2,
    maxAttempts: 5,
    leaseMs: 120_000,
    itemTimeoutMs: 90_000,
  },
});

/** WF2: a selected place gets a Place Details call and a local_businesses row. */
export const WF2_DEEP_SCAN = defineWorkflow<PlaceStagingEntity>({
  id: WorkflowId.DeepScan,
  entity: PlaceStagingEntity,
  table: 'places_staging',
  idType: 'integer',
  curation: { column: 'status', enum: PlaceStatusEnum, queueingLabel: PlaceStatus.Selected },
  processing: {
    column: 'deep_scan_status',
    enum: GcpApiDeepScanStatusEnum,
    queued: GcpApiDeepScanStatus.Queued,
    processing: GcpApiDeepScanStatus.Processing,
    done: GcpApiDeepScanStatus.Completed,
    failed: GcpApiDeepScanStatus.Error,
    idle: null,
  },
  errorColumn: 'deep_scan_error',
  claimOrder: 'updated_at',
  // One Place Details call (GOOGLE_TIMEOUT_MS 10 s) and a wait for the client's request spacing.
  defaults: {
    intervalMs: 10_000,
    batchSize: 10,
    concurrency: 5,
    maxAttempts: 5,
    leaseMs: 60_000,
    itemTimeoutMs: 30_000,
  },
});

/** WF3: a selected business's website_url becomes a domains row. */
export const WF3_DOMAIN_EXTRACTION = defineWorkflow<LocalBusinessEntity>({
  id: WorkflowId.DomainExtraction,
  entity: LocalBusinessEntity,
  table: 'local_businesses',
  idType: 'uuid',
  curation: { column: 'status', enum: PlaceStatusEnum, queueingLabel: PlaceStatus.Selected },
  processing: {
    column: 'domain_extraction_status',
    enum: DomainExtractionStatusEnum,
    queued: DomainExtractionStatus.Queued,
    processing: DomainExtractionStatus.Processing,
    done: DomainExtractionStatus.Completed,
    failed: DomainExtractionStatus.Error,
    idle: null,
  },
  errorColumn: 'domain_extraction_error',
  claimOrder: 'updated_at',
  // Parsing a URL: no I/O.
  defaults: {
    intervalMs: 10_000,
    batchSize: 100,
    concurrency: 1,
    maxAttempts: 3,
    leaseMs: 30_000,
    itemTimeoutMs: 5_000,
  },
});

/** WF4: a selected domain is searched for sitemaps. */
export const WF4_SITEMAP_DISCOVERY = defineWorkflow<DomainEntity>({
  id: WorkflowId.SitemapDiscovery,
  entity: DomainEntity,
  table: 'domains',
  idType: 'uuid',
  curation: {
    column: 'sitemap_curation_status',
    enum: SitemapCurationStatusEnum,
    queueingLabel: SitemapCurationStatus.Selected,
  },
  processing: {
    column: 'sitemap_analysis_status',
    enum: SitemapAnalysisStatusEnum,
    queued: SitemapAnalysisStatus.Queued,
    processing: SitemapAnalysisStatus.Processing,
    done: SitemapAnalysisStatus.Completed,
    failed: SitemapAnalysisStatus.Failed,
    idle: SitemapAnalysisStatus.Pending,
  },
  errorColumn: 'sitemap_analysis_error',
  claimOrder: 'updated_at',
  // robots.txt, the homepage and every candidate sitemap and index child of one site, each fetch up to
  // FETCH_TOTAL_TIMEOUT_MS (30 s) behind the per-host politeness gate.
  defaults: {
    intervalMs: 10_000,
    batchSize: 10,
    concurrency: 4,
    maxAttempts: 3,
    leaseMs: 120_000,
    itemTimeoutMs: 300_000,
  },
});

/** WF5: a selected sitemap file is imported into pages. */
export const WF5_SITEMAP_IMPORT = defineWorkflow<SitemapFileEntity>({
  id: WorkflowId.SitemapImport,
  entity: SitemapFileEntity,
  table: 'sitemap_files',
  idType: 'uuid',
  curation: {
    column: 'deep_scrape_curation_status',
    enum: SitemapCurationStatusEnum,
    queueingLabel: SitemapCurationStatus.Selected,
  },
  processing: {
    column: 'sitemap_import_status',
    enum: SitemapImportProcessStatusEnum,
    queued: SitemapImportProcessStatus.Queued,
    processing: SitemapImportProcessStatus.Processing,
    done: SitemapImportProcessStatus.Complete,
    failed: SitemapImportProcessStatus.Error,
    idle: null,
  },
  errorColumn: 'sitemap_import_error',
  claimOrder: 'updated_at',
  // Up to a million URLs streamed from a file and its index children (28 s for a million on a local
  // server in bench:sitemaps; far longer from a slow real site), inserted in 5,000-row chunks.
  defaults: {
    intervalMs: 10_000,
    batchSize: 5,
    concurrency: 2,
    maxAttempts: 3,
    leaseMs: 120_000,
    itemTimeoutMs: 1_800_000,
  },
});

/** WF7: a selected page is fetched and its contacts extracted. */
export const WF7_PAGE_CURATION = defineWorkflow<PageEntity>({
  id: WorkflowId.PageCuration,
  entity: PageEntity,
  table: 'pages',
  idType: 'uuid',
  curation: {
    column: 'page_curation_status',
    enum: PageCurationStatusEnum,
    queueingLabel: PageCurationStatus.Selected,
  },
  processing: {
    column: 'page_processing_status',
    enum: PageProcessingStatusEnum,
    queued: PageProcessingStatus.Queued,
    processing: PageProcessingStatus.Processing,
    done: PageProcessingStatus.Complete,
    failed: PageProcessingStatus.Error,
    idle: null,
  },
  errorColumn: 'page_processing_error',
  onFailure: { column: 'contact_scrape_status', enum: ContactScrapeStatusEnum, label: ContactScrapeStatus.Error },
  claimOrder: 'updated_at',
  // robots.txt and the page, each fetch up to FETCH_TOTAL_TIMEOUT_MS (30 s), behind the per-host gate.
  defaults: {
    intervalMs: 10_000,
    batchSize: 20,
    concurrency: 5,
    maxAttempts: 3,
    leaseMs: 60_000,
    itemTimeoutMs: 90_000,
  },
});

/** The four WF8 loops share a shape: one HTTP call per contact (HubSpot: one per batch), on `contacts`. */
const WF8_CRM_PROCESSING = {
  enum: CrmProcessingStatusEnum,
  queued: CrmProcessingStatus.Queued,
  processing: CrmProcessingStatus.Processing,
  done: CrmProcessingStatus.Complete,
  failed: CrmProcessingStatus.Error,
  // De-selecting a still-queued contact empties its processing column, as the reference's unselect did.
  idle: null,
} as const;

/** Every WF8 loop's tuning; only the item deadline differs, by the service's slowest legitimate answer. */
const WF8_DEFAULTS = {
  intervalMs: 10_000,
  batchSize: 50,
  concurrency: 8,
  maxAttempts: 5,
  leaseMs: 60_000,
  itemTimeoutMs: 30_000,
} as const;

/**
 * A WF8 loop on `contacts` with the shared CRM enums: `<service>_processing_status` and `_error`, curated in
 * `curationColumn`, and a contact that fails for good shows Error in both columns, as the reference wrote it.
 */
function wf8CrmWorkflow(
  service: 'debounce' | 'brevo' | 'n8n',
  curationColumn: 'debounce_validation_status' | 'brevo_sync_status' | 'n8n_sync_status',
  itemTimeoutMs: number,
) {
  return defineWorkflow<ContactEntity>({
    id: `wf8-${service}`,
    entity: ContactEntity,
    table: 'contacts',
    idType: 'uuid',
    curation: { column: curationColumn, enum: CrmSyncStatusEnum, queueingLabel: CrmSyncStatus.Selected },
    processing: { column: `${service}_processing_status`, ...WF8_CRM_PROCESSING },
    errorColumn: `${service}_processing_error`,
    onFailure: { column: curationColumn, enum: CrmSyncStatusEnum, label: CrmSyncStatus.Error },
    claimOrder: 'updated_at',
    defaults: { ...WF8_DEFAULTS, itemTimeoutMs },
  });
}

/**
 * WF8 DeBounce: a contact selected for validation gets one DeBounce call and a result. One single-address GET;
 * DeBounce may take tens of seconds on a slow mail server (greylisting), plus the wait for the rate limiter.
 */
export const WF8_DEBOUNCE = wf8CrmWorkflow('debounce', 'debounce_validation_status', 45_000);

/** WF8 Brevo: a contact selected for Brevo is created or updated there (`updateEnabled`), one POST each. */
export const WF8_BREVO = wf8CrmWorkflow('brevo', 'brevo_sync_status', 30_000);

/** WF8 HubSpot: a contact selected for HubSpot is upserted there, keyed on its e-mail; its own status enums. */
export const WF8_HUBSPOT = defineWorkflow<ContactEntity>({
  id: 'wf8-hubspot',
  entity: ContactEntity,
  table: 'contacts',
  idType: 'uuid',
  curation: {
    column: 'hubspot_sync_status',
    enum: HubSpotSyncStatusEnum,
    queueingLabel: HubSpotSyncStatus.Selected,
  },
  processing: {
    column: 'hubspot_processing_status',
    enum: HubSpotSyncProcessingStatusEnum,
    queued: HubSpotSyncProcessingStatus.Queued,
    processing: HubSpotSyncProcessingStatus.Processing,
    done: HubSpotSyncProcessingStatus.Complete,
    failed: HubSpotSyncProcessingStatus.Error,
    idle: null,
  },
  errorColumn: 'hubspot_processing_error',
  onFailure: { column: 'hubspot_sync_status', enum: HubSpotSyncStatusEnum, label: HubSpotSyncStatus.Error },
  claimOrder: 'updated_at',
  // A batch upsert (up to 100 inputs per call) and the wait for HubSpot's per-10-second limit.
  defaults: WF8_DEFAULTS,
});

/** WF8 n8n: a contact selected for n8n is POSTed to its webhook with an idempotency key. */
export const WF8_N8N = wf8CrmWorkflow('n8n', 'n8n_sync_status', 30_000);

/** The WF8 workflows, in pipeline order (validation, then delivery). */
export const WF8_WORKFLOWS: readonly WorkflowDefinition[] = [
  WF8_DEBOUNCE,
  WF8_BREVO,
  WF8_HUBSPOT,
  WF8_N8N,
] as readonly WorkflowDefinition[];

/** Every workflow, in pipeline order. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [
  WF1_PLACE_SEARCH,
  WF2_DEEP_SCAN,
  WF3_DOMAIN_EXTRACTION,
  WF4_SITEMAP_DISCOVERY,
  WF5_SITEMAP_IMPORT,
  WF7_PAGE_CURATION,
  ...WF8_WORKFLOWS,
] as readonly WorkflowDefinition[];

export function workflowById(id: WorkflowId): WorkflowDefinition {
  const found = WORKFLOWS.find((w) => w.id === id);
  if (!found) throw new Error(`unknown workflow ${id}`);
  return found;
}
