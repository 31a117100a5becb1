import 'reflect-metadata';

export * from './lib/testing/query-assertions';
export * from './lib/testing/test-database';
export * from './lib/testing/test-server';
export * from './lib/testing/processes';
export * from './lib/testing/drifted-database';
export * from './lib/fixtures';
export * from './lib/testing/business-rows';
