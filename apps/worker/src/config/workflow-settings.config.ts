import { ConfigValidationError, createWorkflowHandler, toBool, toInt, WorkflowDependencies, WorkflowId, WORKFLOWS, WorkflowDefinition, WorkflowTuning } from '@curation/sdk';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min, validateSync } from 'class-validator';

/** The six variables of one workflow, read as `<PREFIX>_<NAME>` (e.g. WF3_DOMAIN_EXTRACTION_BATCH_SIZE). */
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
}

export interface WorkflowSettings {
  readonly definition: WorkflowDefinition;
  readonly enabled: boolean;
  readonly tuning: WorkflowTuning;
}

const KEYS = ['ENABLED', 'INTERVAL_MS', 'BATCH_SIZE', 'CONCURRENCY', 'MAX_ATTEMPTS', 'LEASE_MS'] as const;

/**
 * Validates every workflow's settings at startup; defaults come from the workflow definitions, and a
 * workflow is enabled by default exactly when its handler is available (WF1/WF2 need a Google key).
 */
export function loadWorkflowSettings(env: Record<string, string | undefined>, dependencies: WorkflowDependencies = {}): WorkflowSettings[] {
  const problems: string[] = [];
  const settings = WORKFLOWS.map((definition) => {
    const hasHandler = createWorkflowHandler(definition.id, dependencies) !== null;
    const d = definition.defaults;
    const plain: Record<string, unknown> = {
      ENABLED: String(hasHandler),
      INTERVAL_MS: String(d.intervalMs),
      BATCH_SIZE: String(d.batchSize),
      CONCURRENCY: String(d.concurrency),
      MAX_ATTEMPTS: String(d.maxAttempts),
      LEASE_MS: String(d.leaseMs),
    };
    for (const key of KEYS) {
      const value = env[`${definition.configPrefix}_${key}`];
      if (value !== undefined && value !== '') plain[key] = value;
    }
    const parsed = plainToInstance(WorkflowSettingsEnv, plain);
    for (const error of validateSync(parsed)) {
      for (const message of Object.values(error.constraints ?? {})) problems.push(`${definition.configPrefix}_${message}`);
    }
    if (parsed.ENABLED === true && !hasHandler) {
      const needsGoogle = definition.id === WorkflowId.PlaceSearch || definition.id === WorkflowId.DeepScan;
      problems.push(
        needsGoogle
          ? `${definition.configPrefix}_ENABLED=true, but GOOGLE_MAPS_API_KEY is not set`
          : `${definition.configPrefix}_ENABLED=true, but this build has no ${definition.id} handler yet`,
      );
    }
    return {
      definition,
      enabled: parsed.ENABLED === true,
      tuning: {
        intervalMs: parsed.INTERVAL_MS,
        batchSize: parsed.BATCH_SIZE,
        concurrency: parsed.CONCURRENCY,
        maxAttempts: parsed.MAX_ATTEMPTS,
        leaseMs: parsed.LEASE_MS,
      },
    };
  });
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return settings;
}
