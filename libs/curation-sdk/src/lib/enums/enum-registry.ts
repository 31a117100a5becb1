import { ContactCurationStatusEnum } from './contact-curation-status.enum';
import { ContactEmailTypeEnum } from './contact-email-type.enum';
import { ContactProcessingStatusEnum } from './contact-processing-status.enum';
import { ContactScrapeStatusEnum } from './contact-scrape-status.enum';
import { CrmProcessingStatusEnum } from './crm-processing-status.enum';
import { CrmSyncStatusEnum } from './crm-sync-status.enum';
import { DomainExtractionStatusEnum } from './domain-extraction-status.enum';
import { DomainStatusEnum } from './domain-status.enum';
import { GcpApiDeepScanStatusEnum } from './gcp-api-deep-scan-status.enum';
import { HubSpotSyncProcessingStatusEnum } from './hubspot-sync-processing-status.enum';
import { HubSpotSyncStatusEnum } from './hubspot-sync-status.enum';
import { PageCurationStatusEnum } from './page-curation-status.enum';
import { PageProcessingStatusEnum } from './page-processing-status.enum';
import { PageTypeEnum } from './page-type.enum';
import { PgBackedEnum, PgEnumDefinition } from './pg-enum';
import { PlaceSearchStatusEnum } from './place-search-status.enum';
import { PlaceStatusEnum } from './place-status.enum';
import { SitemapAnalysisStatusEnum } from './sitemap-analysis-status.enum';
import { SitemapCurationStatusEnum } from './sitemap-curation-status.enum';
import { SitemapFileStatusEnum } from './sitemap-file-status.enum';
import { SitemapImportProcessStatusEnum } from './sitemap-import-process-status.enum';
import { TaskStatusEnum } from './task-status.enum';

/** Every status value set the code knows, Postgres-backed or not. */
export const ALL_ENUMS: readonly PgEnumDefinition[] = [
  PlaceStatusEnum,
  GcpApiDeepScanStatusEnum,
  DomainExtractionStatusEnum,
  SitemapCurationStatusEnum,
  SitemapAnalysisStatusEnum,
  SitemapFileStatusEnum,
  SitemapImportProcessStatusEnum,
  PageCurationStatusEnum,
  PageProcessingStatusEnum,
  PageTypeEnum,
  ContactScrapeStatusEnum,
  ContactCurationStatusEnum,
  ContactProcessingStatusEnum,
  HubSpotSyncStatusEnum,
  HubSpotSyncProcessingStatusEnum,
  CrmSyncStatusEnum,
  CrmProcessingStatusEnum,
  ContactEmailTypeEnum,
  TaskStatusEnum,
  PlaceSearchStatusEnum,
  DomainStatusEnum,
];

/** The enums stored as Postgres enum types: what the enum check compares with `pg_enum`. */
export const PG_ENUMS: readonly PgBackedEnum[] = ALL_ENUMS.filter((e): e is PgBackedEnum => e.pgType !== null);
