export { FIXTURE_HOSTS, LASTMOD_CASES, contactHost, startFixtureSites } from './lib/fixture-sites/fixture-sites.server';
export type { FixtureSites } from './lib/fixture-sites/fixture-sites.server';
export { fakePlaceId, startFakePlacesServer } from './lib/google-places/fake-places.server';
export type { FakePlacesServer } from './lib/google-places/fake-places.server';
export type { HostileOutcome, HostileWorkflow } from './lib/hostile-sites/hostile-cases';
export { startHostileSites } from './lib/hostile-sites/hostile-sites.server';
export type { HostileSites } from './lib/hostile-sites/hostile-sites.server';
export { startCrmFakes } from './lib/crm-fakes/crm-fakes';
export type { CrmFakes, CrmFakesOptions } from './lib/crm-fakes/crm-fakes';
export { startFakeService } from './lib/crm-fakes/fake-service';
export type {
  FakeAnswer,
  FakeFault,
  FakeServiceControls,
  FakeServiceOptions,
  RecordedCall,
} from './lib/crm-fakes/fake-service';
export { fakeDebounceCode, startFakeDebounceServer } from './lib/debounce/fake-debounce.server';
export type { FakeDebounceOptions, FakeDebounceServer } from './lib/debounce/fake-debounce.server';
export { startFakeBrevoServer } from './lib/brevo/fake-brevo.server';
export type { FakeBrevoContact, FakeBrevoOptions, FakeBrevoServer } from './lib/brevo/fake-brevo.server';
export { startFakeHubSpotServer } from './lib/hubspot/fake-hubspot.server';
export type { FakeHubSpotContact, FakeHubSpotOptions, FakeHubSpotServer } from './lib/hubspot/fake-hubspot.server';
export { startFakeN8nServer } from './lib/n8n/fake-n8n.server';
export type {
  FakeN8nConflict,
  FakeN8nDelivery,
  FakeN8nExecution,
  FakeN8nOptions,
  FakeN8nServer,
} from './lib/n8n/fake-n8n.server';
export {
  DEMO_SITE_DOMAIN,
  demoContactEmails,
  demoSlug,
  demoWebsite,
  startDemoSites,
} from './lib/demo-sites/demo-sites.server';
export type { DemoSites } from './lib/demo-sites/demo-sites.server';
