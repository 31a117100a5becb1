import { DomainEntity } from '../entities/domain.entity';
import { LocalBusinessEntity } from '../entities/local-business.entity';
import { PageEntity } from '../entities/page.entity';
import { PlaceSearchEntity } from '../entities/place-search.entity';
import { PlaceStagingEntity } from '../entities/place-staging.entity';
import { SitemapFileEntity } from '../entities/sitemap-file.entity';
import { ContactScrapeStatus, ContactScrapeStatusEnum } from '../enums/contact-scrape-status.enum';
import { DomainExtractionStatus, DomainExtractionStatusEnum } from '../enums/domain-extraction-status.enum';
import { GcpApiDeepScanStatus, GcpApiDeepScanStatusEnum } from '../enums/gcp-api-deep-scan-status.enum';
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

/** Every workflow, in pipeline order. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [
  WF1_PLACE_SEARCH,
  WF2_DEEP_SCAN,
  WF3_DOMAIN_EXTRACTION,
  WF4_SITEMAP_DISCOVERY,
  WF5_SITEMAP_IMPORT,
  WF7_PAGE_CURATION,
] as readonly WorkflowDefinition[];

export function workflowById(id: WorkflowId): WorkflowDefinition {
  const found = WORKFLOWS.find((w) => w.id === id);
  if (!found) throw new Error(`unknown workflow ${id}`);
  return found;
}
