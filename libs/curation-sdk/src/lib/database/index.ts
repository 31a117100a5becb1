export * from './curation-sdk.module';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './enum-check';
export * from './enum-drift';
export * from './migrate';
export * from './prepare-database';
export * from './sql-rows';
