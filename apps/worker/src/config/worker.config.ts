import { ConfigValidationError, loadConfig, RuntimeConfig, toBool, toInt } from '@curation/sdk';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { loadWorkflowSettings, WorkflowSettings } from './workflow-settings.config';

/** Worker settings on top of the shared runtime ones; validated once in main.ts. See docs/configuration.md. */
export class WorkerConfig extends RuntimeConfig {
  /** How often each loop looks for rows whose lease expired, in ms. Recovery takes at most lease + this. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SWEEP_INTERVAL_MS = 15_000;

  /** LISTEN for queue notifications; turn off behind a transaction-mode pooler (polling still works). */
  @Transform(toBool)
  @IsBoolean()
  LISTEN_NOTIFY = true;

  /** Identifies this process in lease owner columns and logs; defaults to host:pid:random. */
  @IsOptional()
  @Matches(/^[\w.:@-]{1,100}$/, { message: 'WORKER_ID may hold letters, digits and . : @ _ - (at most 100)' })
  WORKER_ID?: string;
}

/** Everything the worker was configured with, validated together so every problem is listed at once. */
export class WorkerSettings {
  constructor(
    readonly config: WorkerConfig,
    readonly workflows: readonly WorkflowSettings[],
  ) {}
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
  const workflows = attempt(() => loadWorkflowSettings(env));
  if (!config || !workflows) throw new ConfigValidationError(problems);
  return new WorkerSettings(config, workflows);
}
