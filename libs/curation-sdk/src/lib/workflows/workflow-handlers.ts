import { GooglePlacesClient, SafeFetcher, SitemapBudgetLimits } from '@curation/integrations';
import { ObjectLiteral } from 'typeorm';
import { WorkflowHandler } from '../scheduler/outcome';
import { Wf1PlaceSearchHandler } from './wf1-place-search/wf1-place-search.handler';
import { Wf2DeepScanHandler } from './wf2-deep-scan/wf2-deep-scan.handler';
import { Wf3DomainExtractionHandler } from './wf3-domain-extraction/wf3-domain-extraction.handler';
import { DEFAULT_DISCOVERY_LIMITS, Wf4SitemapDiscoveryHandler } from './wf4-sitemap-discovery/wf4-sitemap-discovery.handler';
import { DEFAULT_IMPORT_LIMITS, Wf5SitemapImportHandler } from './wf5-sitemap-import/wf5-sitemap-import.handler';
import { Wf7PageCurationHandler, Wf7PageCurationOptions } from './wf7-page-curation/wf7-page-curation.handler';
import { WorkflowId } from './workflow-definition';

/** What handlers need from the outside world; absent parts leave their workflows without a handler. */
export interface WorkflowDependencies {
  /** Configured only when a Google key is set. */
  readonly googlePlaces?: GooglePlacesClient;
  /** Text Search pages per search (Google serves at most 3 of 20). */
  readonly placeSearchMaxPages?: number;
  /** The SSRF-guarded fetcher every site fetch goes through (WF4, WF5, WF7). */
  readonly fetcher?: SafeFetcher;
  /** WF4/WF5 fetch budget per domain discovery / file import (SITEMAP_MAX_*); absent: the handlers' defaults. */
  readonly sitemapBudget?: SitemapBudgetLimits;
  /** WF7 page byte cap and robots.txt cache (WF7_MAX_PAGE_BYTES, ROBOTS_*); absent: the handler's defaults. */
  readonly pageCuration?: Partial<Wf7PageCurationOptions>;
}

/** The handlers this build ships; a workflow without one cannot be enabled. */
export function createWorkflowHandler(id: WorkflowId, deps: WorkflowDependencies = {}): WorkflowHandler<ObjectLiteral> | null {
  switch (id) {
    case WorkflowId.PlaceSearch:
      return deps.googlePlaces ? (new Wf1PlaceSearchHandler(deps.googlePlaces, deps.placeSearchMaxPages ?? 3) as unknown as WorkflowHandler<ObjectLiteral>) : null;
    case WorkflowId.DeepScan:
      return deps.googlePlaces ? (new Wf2DeepScanHandler(deps.googlePlaces) as unknown as WorkflowHandler<ObjectLiteral>) : null;
    case WorkflowId.DomainExtraction:
      return new Wf3DomainExtractionHandler() as unknown as WorkflowHandler<ObjectLiteral>;
    case WorkflowId.SitemapDiscovery:
      return deps.fetcher ? (new Wf4SitemapDiscoveryHandler(deps.fetcher, { ...DEFAULT_DISCOVERY_LIMITS, ...deps.sitemapBudget }) as unknown as WorkflowHandler<ObjectLiteral>) : null;
    case WorkflowId.SitemapImport:
      return deps.fetcher ? (new Wf5SitemapImportHandler(deps.fetcher, { ...DEFAULT_IMPORT_LIMITS, ...deps.sitemapBudget }) as unknown as WorkflowHandler<ObjectLiteral>) : null;
    case WorkflowId.PageCuration:
      return deps.fetcher ? (new Wf7PageCurationHandler(deps.fetcher, deps.pageCuration) as unknown as WorkflowHandler<ObjectLiteral>) : null;
    default:
      return null;
  }
}
