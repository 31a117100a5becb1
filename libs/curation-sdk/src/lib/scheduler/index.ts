export * from './backoff';
export * from './loop-sql';
export * from './outcome';
export * from './scheduler-loop';
export * from './notification-listener';
