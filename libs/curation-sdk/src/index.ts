import 'reflect-metadata';

export { DatabaseConfig, nPlusOneMode } from './lib/config/database.config';
export { toBool, toInt } from './lib/config/env-transforms';
export { ConfigValidationError, loadConfig } from './lib/config/load-config';
export {
  DEMO_FAKES,
  LogFormat,
  RuntimeConfig,
  demoNotice,
  enabledLogLevels,
  logFormat,
} from './lib/config/runtime.config';
export type { DemoFake } from './lib/config/runtime.config';
export { applyCurationStatus } from './lib/curation/apply-curation-status';
export type { CurationStatusResult } from './lib/curation/apply-curation-status';
export { filterSql } from './lib/curation/curation-filter';
export type { CurationFilter } from './lib/curation/curation-filter';
export {
  EXACT_COUNT_CAP,
  LATEST_ERRORS_WINDOW,
  readWorkflowStatus,
  readWorkflowStatuses,
} from './lib/curation/workflow-status';
export type { WorkflowStatus, WorkflowStatusOptions } from './lib/curation/workflow-status';
export { CurationSdkModule } from './lib/database/curation-sdk.module';
export { buildDataSourceOptions, openDataSource } from './lib/database/data-source-options';
export { DATABASE_COMMANDS, runDatabaseCommand, startOrRunDatabaseCommand } from './lib/database/database-commands';
export { startEmbeddedPostgres, withDatabase } from './lib/database/embedded-postgres';
export { checkEnums } from './lib/database/enum-check';
export { migrateDatabase, revertAllMigrations } from './lib/database/migrate';
export { connectionSettings, prepareDatabase, resolveDatabase } from './lib/database/prepare-database';
export { ident } from './lib/database/quote-ident';
export { normalizeDomain } from './lib/domains/normalize-domain';
export { ContactEntity } from './lib/entities/contact.entity';
export { DomainEntity } from './lib/entities/domain.entity';
export { CURATION_ENTITIES } from './lib/entities/index';
export { LocalBusinessEntity } from './lib/entities/local-business.entity';
export { PageEntity } from './lib/entities/page.entity';
export { PlaceSearchEntity } from './lib/entities/place-search.entity';
export { PlaceStagingEntity } from './lib/entities/place-staging.entity';
export { SitemapFileEntity } from './lib/entities/sitemap-file.entity';
export { DEFAULT_TENANT_ID } from './lib/entities/tenant.entity';
export { ContactCurationStatus, ContactCurationStatusEnum } from './lib/enums/contact-curation-status.enum';
export { ContactEmailType, ContactEmailTypeEnum } from './lib/enums/contact-email-type.enum';
export { ContactScrapeStatus, ContactScrapeStatusEnum } from './lib/enums/contact-scrape-status.enum';
export { ContactProcessingStatus, ContactProcessingStatusEnum } from './lib/enums/contact-processing-status.enum';
export { CrmProcessingStatus, CrmProcessingStatusEnum } from './lib/enums/crm-processing-status.enum';
export { CrmSyncStatus, CrmSyncStatusEnum } from './lib/enums/crm-sync-status.enum';
export { DomainExtractionStatus, DomainExtractionStatusEnum } from './lib/enums/domain-extraction-status.enum';
export {
  HubSpotSyncProcessingStatus,
  HubSpotSyncProcessingStatusEnum,
} from './lib/enums/hubspot-sync-processing-status.enum';
export { GcpApiDeepScanStatus, GcpApiDeepScanStatusEnum } from './lib/enums/gcp-api-deep-scan-status.enum';
export { HubSpotSyncStatus, HubSpotSyncStatusEnum } from './lib/enums/hubspot-sync-status.enum';
export { parseEnumLabel } from './lib/enums/enum-parser';
export { PG_ENUMS } from './lib/enums/enum-registry';
export { PageCurationStatus, PageCurationStatusEnum } from './lib/enums/page-curation-status.enum';
export { PageProcessingStatus, PageProcessingStatusEnum } from './lib/enums/page-processing-status.enum';
export { PageType, PageTypeEnum } from './lib/enums/page-type.enum';
export { definePgEnum } from './lib/enums/pg-enum';
export type { PgEnumDefinition } from './lib/enums/pg-enum';
export { PlaceSearchStatus, PlaceSearchStatusEnum } from './lib/enums/place-search-status.enum';
export { PlaceStatus, PlaceStatusEnum } from './lib/enums/place-status.enum';
export { SitemapAnalysisStatus, SitemapAnalysisStatusEnum } from './lib/enums/sitemap-analysis-status.enum';
export { SitemapCurationStatus, SitemapCurationStatusEnum } from './lib/enums/sitemap-curation-status.enum';
export { SitemapFileStatus, SitemapFileStatusEnum } from './lib/enums/sitemap-file-status.enum';
export {
  SitemapImportProcessStatus,
  SitemapImportProcessStatusEnum,
} from './lib/enums/sitemap-import-process-status.enum';
export { messageOf } from './lib/errors/message-of';
export { LogLine, logLine } from './lib/logging/log-line';
export type { LogFields } from './lib/logging/log-line';
export { createProcessLogging } from './lib/logging/process-logging';
export type { ProcessLogging, ProcessLoggingOptions } from './lib/logging/process-logging';
export { findNPlusOne } from './lib/observability/n-plus-one';
export { queryRecorder } from './lib/observability/query-recorder';
export { NPlusOneMode, runInQueryScope } from './lib/observability/query-scope';
export { exitOnSignals } from './lib/runtime/graceful-shutdown';
export { NotificationListener } from './lib/scheduler/notification-listener';
export { cleanReason, outcome } from './lib/scheduler/outcome';
export type { WorkflowHandler } from './lib/scheduler/outcome';
export { SchedulerLoop } from './lib/scheduler/scheduler-loop';
export { sanitizeText } from './lib/text/sanitize-text';
export { LeaseColumns, leaseColumnMigration, leaseMigration } from './lib/workflows/lease-contract';
export { queueContract, queueMigration } from './lib/workflows/queue-contract';
export type { QueueContract, QueueContractSpec } from './lib/workflows/queue-contract';
export { MAX_TIMEOUT_MS, WorkflowId, defaultBatchTimeoutMs, defineWorkflow } from './lib/workflows/workflow-definition';
export type { WorkflowDefinition, WorkflowTuning } from './lib/workflows/workflow-definition';
export {
  WF1_PLACE_SEARCH,
  WF2_DEEP_SCAN,
  WF3_DOMAIN_EXTRACTION,
  WF4_SITEMAP_DISCOVERY,
  WF5_SITEMAP_IMPORT,
  WF7_PAGE_CURATION,
  WF8_BREVO,
  WF8_DEBOUNCE,
  WF8_HUBSPOT,
  WF8_N8N,
  WF8_WORKFLOWS,
  WORKFLOWS,
} from './lib/workflows/workflow-definitions';
export {
  EDGES_WF8_DEBOUNCE_TO_CRM,
  EDGE_API_TO_WF1,
  EDGE_WF3_TO_WF4,
  WF8_CRM_WORKFLOWS,
  WORKFLOW_EDGES,
  edgeSwitchName,
  notifyIf,
  queuedOnInsert,
} from './lib/workflows/workflow-edges';
export type { Wf8Crm, WorkflowEdge } from './lib/workflows/workflow-edges';
export { enumCast } from './lib/workflows/workflow-sql';
