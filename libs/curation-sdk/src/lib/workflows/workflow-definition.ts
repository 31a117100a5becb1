import { EntityTarget, ObjectLiteral } from 'typeorm';

import { PgEnumDefinition } from '../enums/pg-enum';

/** The six workflows; the id names the loop in logs, metrics and configuration. */
export enum WorkflowId {
  PlaceSearch = 'wf1-place-search',
  DeepScan = 'wf2-deep-scan',
  DomainExtraction = 'wf3-domain-extraction',
  SitemapDiscovery = 'wf4-sitemap-discovery',
  SitemapImport = 'wf5-sitemap-import',
  PageCuration = 'wf7-page-curation',
}

/** Tunables of one loop; each has a `<PREFIX>_<NAME>` environment variable in the worker. */
export interface WorkflowTuning {
  /** Polling backstop between ticks; notifications usually wake the loop sooner. */
  readonly intervalMs: number;
  readonly batchSize: number;
  /** Items of one batch processed at the same time (I/O-bound handlers). */
  readonly concurrency: number;
  /** Claims per row (lease expiries included) before it ends in the failed label. */
  readonly maxAttempts: number;
  /** How long a claim is trusted without renewal; the loop renews it every third of this while working. */
  readonly leaseMs: number;
  /**
   * Deadline of one item of a batch: its signal aborts then, and an item still running ends as a retry
   * (whether or not its promise ever settles). Sized for the item's slowest legitimate work.
   */
  readonly itemTimeoutMs: number;
  /**
   * Wall-clock cap of one batch, the handler's own statements included: at the cap the batch is cut,
   * unfinished items go back as retries and the loop moves on. A backstop for handlers that hang outside
   * `eachItem`; {@link defaultBatchTimeoutMs} leaves room for every round of items at its deadline.
   */
  readonly batchTimeoutMs: number;
  /**
   * Batches one loop works on at the same time, each claimed, processed and acknowledged on its own. 1 (the
   * default) claims the next batch while the current one is acknowledged; more keep several round trips to
   * the database in flight, for handlers whose work is mostly the database's (WF3).
   */
  readonly batchesInFlight: number;
}

/** Largest item deadline and batch cap accepted (a day). */
export const MAX_TIMEOUT_MS = 86_400_000;

/**
 * The batch cap when none is configured: every round of items (`batchSize / concurrency`) running to its
 * deadline, plus one round for the handler's own statements, so no legitimate batch is cut.
 */
export function defaultBatchTimeoutMs(
  tuning: Pick<WorkflowTuning, 'batchSize' | 'concurrency' | 'itemTimeoutMs'>,
): number {
  return Math.min(
    MAX_TIMEOUT_MS,
    (Math.ceil(tuning.batchSize / Math.max(1, tuning.concurrency)) + 1) * tuning.itemTimeoutMs,
  );
}

/** Defaults as a definition declares them: the batch cap is derived unless given. */
export type WorkflowTuningDefaults = Omit<WorkflowTuning, 'batchTimeoutMs' | 'batchesInFlight'> & {
  readonly batchTimeoutMs?: number;
  readonly batchesInFlight?: number;
};

type StringKey<E> = Extract<keyof E, string>;

/**
 * One workflow, declared once: the dual-status rule of the API and the claim/ack of the worker are both
 * derived from it. Column names are typed against the entity, so a misspelt column does not compile.
 */
export interface WorkflowDefinition<E extends ObjectLiteral = ObjectLiteral> {
  /** A {@link WorkflowId} for the shipped workflows; any `wf<N>-<name>` for one registered elsewhere (tests). */
  readonly id: string;
  /** Environment variable prefix, e.g. WF3_DOMAIN_EXTRACTION. */
  readonly configPrefix: string;
  readonly entity: EntityTarget<E>;
  readonly table: string;
  readonly idColumn: StringKey<E>;
  /** Postgres type of the id, used for array casts. */
  readonly idType: 'uuid' | 'integer';
  /** What people set through the API; null for WF1, which is queued by creating a search. */
  readonly curation: {
    readonly column: StringKey<E>;
    readonly enum: PgEnumDefinition;
    /** Setting this label queues the row. */
    readonly queueingLabel: string;
  } | null;
  readonly processing: {
    readonly column: StringKey<E>;
    readonly enum: PgEnumDefinition;
    readonly queued: string;
    readonly processing: string;
    readonly done: string;
    readonly failed: string;
    /** What a still-queued row returns to when it is de-selected (null: the column becomes NULL). */
    readonly idle: string | null;
  };
  readonly errorColumn: StringKey<E>;
  /**
   * A second status column the frontend reads (e.g. pages.contact_scrape_status) that must also say a row
   * failed for good. The loop writes it in the same statement that writes the failed label, whichever way
   * the row failed: the handler's verdict, retries exhausted, or a lease expiring on the last attempt.
   */
  readonly onFailure?: {
    readonly column: StringKey<E>;
    readonly enum: PgEnumDefinition;
    readonly label: string;
  };
  readonly leaseColumns: {
    readonly attempts: StringKey<E>;
    readonly leaseExpiresAt: StringKey<E>;
    readonly lockedBy: StringKey<E>;
    readonly nextAttemptAt: StringKey<E>;
  };
  /** Oldest first, then id, so claims are deterministic; the queued partial index is on (claimOrder, id). */
  readonly claimOrder: StringKey<E>;
  /** The row's last-change timestamp: the status rule and every loop statement that returns or ends a row set it to now(). */
  readonly updatedAt: StringKey<E>;
  readonly defaults: WorkflowTuning;
  /** LISTEN/NOTIFY channel that wakes the loop when rows are queued. */
  readonly channel: string;
}

interface WorkflowSpec<E extends ObjectLiteral> {
  readonly id: string;
  readonly entity: EntityTarget<E>;
  readonly table: string;
  readonly idType: 'uuid' | 'integer';
  readonly curation: WorkflowDefinition<E>['curation'];
  readonly processing: Omit<WorkflowDefinition<E>['processing'], 'column'> & { readonly column: StringKey<E> };
  readonly errorColumn: StringKey<E>;
  readonly onFailure?: WorkflowDefinition<E>['onFailure'];
  readonly claimOrder: StringKey<E>;
  /** Default `updated_at`. */
  readonly updatedAt?: StringKey<E>;
  readonly defaults: WorkflowTuningDefaults;
}

function checkLabel(id: string, values: PgEnumDefinition, label: string, role: string): void {
  if (!(values.labels as readonly string[]).includes(label))
    throw new Error(`${id}: ${role} ${JSON.stringify(label)} is not a ${values.name} label`);
}

/**
 * Builds a definition; the lease columns follow the naming rule of migration 1795910400003
 * (`<processing column>_attempts`, `_lease_expires_at`, `_locked_by`, `_next_attempt_at`).
 */
export function defineWorkflow<E extends ObjectLiteral>(spec: WorkflowSpec<E>): WorkflowDefinition<E> {
  const p = spec.processing.column;
  const lease = <K extends string>(suffix: K) => `${p}_${suffix}` as StringKey<E>;
  const { processing } = spec;
  for (const role of ['queued', 'processing', 'done', 'failed'] as const)
    checkLabel(spec.id, processing.enum, processing[role], role);
  if (processing.idle !== null) checkLabel(spec.id, processing.enum, processing.idle, 'idle');
  if (spec.curation) checkLabel(spec.id, spec.curation.enum, spec.curation.queueingLabel, 'queueingLabel');
  if (spec.onFailure) checkLabel(spec.id, spec.onFailure.enum, spec.onFailure.label, 'onFailure label');
  return Object.freeze({
    ...spec,
    updatedAt: spec.updatedAt ?? ('updated_at' as StringKey<E>),
    defaults: Object.freeze({
      ...spec.defaults,
      batchTimeoutMs: spec.defaults.batchTimeoutMs ?? defaultBatchTimeoutMs(spec.defaults),
      batchesInFlight: spec.defaults.batchesInFlight ?? 1,
    }),
    idColumn: 'id' as StringKey<E>,
    configPrefix: spec.id
      .replace(/^(wf\d+)-/, '$1_')
      .replace(/-/g, '_')
      .toUpperCase(),
    leaseColumns: {
      attempts: lease('attempts'),
      leaseExpiresAt: lease('lease_expires_at'),
      lockedBy: lease('locked_by'),
      nextAttemptAt: lease('next_attempt_at'),
    },
    channel: `curation_${spec.id.replace(/-/g, '_')}`,
  });
}
