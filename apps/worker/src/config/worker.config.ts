import { loadConfig, RuntimeConfig } from '@curation/sdk';

/** Worker settings on top of the shared runtime ones; validated once in main.ts. See docs/configuration.md. */
export class WorkerConfig extends RuntimeConfig {}

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  return loadConfig(WorkerConfig, env);
}
