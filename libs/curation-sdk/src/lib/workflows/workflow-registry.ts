import { DataSource, ObjectLiteral } from 'typeorm';

import {
  BrevoClient,
  DebounceClient,
  GooglePlacesClient,
  HubSpotClient,
  N8nClient,
  SafeFetcher,
  SitemapBudgetLimits,
} from '@curation/integrations';

import { WorkflowHandler } from '../scheduler/outcome';
import { LoopOptions, SchedulerLoop, TickResult } from '../scheduler/scheduler-loop';
import { Wf1PlaceSearchHandler } from './wf1-place-search/wf1-place-search.handler';
import { Wf2DeepScanHandler } from './wf2-deep-scan/wf2-deep-scan.handler';
import { Wf3DomainExtractionHandler } from './wf3-domain-extraction/wf3-domain-extraction.handler';
import {
  DEFAULT_DISCOVERY_LIMITS,
  Wf4SitemapDiscoveryHandler,
} from './wf4-sitemap-discovery/wf4-sitemap-discovery.handler';
import { DEFAULT_IMPORT_LIMITS, Wf5SitemapImportHandler } from './wf5-sitemap-import/wf5-sitemap-import.handler';
import { Wf7PageCurationHandler, Wf7PageCurationOptions } from './wf7-page-curation/wf7-page-curation.handler';
import { Wf8DebounceHandler } from './wf8-debounce/wf8-debounce.handler';
import { DEFAULT_WF8_DEBOUNCE_OPTIONS, Wf8DebounceOptions } from './wf8-debounce/wf8-debounce.options';
import {
  DEFAULT_WF8_DELIVERY_OPTIONS,
  Wf8BrevoHandler,
  Wf8DeliveryOptions,
  Wf8HubSpotHandler,
  Wf8N8nHandler,
} from './wf8-delivery';
import { WorkflowDefinition } from './workflow-definition';
import {
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
} from './workflow-definitions';
import { EDGE_WF3_TO_WF4, edgeEnabled, EdgeSwitches, Wf8Crm } from './workflow-edges';

/**
 * The clients a workflow can declare. The worker builds each from validated config, only when an enabled
 * workflow declares it, and closes each one it built at shutdown.
 */
export interface WorkflowClients {
  /** Google Places (WF1, WF2); unavailable without a key. */
  readonly googlePlaces: GooglePlacesClient;
  /** The SSRF-guarded fetcher every site fetch goes through (WF4, WF5, WF7). */
  readonly fetcher: SafeFetcher;
  /** WF8 validation; unavailable without DEBOUNCE_API_KEY. */
  readonly debounce: DebounceClient;
  /** WF8 delivery, each unavailable without its key (BREVO_API_KEY, HUBSPOT_API_KEY, N8N_WEBHOOK_URL). */
  readonly brevo: BrevoClient;
  readonly hubspot: HubSpotClient;
  readonly n8n: N8nClient;
}

export type WorkflowClientName = keyof WorkflowClients;

/** Plain settings the handlers read; absent parts take the handlers' defaults. */
export interface WorkflowOptions {
  /** Text Search pages per search (Google serves at most 3 of 20). */
  readonly placeSearchMaxPages?: number;
  /** WF4/WF5 fetch budget per domain discovery / file import (SITEMAP_MAX_*). */
  readonly sitemapBudget?: Partial<SitemapBudgetLimits>;
  /** WF7 page byte cap and robots.txt cache (WF7_MAX_PAGE_BYTES, ROBOTS_*). */
  readonly pageCuration?: Partial<Wf7PageCurationOptions>;
  /** Switchable pipeline edges by name (EDGE_<NAME>_ENABLED); absent: each edge's default. */
  readonly edges?: EdgeSwitches;
  /** WF8 validation (DEBOUNCE_CACHE_DAYS, DEBOUNCE_QUEUE_CATCH_ALL, DEBOUNCE_PAUSE_MS). */
  readonly wf8Debounce?: Partial<Omit<Wf8DebounceOptions, 'edges'>>;
  /** WF8 delivery per CRM (<CRM>_ALLOW_UNVALIDATED, DEBOUNCE_QUEUE_CATCH_ALL, WF8_CRM_PAUSE_MS). */
  readonly wf8Delivery?: Partial<Record<Wf8Crm, Partial<Wf8DeliveryOptions>>>;
}

/** What the worker drives: the loop of one workflow, its entity and result types erased. */
export interface WorkflowLoop {
  readonly definition: WorkflowDefinition;
  tick(): Promise<TickResult | null>;
  sweep(): Promise<number>;
  whenIdle(): Promise<void>;
  stop(deadlineMs: number): Promise<void>;
}

/** One registry entry. The entity and result types live only inside `createLoop`'s closure. */
export interface RegisteredWorkflow {
  readonly definition: WorkflowDefinition;
  /** The clients its handler needs; a workflow is enabled by default exactly when all are available. */
  readonly requires: readonly WorkflowClientName[];
  /** Builds the handler (once per call) and the loop around it. Only the required clients are read. */
  createLoop(
    dataSource: DataSource,
    clients: WorkflowClients,
    options: WorkflowOptions,
    loop: LoopOptions,
  ): WorkflowLoop;
}

/**
 * Types one entry: the handler factory sees only the clients it declared, and the definition and the
 * handler must agree on the entity. Like River's `AddWorker`, the types are erased behind a closure, so
 * the registry is a plain list.
 */
export function registerWorkflow<E extends ObjectLiteral, R, K extends WorkflowClientName = never>(entry: {
  readonly definition: WorkflowDefinition<E>;
  readonly requires: readonly K[];
  readonly handler: (clients: Pick<WorkflowClients, K>, options: WorkflowOptions) => WorkflowHandler<E, R>;
}): RegisteredWorkflow {
  return {
    definition: entry.definition,
    requires: entry.requires,
    createLoop: (dataSource, clients, options, loop) =>
      new SchedulerLoop<E, R>(dataSource, entry.definition, entry.handler(clients, options), loop),
  };
}

/** Every workflow this build ships, in pipeline order. */
export const WORKFLOW_REGISTRY: readonly RegisteredWorkflow[] = [
  registerWorkflow({
    definition: WF1_PLACE_SEARCH,
    requires: ['googlePlaces'],
    handler: ({ googlePlaces }, options) => new Wf1PlaceSearchHandler(googlePlaces, options.placeSearchMaxPages ?? 3),
  }),
  registerWorkflow({
    definition: WF2_DEEP_SCAN,
    requires: ['googlePlaces'],
    handler: ({ googlePlaces }) => new Wf2DeepScanHandler(googlePlaces),
  }),
  registerWorkflow({
    definition: WF3_DOMAIN_EXTRACTION,
    requires: [],
    handler: (_clients, options) =>
      new Wf3DomainExtractionHandler({ queueDiscovery: edgeEnabled(EDGE_WF3_TO_WF4, options.edges) }),
  }),
  registerWorkflow({
    definition: WF4_SITEMAP_DISCOVERY,
    requires: ['fetcher'],
    handler: ({ fetcher }, options) =>
      new Wf4SitemapDiscoveryHandler(fetcher, { ...DEFAULT_DISCOVERY_LIMITS, ...options.sitemapBudget }),
  }),
  registerWorkflow({
    definition: WF5_SITEMAP_IMPORT,
    requires: ['fetcher'],
    handler: ({ fetcher }, options) =>
      new Wf5SitemapImportHandler(fetcher, { ...DEFAULT_IMPORT_LIMITS, ...options.sitemapBudget }),
  }),
  registerWorkflow({
    definition: WF7_PAGE_CURATION,
    requires: ['fetcher'],
    handler: ({ fetcher }, options) => new Wf7PageCurationHandler(fetcher, options.pageCuration),
  }),
  registerWorkflow({
    definition: WF8_DEBOUNCE,
    requires: ['debounce'],
    handler: ({ debounce }, options) =>
      new Wf8DebounceHandler(debounce, {
        ...DEFAULT_WF8_DEBOUNCE_OPTIONS,
        ...options.wf8Debounce,
        edges: options.edges,
      }),
  }),
  registerWorkflow({
    definition: WF8_BREVO,
    requires: ['brevo'],
    handler: ({ brevo }, options) => new Wf8BrevoHandler(brevo, deliveryOptions(options, 'brevo')),
  }),
  registerWorkflow({
    definition: WF8_HUBSPOT,
    requires: ['hubspot'],
    handler: ({ hubspot }, options) => new Wf8HubSpotHandler(hubspot, deliveryOptions(options, 'hubspot')),
  }),
  registerWorkflow({
    definition: WF8_N8N,
    requires: ['n8n'],
    handler: ({ n8n }, options) => new Wf8N8nHandler(n8n, deliveryOptions(options, 'n8n')),
  }),
];

function deliveryOptions(options: WorkflowOptions, crm: Wf8Crm): Wf8DeliveryOptions {
  return { ...DEFAULT_WF8_DELIVERY_OPTIONS, ...options.wf8Delivery?.[crm] };
}

export function registeredWorkflow(id: string): RegisteredWorkflow {
  const found = WORKFLOW_REGISTRY.find((entry) => entry.definition.id === id);
  if (!found) throw new Error(`no registered workflow ${id}`);
  return found;
}
