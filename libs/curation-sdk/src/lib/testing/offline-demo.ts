import {
  CrmFakes,
  DemoSites,
  demoWebsite,
  FakePlacesServer,
  startCrmFakes,
  startDemoSites,
  startFakePlacesServer,
} from '@curation/integrations/testing';

import type { DemoFake } from '../config/runtime.config';

/** The key the demo's API and worker present to the fake Google Places (which takes any key). */
const DEMO_GOOGLE_KEY = 'offline-demo-key';

/** The services WF8 talks to, each faked on its own when its key is unset. */
export type DemoCrm = 'debounce' | 'brevo' | 'hubspot' | 'n8n';
export const DEMO_CRMS: readonly DemoCrm[] = ['debounce', 'brevo', 'hubspot', 'n8n'];

/** The settings of each CRM fake (from CrmFakes.env()) by the prefix they share. */
const CRM_PREFIX: Readonly<Record<DemoCrm, string>> = {
  debounce: 'DEBOUNCE_',
  brevo: 'BREVO_',
  hubspot: 'HUBSPOT_',
  n8n: 'N8N_',
};

export interface OfflineDemoOptions {
  /** Fake Google Places and the websites its places link to. */
  readonly google: boolean;
  /** Which of DeBounce, Brevo, HubSpot and n8n to fake (the others keep their real settings). */
  readonly crms: readonly DemoCrm[];
  /** The operator's own FETCH_CONNECT_TO: kept, and first, so its rules win over the demo's. */
  readonly connectTo?: string;
}

export interface OfflineDemo {
  readonly fakes: readonly DemoFake[];
  /** Settings for the API: the demo notice, and a Google key so it accepts searches. */
  readonly apiEnv: Readonly<Record<string, string>>;
  /** Settings for the worker: every faked service's base URL and key, and the websites' connect-to rules. */
  readonly workerEnv: Readonly<Record<string, string>>;
  /** One line per fake, for the start banner. */
  readonly lines: readonly string[];
  readonly places: FakePlacesServer | null;
  readonly sites: DemoSites | null;
  readonly crm: CrmFakes | null;
  close(): Promise<void>;
}

/** The curl line that lists the contacts the fake HubSpot holds, as HubSpot's own list endpoint answers. */
export function hubspotListCommand(crm: CrmFakes): string {
  return `curl -s -H 'Authorization: Bearer ${crm.env().HUBSPOT_API_KEY}' ${crm.hubspot.baseUrl}/crm/v3/objects/contacts`;
}

/**
 * Starts the loopback fakes of every external service `options` asks for, with the settings that point the API
 * and the worker at them. Google's fake gives each place a website on the demo sites, so a search walks on to
 * domains, sitemaps, pages and contacts without internet.
 */
export async function startOfflineDemo(options: OfflineDemoOptions): Promise<OfflineDemo> {
  const faked = new Set(options.crms);
  const [places, sites, crm] = await Promise.all([
    options.google ? startFakePlacesServer({ placesPerQuery: 20, pageSize: 20, website: demoWebsite }) : null,
    options.google ? startDemoSites() : null,
    faked.size > 0 ? startCrmFakes() : null,
  ]);
  const fakes: DemoFake[] = [
    ...(places ? (['google-places', 'websites'] as const) : []),
    ...DEMO_CRMS.filter((name) => faked.has(name)),
  ];
  const crmEnv = crm
    ? Object.fromEntries(
        Object.entries(crm.env()).filter(([name]) => [...faked].some((c) => name.startsWith(CRM_PREFIX[c]))),
      )
    : {};
  const connectTo = sites ? [options.connectTo, sites.connectTo].filter(Boolean).join(',') : undefined;
  const demo: Record<string, string> = fakes.length > 0 ? { DEMO_FAKES: fakes.join(',') } : {};
  const google: Record<string, string> = places ? { GOOGLE_MAPS_API_KEY: DEMO_GOOGLE_KEY } : {};
  return {
    fakes,
    apiEnv: { ...demo, ...google },
    workerEnv: {
      ...demo,
      ...google,
      ...(places ? { GOOGLE_PLACES_BASE_URL: places.url } : {}),
      // The demo sites listen on loopback: reached through the rules only, every other loopback address stays refused.
      ...(connectTo ? { FETCH_CONNECT_TO: connectTo, FETCH_CONNECT_TO_ALLOW_LOOPBACK: 'true' } : {}),
      ...crmEnv,
    },
    lines: [
      ...(places ? [`fake Google Places  ${places.url} (20 places per search, each with a demo website)`] : []),
      ...(sites ? [`demo websites       ${sites.url} (every *.curation-demo.dev host)`] : []),
      ...(crm && faked.has('debounce') ? [`fake DeBounce       ${crm.debounce.baseUrl}`] : []),
      ...(crm && faked.has('brevo') ? [`fake Brevo          ${crm.brevo.baseUrl}`] : []),
      ...(crm && faked.has('hubspot')
        ? [`fake HubSpot        ${crm.hubspot.baseUrl}`, `  what it received:  ${hubspotListCommand(crm)}`]
        : []),
      ...(crm && faked.has('n8n') ? [`fake n8n            ${crm.n8n.webhookUrl}`] : []),
    ],
    places,
    sites,
    crm,
    close: async () => {
      await Promise.all([places?.close(), sites?.close(), crm?.close()]);
    },
  };
}
