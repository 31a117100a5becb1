import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';

import {
  ConfigValidationError,
  defaultBatchTimeoutMs,
  MAX_TIMEOUT_MS,
  toBool,
  toInt,
  WorkflowDefinition,
  WorkflowTuning,
} from '@curation/sdk';
import { ClientProviders, missingClients, RegisteredWorkflow, WORKFLOW_REGISTRY } from '@curation/sdk/worker';

/** The variables of one workflow, read as `<PREFIX>_<NAME>` (e.g. WF3_DOMAIN_EXTRACTION_BATCH_SIZE). */
class WorkflowSettingsEnv {
  @Transform(toBool)
  @IsBoolean()
  ENABLED: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  INTERVAL_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BATCH_SIZE: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  CONCURRENCY: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_ATTEMPTS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  LEASE_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  ITEM_TIMEOUT_MS: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  BATCHES_IN_FLIGHT: number;

  /** Unset: derived from the batch size, concurrency and item deadline ({@link defaultBatchTimeoutMs}). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  BATCH_TIMEOUT_MS?: number;
}

export interface WorkflowSettings {
  readonly workflow: RegisteredWorkflow;
  readonly definition: WorkflowDefinition;
  readonly enabled: boolean;
  /** Why a disabled workflow is off: `<WF>_ENABLED=false`, or the clients its configuration cannot build. */
  readonly disabledBecause: string | null;
  readonly tuning: WorkflowTuning;
}

/** Every per-workflow variable suffix (docs/operations.md documents each as `<WF>_<KEY>`). */
export const WORKFLOW_SETTING_KEYS = [
  'ENABLED',
  'INTERVAL_MS',
  'BATCH_SIZE',
  'CONCURRENCY',
  'MAX_ATTEMPTS',
  'LEASE_MS',
  'ITEM_TIMEOUT_MS',
  'BATCH_TIMEOUT_MS',
  'BATCHES_IN_FLIGHT',
] as const;
/** Changing one of these without setting BATCH_TIMEOUT_MS derives the batch cap again from the new values. */
const CAP_INPUTS = ['BATCH_SIZE', 'CONCURRENCY', 'ITEM_TIMEOUT_MS'] as const;

/**
 * Validates every registered workflow's settings at startup; defaults come from the definitions, and a
 * workflow is enabled by default exactly when every client it declares can be built from this
 * configuration (`clients` says why one cannot, e.g. no Google key).
 */
export function loadWorkflowSettings(
  env: Record<string, string | undefined>,
  clients: ClientProviders,
  registry: readonly RegisteredWorkflow[] = WORKFLOW_REGISTRY,
): WorkflowSettings[] {
  const problems: string[] = [];
  const settings = registry.map((workflow) => {
    const { definition } = workflow;
    const missing = missingClients(clients, workflow.requires);
    const d = definition.defaults;
    const plain: Record<string, unknown> = {
      ENABLED: String(missing.length === 0),
      INTERVAL_MS: String(d.intervalMs),
      BATCH_SIZE: String(d.batchSize),
      CONCURRENCY: String(d.concurrency),
      MAX_ATTEMPTS: String(d.maxAttempts),
      LEASE_MS: String(d.leaseMs),
      ITEM_TIMEOUT_MS: String(d.itemTimeoutMs),
      BATCHES_IN_FLIGHT: String(d.batchesInFlight),
    };
    const given = new Set<string>();
    for (const key of WORKFLOW_SETTING_KEYS) {
      const value = env[`${definition.configPrefix}_${key}`];
      if (value !== undefined && value !== '') {
        plain[key] = value;
        given.add(key);
      }
    }
    if (!given.has('BATCH_TIMEOUT_MS') && !CAP_INPUTS.some((key) => given.has(key)))
      plain.BATCH_TIMEOUT_MS = String(d.batchTimeoutMs);
    const parsed = plainToInstance(WorkflowSettingsEnv, plain);
    for (const error of validateSync(parsed)) {
      for (const message of Object.values(error.constraints ?? {}))
        problems.push(`${definition.configPrefix}_${message}`);
    }
    const batchTimeoutMs =
      parsed.BATCH_TIMEOUT_MS ??
      defaultBatchTimeoutMs({
        batchSize: parsed.BATCH_SIZE,
        concurrency: parsed.CONCURRENCY,
        itemTimeoutMs: parsed.ITEM_TIMEOUT_MS,
      });
    if (
      Number.isInteger(batchTimeoutMs) &&
      Number.isInteger(parsed.ITEM_TIMEOUT_MS) &&
      batchTimeoutMs < parsed.ITEM_TIMEOUT_MS
    ) {
      problems.push(
        `${definition.configPrefix}_BATCH_TIMEOUT_MS (${batchTimeoutMs}) must not be less than ${definition.configPrefix}_ITEM_TIMEOUT_MS (${parsed.ITEM_TIMEOUT_MS})`,
      );
    }
    if (parsed.ENABLED === true && missing.length > 0)
      problems.push(`${definition.configPrefix}_ENABLED=true, but ${missing.join(', and ')}`);
    return {
      workflow,
      definition,
      enabled: parsed.ENABLED === true,
      disabledBecause:
        parsed.ENABLED === true
          ? null
          : missing.length > 0
            ? missing.join(', and ')
            : `${definition.configPrefix}_ENABLED=false`,
      tuning: {
        intervalMs: parsed.INTERVAL_MS,
        batchSize: parsed.BATCH_SIZE,
        concurrency: parsed.CONCURRENCY,
        maxAttempts: parsed.MAX_ATTEMPTS,
        leaseMs: parsed.LEASE_MS,
        itemTimeoutMs: parsed.ITEM_TIMEOUT_MS,
        batchTimeoutMs,
        batchesInFlight: parsed.BATCHES_IN_FLIGHT,
      },
    };
  });
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return settings;
}
