import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  registerDecorator,
} from 'class-validator';

import {
  BrevoClient,
  DebounceClient,
  GooglePlacesClient,
  HubSpotClient,
  N8nClient,
  parseConnectTo,
  parsePortList,
  SafeFetcher,
} from '@curation/integrations';
import {
  ConfigValidationError,
  EDGE_WF3_TO_WF4,
  EDGES_WF8_DEBOUNCE_TO_CRM,
  loadConfig,
  RuntimeConfig,
  toBool,
  toInt,
} from '@curation/sdk';
import { ClientProviders, PostgresHostBudget, WorkflowOptions } from '@curation/sdk/worker';

import { autoQueueCrms, Wf8Config } from './wf8.config';
import { loadWorkflowSettings, WorkflowSettings } from './workflow-settings.config';

/** `host:port:target_host:target_port,...` as curl's --connect-to; validated by the fetcher's own parser. */
function IsConnectToList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isConnectToList',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => {
          try {
            parseConnectTo(String(value));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'FETCH_CONNECT_TO must be comma-separated host:port:target_host:target_port entries',
      },
    });
}

/** Comma-separated ports, validated by the fetcher's own parser. */
function IsPortList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPortList',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => {
          try {
            parsePortList(String(value));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'FETCH_ALLOWED_PORTS must be comma-separated ports (1-65535)',
      },
    });
}

/** Worker settings on top of the shared runtime ones; validated once in main.ts. See docs/operations.md. */
export class WorkerConfig extends RuntimeConfig {
  /** How often each loop looks for rows whose lease expired, in ms. Recovery takes at most lease + this. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SWEEP_INTERVAL_MS = 15_000;

  /** How often the worker logs its health line (event-loop delay p50/p99/max, RSS, heap), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HEARTBEAT_INTERVAL_MS = 60_000;

  /** LISTEN for queue notifications; turn off behind a transaction-mode pooler (polling still works). */
  @Transform(toBool)
  @IsBoolean()
  LISTEN_NOTIFY = true;

  /**
   * A direct (session) connection for LISTEN when DATABASE_URL goes through a transaction-mode pooler, which
   * cannot hold a LISTEN (Supabase's port 6543, PgBouncer `pool_mode=transaction`). Unset: DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_LISTEN_URL must be a postgres:// URL' })
  DATABASE_LISTEN_URL?: string;

  /** Google Maps Platform key for WF1 (Text Search) and WF2 (Place Details). Unset: both stay idle. Never logged. */
  @IsOptional()
  @IsString()
  GOOGLE_MAPS_API_KEY?: string;

  /** `legacy`: the web service the reference used; `new`: Places API (New), what new Google projects can enable. */
  @IsIn(['legacy', 'new'], { message: 'GOOGLE_PLACES_API must be legacy or new' })
  GOOGLE_PLACES_API: 'legacy' | 'new' = 'legacy';

  /** Defaults to Google's host for the chosen flavour; tests and staging point it at a fake server. */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'GOOGLE_PLACES_BASE_URL must be an http(s) URL' },
  )
  GOOGLE_PLACES_BASE_URL?: string;

  /** Per Google request, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(120_000)
  GOOGLE_TIMEOUT_MS = 10_000;

  /** Requests per second to Google from this process (0 = unlimited). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GOOGLE_REQUESTS_PER_SECOND = 10;

  /** Legacy Text Search: wait before a next_page_token is used (Google needs about 2 s), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  GOOGLE_PAGE_TOKEN_DELAY_MS = 2_000;

  /** Text Search pages per search; Google serves at most 3 pages of 20. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3)
  WF1_MAX_PAGES = 3;

  /** The WF3 → WF4 edge: a domain WF3 creates is queued for sitemap discovery at once, as the reference did. */
  @Transform(toBool)
  @IsBoolean()
  EDGE_WF3_TO_WF4_ENABLED = true;

  /** Honest User-Agent for every site fetch (WF4, WF5, WF7); FETCH_CONTACT_URL is appended. */
  @IsString()
  FETCH_USER_AGENT = 'CurationPipelineBot/1.0';

  /** Where site owners can learn about the crawler and ask it to stop; part of the User-Agent. */
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'] },
    { message: 'FETCH_CONTACT_URL must be an http(s) URL' },
  )
  FETCH_CONTACT_URL = 'https://github.com/curation-pipeline/crawler';

  /** Allow fetching loopback addresses; tests with local fixture sites only. Off in production. */
  @Transform(toBool)
  @IsBoolean()
  FETCH_ALLOW_LOOPBACK = false;

  /**
   * Lets FETCH_CONNECT_TO rules point at loopback addresses while every other loopback address stays refused (the
   * offline demo's local sites); FETCH_ALLOW_LOOPBACK is the fetcher-wide exception and stays off.
   */
  @Transform(toBool)
  @IsBoolean()
  FETCH_CONNECT_TO_ALLOW_LOOPBACK = false;

  /** Tests and staging: curl --connect-to rules so local fixture sites stand in for real hosts. */
  @IsOptional()
  @IsConnectToList()
  FETCH_CONNECT_TO?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  FETCH_CONNECT_TIMEOUT_MS = 10_000;

  /** Whole request including redirects and body, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  FETCH_TOTAL_TIMEOUT_MS = 30_000;

  /**
   * Largest body read into memory, after decompression, in bytes. Several must fit in the worker's heap at once
   * (pages, robots.txt and homepages ask for less; streamed sitemaps have FETCH_MAX_STREAM_BYTES).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  FETCH_MAX_BYTES = 10_485_760;

  /** Bytes of bodies being read into memory at once by this process; a body waits (within its timeout) for room. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(4_294_967_296)
  FETCH_MAX_INFLIGHT_BYTES = 67_108_864;

  /** Largest streamed body (sitemaps, decoded bytes); the protocol allows 50 MB uncompressed. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(4_294_967_296)
  FETCH_MAX_STREAM_BYTES = 52_428_800;

  /** Whole streamed fetch including the consumer (a sitemap import inserting as it reads), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  FETCH_STREAM_TIMEOUT_MS = 600_000;

  /** Ports a URL may use; anything else is refused before connecting. Tests reach fixture ports through FETCH_CONNECT_TO. */
  @IsPortList()
  FETCH_ALLOWED_PORTS = '80,443';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  FETCH_MAX_REDIRECTS = 5;

  /** Requests in flight per host, so one site is never hammered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  FETCH_PER_HOST_CONCURRENCY = 2;

  /** Minimum pause between two requests to the same host, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  FETCH_PER_HOST_DELAY_MS = 250;

  /** Longest robots.txt Crawl-delay kept as a site's pause between requests, in ms (a longer one is cut); 0 ignores it. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  FETCH_MAX_CRAWL_DELAY_MS = 30_000;

  /** Longest wait for a turn at a busy host (FETCH_PER_HOST_*), in ms; then the fetch fails as retryable. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  FETCH_HOST_WAIT_MS = 60_000;

  /**
   * FETCH_PER_HOST_* held across every worker, per site (registrable domain), through PostgreSQL; off: per process.
   * Needs a session connection (DATABASE_LISTEN_URL, else DATABASE_URL); per process on the embedded database.
   */
  @Transform(toBool)
  @IsBoolean()
  FETCH_SHARED_POLITENESS = true;

  /** Children followed per sitemap index (WF4 and WF5), each index separately; the rest are skipped with a reason. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50_000)
  SITEMAP_MAX_CHILD_SITEMAPS = 100;

  /** Fetches per WF4 domain discovery and per WF5 file import (children included, failed ones counted). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SITEMAP_MAX_FETCHES_PER_DOMAIN = 200;

  /** Failed fetches (errors, non-200, unparsable) per WF4 domain / WF5 file before it stops fetching. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SITEMAP_MAX_FAILURES = 10;

  /** Bytes of a page WF7 reads; a bigger page is read up to here and its contacts taken from that part. */
  @Transform(toInt)
  @IsInt()
  @Min(65_536)
  @Max(52_428_800)
  WF7_MAX_PAGE_BYTES = 4_194_304;

  /** How long a robots.txt that was read (or answered 4xx) is trusted, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(604_800_000)
  ROBOTS_CACHE_TTL_MS = 86_400_000;

  /** How long an unreadable robots.txt (5xx, 429, timeout, unreachable) keeps its site's pages waiting, in ms; they retry after it. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  ROBOTS_UNAVAILABLE_TTL_MS = 300_000;

  /** Origins whose robots.txt rules the worker keeps (least recently used dropped first). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ROBOTS_CACHE_MAX_ENTRIES = 1_000;

  /** Estimated heap of the robots.txt rules kept, all origins together, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(65_536)
  @Max(1_073_741_824)
  ROBOTS_CACHE_MAX_BYTES = 16_777_216;

  /** Identifies this process in lease owner columns and logs; defaults to host:pid:random. */
  @IsOptional()
  @Matches(/^[\w.:@-]{1,100}$/, { message: 'WORKER_ID may hold letters, digits and . : @ _ - (at most 100)' })
  WORKER_ID?: string;
}

/** Everything the worker was configured with, validated together so every problem is listed at once. */
export class WorkerSettings {
  constructor(
    readonly config: WorkerConfig,
    readonly wf8: Wf8Config,
    readonly workflows: readonly WorkflowSettings[],
    /** How to build each client a workflow may declare; nothing is built until a workflow asks. */
    readonly clients: ClientProviders,
    readonly options: WorkflowOptions,
  ) {}
}

/** The clients the handlers use, each built from validated config and closed by its own close. */
export function workflowClientProviders(config: WorkerConfig | undefined, wf8: Wf8Config | undefined): ClientProviders {
  // A client whose setting is missing is unavailable: the workflows declaring it are disabled, saying this.
  const needs = <T>(setting: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`${setting} is not set`);
    return value;
  };
  // Plain HTTPS requests with their own timeouts: nothing held open between calls.
  const nothingToClose = async (): Promise<void> => undefined;
  // The shared politeness budget's session connection, closed with the fetcher it was built for.
  const budgets = new WeakMap<SafeFetcher, PostgresHostBudget>();
  return {
    googlePlaces: {
      unavailable: config?.GOOGLE_MAPS_API_KEY ? null : 'GOOGLE_MAPS_API_KEY is not set',
      build: () => {
        if (!config?.GOOGLE_MAPS_API_KEY) throw new Error('GOOGLE_MAPS_API_KEY is not set');
        return new GooglePlacesClient({
          flavour: config.GOOGLE_PLACES_API,
          apiKey: config.GOOGLE_MAPS_API_KEY,
          baseUrl: config.GOOGLE_PLACES_BASE_URL ?? null,
          timeoutMs: config.GOOGLE_TIMEOUT_MS,
          requestsPerSecond: config.GOOGLE_REQUESTS_PER_SECOND,
          pageTokenDelayMs: config.GOOGLE_PAGE_TOKEN_DELAY_MS,
        });
      },
      // Plain HTTPS requests with their own timeouts: nothing held open between calls.
      close: async () => undefined,
    },
    fetcher: {
      unavailable: config ? null : 'the worker configuration is invalid',
      build: () => {
        if (!config) throw new Error('the worker configuration is invalid');
        const politenessUrl = config.DATABASE_LISTEN_URL ?? config.DATABASE_URL;
        const hostBudget =
          config.FETCH_SHARED_POLITENESS && politenessUrl ? new PostgresHostBudget({ url: politenessUrl }) : undefined;
        const fetcher = new SafeFetcher({
          userAgent: `${config.FETCH_USER_AGENT} (+${config.FETCH_CONTACT_URL})`,
          connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
          totalTimeoutMs: config.FETCH_TOTAL_TIMEOUT_MS,
          maxBytes: config.FETCH_MAX_BYTES,
          maxInflightBytes: config.FETCH_MAX_INFLIGHT_BYTES,
          maxStreamBytes: config.FETCH_MAX_STREAM_BYTES,
          streamTimeoutMs: config.FETCH_STREAM_TIMEOUT_MS,
          allowedPorts: parsePortList(config.FETCH_ALLOWED_PORTS),
          maxRedirects: config.FETCH_MAX_REDIRECTS,
          allowLoopback: config.FETCH_ALLOW_LOOPBACK,
          allowLoopbackConnectTo: config.FETCH_CONNECT_TO_ALLOW_LOOPBACK,
          connectTo: config.FETCH_CONNECT_TO ? parseConnectTo(config.FETCH_CONNECT_TO) : [],
          perHostConcurrency: config.FETCH_PER_HOST_CONCURRENCY,
          perHostDelayMs: config.FETCH_PER_HOST_DELAY_MS,
          maxCrawlDelayMs: config.FETCH_MAX_CRAWL_DELAY_MS,
          maxHostWaitMs: config.FETCH_HOST_WAIT_MS,
          hostBudget,
        });
        if (hostBudget) budgets.set(fetcher, hostBudget);
        return fetcher;
      },
      close: async (fetcher) => {
        await fetcher.close();
        await budgets.get(fetcher)?.close();
      },
    },
    debounce: {
      unavailable: wf8?.DEBOUNCE_API_KEY ? null : 'DEBOUNCE_API_KEY is not set',
      build: () =>
        new DebounceClient({
          apiKey: needs('DEBOUNCE_API_KEY', wf8?.DEBOUNCE_API_KEY),
          baseUrl: wf8?.DEBOUNCE_API_BASE_URL,
          timeoutMs: wf8?.DEBOUNCE_TIMEOUT_MS,
          maxConcurrent: wf8?.DEBOUNCE_MAX_CONCURRENT,
        }),
      close: nothingToClose,
    },
    brevo: {
      unavailable: wf8?.BREVO_API_KEY ? null : 'BREVO_API_KEY is not set',
      build: () =>
        new BrevoClient({
          apiKey: needs('BREVO_API_KEY', wf8?.BREVO_API_KEY),
          baseUrl: wf8?.BREVO_API_BASE_URL,
          listId: wf8?.BREVO_LIST_ID ?? null,
          requestsPerSecond: wf8?.BREVO_REQUESTS_PER_SECOND,
        }),
      close: nothingToClose,
    },
    hubspot: {
      unavailable: wf8?.HUBSPOT_API_KEY ? null : 'HUBSPOT_API_KEY is not set',
      build: () =>
        new HubSpotClient({
          apiKey: needs('HUBSPOT_API_KEY', wf8?.HUBSPOT_API_KEY),
          baseUrl: wf8?.HUBSPOT_API_BASE_URL,
          requestsPerSecond: wf8?.HUBSPOT_REQUESTS_PER_SECOND,
        }),
      close: nothingToClose,
    },
    n8n: {
      unavailable: wf8?.N8N_WEBHOOK_URL ? null : 'N8N_WEBHOOK_URL is not set',
      build: () =>
        new N8nClient({
          webhookUrl: needs('N8N_WEBHOOK_URL', wf8?.N8N_WEBHOOK_URL),
          secret: wf8?.N8N_WEBHOOK_SECRET ?? null,
          requestsPerSecond: wf8?.N8N_REQUESTS_PER_SECOND,
        }),
      close: nothingToClose,
    },
  };
}

/** The handlers' plain settings (budgets, caps), from validated config. */
export function workflowOptions(config: WorkerConfig, wf8: Wf8Config): WorkflowOptions {
  const crms = autoQueueCrms(wf8);
  const delivery = (allowUnvalidated: boolean) => ({
    allowUnvalidated,
    deliverCatchAll: wf8.DEBOUNCE_QUEUE_CATCH_ALL,
    pauseMs: wf8.WF8_CRM_PAUSE_MS,
  });
  return {
    placeSearchMaxPages: config.WF1_MAX_PAGES,
    edges: {
      [EDGE_WF3_TO_WF4.name]: config.EDGE_WF3_TO_WF4_ENABLED,
      ...Object.fromEntries(
        Object.entries(EDGES_WF8_DEBOUNCE_TO_CRM).map(([crm, edge]) => [edge.name, crms.some((c) => c === crm)]),
      ),
    },
    wf8Debounce: {
      cacheDays: wf8.DEBOUNCE_CACHE_DAYS,
      queueCatchAll: wf8.DEBOUNCE_QUEUE_CATCH_ALL,
      pauseMs: wf8.DEBOUNCE_PAUSE_MS,
    },
    wf8Delivery: {
      brevo: delivery(wf8.BREVO_ALLOW_UNVALIDATED),
      hubspot: delivery(wf8.HUBSPOT_ALLOW_UNVALIDATED),
      n8n: delivery(wf8.N8N_ALLOW_UNVALIDATED),
    },
    sitemapBudget: {
      maxChildSitemaps: config.SITEMAP_MAX_CHILD_SITEMAPS,
      maxFetches: config.SITEMAP_MAX_FETCHES_PER_DOMAIN,
      maxFailures: config.SITEMAP_MAX_FAILURES,
    },
    pageCuration: {
      maxPageBytes: config.WF7_MAX_PAGE_BYTES,
      robots: {
        ttlMs: config.ROBOTS_CACHE_TTL_MS,
        unavailableTtlMs: config.ROBOTS_UNAVAILABLE_TTL_MS,
        maxEntries: config.ROBOTS_CACHE_MAX_ENTRIES,
        maxBytes: config.ROBOTS_CACHE_MAX_BYTES,
      },
    },
  };
}

export function loadWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const config = attempt(() => loadConfig(WorkerConfig, env));
  const wf8 = attempt(() => loadConfig(Wf8Config, env));
  const clients = workflowClientProviders(config, wf8);
  const workflows = attempt(() => loadWorkflowSettings(env, clients));
  if (!config || !wf8 || !workflows) throw new ConfigValidationError(problems);
  return new WorkerSettings(config, wf8, workflows, clients, workflowOptions(config, wf8));
}
