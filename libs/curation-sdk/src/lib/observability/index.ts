export * from './n-plus-one';
export * from './query-recorder';
export * from './sql-fingerprint';
export * from './query-scope';
