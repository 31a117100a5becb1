import 'reflect-metadata';

export * from './lib/config/database.config';
export * from './lib/config/env-transforms';
export * from './lib/config/load-config';
export * from './lib/config/runtime.config';
export * from './lib/curation';
export * from './lib/database';
export * from './lib/domains';
export * from './lib/entities';
export * from './lib/enums';
export * from './lib/errors/message-of';
export * from './lib/migrations';
export * from './lib/observability';
export * from './lib/scheduler';
export * from './lib/text';
export * from './lib/workflows';
export * from './lib/runtime/graceful-shutdown';
