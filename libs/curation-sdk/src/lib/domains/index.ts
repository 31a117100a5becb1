export * from './normalize-domain';
export * from './platform-websites';
export * from './match-platform-website';
