export * from './lib/google-places/fake-places.server';
export * from './lib/fixture-sites/fixture-sites.server';
export * from './lib/hostile-sites/hostile-sites.server';
