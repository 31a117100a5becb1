// The worker's entry point: the handlers, the registry and the clients they are built with. Only the worker
// imports it, so the API build never compiles libs/integrations (the fetcher, Google client, parsers).
export { Wf3DomainExtractionHandler } from './lib/workflows/wf3-domain-extraction/wf3-domain-extraction.handler';
export { Wf5SitemapImportHandler } from './lib/workflows/wf5-sitemap-import/wf5-sitemap-import.handler';
export { Wf7PageCurationHandler } from './lib/workflows/wf7-page-curation/wf7-page-curation.handler';
export { WorkflowClientPool, missingClients } from './lib/workflows/workflow-clients';
export type { ClientProviders } from './lib/workflows/workflow-clients';
export { PostgresHostBudget } from './lib/politeness/postgres-host-budget';
export type { PostgresHostBudgetOptions } from './lib/politeness/postgres-host-budget';
export { WORKFLOW_REGISTRY, registeredWorkflow } from './lib/workflows/workflow-registry';
export type { RegisteredWorkflow, WorkflowLoop, WorkflowOptions } from './lib/workflows/workflow-registry';
// For tools/bench/loop-designs.bench.ts, which measures the loop's statements against the design before …0015.
export { buildLoopStatements } from './lib/scheduler/loop-sql';
export type { LoopStatements } from './lib/scheduler/loop-sql';
export { MoveClaimsToQueueTables1795910400015 } from './lib/migrations/1795910400015-MoveClaimsToQueueTables';
