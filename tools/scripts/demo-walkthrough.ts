// The guided part of `npm start`: one named demo business, and the three curl commands that walk it from
// New to a created domain (WF3). `tools/scripts/first-run-check.ts` runs the printed commands as written.
import { DataSource } from 'typeorm';

import { DEFAULT_TENANT_ID, normalizeDomain, PlaceStatus } from '@curation/sdk';

export const DEMO_BUSINESS = {
  place_id: 'demo-ChIJbarton-springs-bakery',
  business_name: 'Barton Springs Bakery',
  website_url: 'https://www.bartonspringsbakery.com/menu?utm_source=google&utm_medium=organic',
  full_address: '1300 Barton Springs Rd, Austin, TX 78704, USA',
  city: 'Austin',
  state: 'TX',
  country: 'US',
  phone: '+1 512-555-0142',
  main_category: 'Bakery',
  rating: 4.7,
} as const;

export interface DemoBusiness {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  /** Its curation status now: New on a fresh database, something else once an earlier run walked it. */
  readonly status: string;
}

/** Inserts the demo business once (New, with a messy real-world website URL); later runs find it again. */
export async function ensureDemoBusiness(dataSource: DataSource): Promise<DemoBusiness> {
  const d = DEMO_BUSINESS;
  await dataSource.query(
    `INSERT INTO local_businesses (tenant_id, place_id, business_name, website_url, full_address, city, state, country, phone, main_category, rating, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::place_status_enum)
     ON CONFLICT (place_id) DO NOTHING`,
    [
      DEFAULT_TENANT_ID,
      d.place_id,
      d.business_name,
      d.website_url,
      d.full_address,
      d.city,
      d.state,
      d.country,
      d.phone,
      d.main_category,
      d.rating,
      PlaceStatus.New,
    ],
  );
  const [{ id, status }]: { id: string; status: string }[] = await dataSource.query(
    `SELECT id, status::text AS status FROM local_businesses WHERE place_id = $1`,
    [d.place_id],
  );
  const normalized = normalizeDomain(d.website_url);
  if (!normalized.ok) throw new Error(`demo website_url does not normalise: ${normalized.message}`);
  return { id, name: d.business_name, domain: normalized.domain, status };
}

/** Copy-pasteable shell lines: the token, then the business, its selection, and the domain WF3 created. */
export function walkthrough(base: string, token: string, demo: DemoBusiness): string[] {
  const auth = `-H "Authorization: Bearer $TOKEN"`;
  return [
    `export TOKEN=${token}`,
    demo.status === PlaceStatus.New
      ? `# 1. The business, still New:`
      : `# 1. The business (now ${demo.status}: an earlier run walked it; delete .data/postgres to start over):`,
    `curl -s ${auth} '${base}/api/v3/local-businesses?business_name=${encodeURIComponent(demo.name)}&size=1'`,
    `# 2. Select it: the API queues domain extraction and the worker claims it within a second:`,
    `curl -s -X PUT ${auth} -H 'Content-Type: application/json' -d '${JSON.stringify({ local_business_ids: [demo.id], status: PlaceStatus.Selected })}' ${base}/api/v3/local-businesses/status`,
    `# 3. The domain the worker created from its website URL:`,
    `curl -s ${auth} '${base}/api/v3/domains?domain=${demo.domain}'`,
  ];
}
