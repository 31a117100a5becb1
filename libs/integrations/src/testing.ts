export { FIXTURE_HOSTS, LASTMOD_CASES, contactHost, startFixtureSites } from './lib/fixture-sites/fixture-sites.server';
export type { FixtureSites } from './lib/fixture-sites/fixture-sites.server';
export { fakePlaceId, startFakePlacesServer } from './lib/google-places/fake-places.server';
export type { FakePlacesServer } from './lib/google-places/fake-places.server';
export type { HostileOutcome, HostileWorkflow } from './lib/hostile-sites/hostile-cases';
export { startHostileSites } from './lib/hostile-sites/hostile-sites.server';
export type { HostileSites } from './lib/hostile-sites/hostile-sites.server';
