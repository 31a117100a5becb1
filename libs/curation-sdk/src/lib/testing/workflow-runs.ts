import { DataSource } from 'typeorm';

import { TickResult } from '../scheduler/scheduler-loop';
import { WorkflowDefinition, WorkflowTuning } from '../workflows/workflow-definition';
import {
  registeredWorkflow,
  WorkflowClientName,
  WorkflowClients,
  WorkflowOptions,
} from '../workflows/workflow-registry';

/**
 * The clients a test hands a workflow: the given ones, and for every other one a getter that throws, so a
 * handler touching a client it did not declare fails the test instead of reaching a real service.
 */
export function testClients(given: Partial<WorkflowClients>): WorkflowClients {
  const pick = <K extends WorkflowClientName>(name: K): WorkflowClients[K] => {
    const client = given[name];
    if (client === undefined) throw new Error(`this test gave the workflow no ${name} client`);
    return client;
  };
  return {
    get googlePlaces() {
      return pick('googlePlaces');
    },
    get fetcher() {
      return pick('fetcher');
    },
    get debounce() {
      return pick('debounce');
    },
    get brevo() {
      return pick('brevo');
    },
    get hubspot() {
      return pick('hubspot');
    },
    get n8n() {
      return pick('n8n');
    },
  };
}

export interface WorkflowRunOptions {
  readonly owner: string;
  readonly clients: Partial<WorkflowClients>;
  readonly options?: WorkflowOptions;
  readonly tuning?: Partial<WorkflowTuning>;
  /** How long `stop` waits for the batch; default 1 s. */
  readonly stopMs?: number;
}

/** One tick of a registered workflow's loop, its handler built exactly as the worker builds it, then stop. */
export async function tickWorkflowOnce(
  dataSource: DataSource,
  definition: WorkflowDefinition,
  run: WorkflowRunOptions,
): Promise<TickResult | null> {
  const loop = registeredWorkflow(definition.id).createLoop(dataSource, testClients(run.clients), run.options ?? {}, {
    owner: run.owner,
    tuning: { ...definition.defaults, ...run.tuning },
  });
  try {
    return await loop.tick();
  } finally {
    await loop.stop(run.stopMs ?? 1000);
  }
}
