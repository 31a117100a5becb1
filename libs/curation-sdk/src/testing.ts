import 'reflect-metadata';

export { generateFixtures } from './lib/fixtures/fixture-generator';
export { insertFixtures } from './lib/fixtures/insert-fixtures';
export { insertBusinesses } from './lib/testing/business-rows';
export { createDriftedDatabase } from './lib/testing/drifted-database';
export {
  REPO_ROOT,
  freeTcpPort,
  pollUntil,
  runTsScript,
  startTsProcess,
  stopProcess,
  waitForOutput,
} from './lib/testing/processes';
export { queueRows, queueTableOf } from './lib/testing/queue-rows';
export type { QueueRow } from './lib/testing/queue-rows';
export { expectNoNPlusOne, expectQueryBudget, recordQueries } from './lib/testing/query-assertions';
export { createEmptyTestDatabase, createTestDatabase } from './lib/testing/test-database';
export type { TestDatabase } from './lib/testing/test-database';
export { testClients, tickWorkflowOnce } from './lib/testing/workflow-runs';
export type { WorkflowRunOptions } from './lib/testing/workflow-runs';
export { DEMO_CRMS, startOfflineDemo } from './lib/testing/offline-demo';
export type { DemoCrm, OfflineDemo, OfflineDemoOptions } from './lib/testing/offline-demo';
