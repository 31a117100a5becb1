import { createProcessLogging, ProcessLogging } from '@curation/sdk';

import { WorkerSettings } from '../config/worker.config';

const built = new WeakMap<WorkerSettings, ProcessLogging>();

/** The worker's logger for these settings, built once: main.ts installs it, WorkerModule hands it to Nest. */
export function workerLogging(settings: WorkerSettings): ProcessLogging {
  let logging = built.get(settings);
  if (!logging) {
    // The CRM keys live in the WF8 settings, not the runtime ones: both are scrubbed.
    logging = createProcessLogging(settings.config, {
      name: 'curation-worker',
      secretsFrom: [settings.config, settings.wf8],
    });
    built.set(settings, logging);
  }
  return logging;
}
