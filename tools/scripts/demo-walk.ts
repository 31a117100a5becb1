// The offline demo walked through the API, step by step as the console does it: a search, its places selected,
// their businesses selected, the domains and sitemaps the worker found, those sitemaps selected, the pages and
// contacts the worker made, a contact validated and delivered to the fake HubSpot. first-run-check runs it.

import { pollUntil } from '@curation/sdk/testing';

export interface DemoWalkStep {
  readonly step: string;
  readonly detail: string;
}

type Json = Record<string, unknown>;

/** Calls the API as the printed token; any answer but 2xx fails the walk with the API's own detail. */
function client(base: string, token: string) {
  return async <T = Json>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
}

/** The SDK's pollUntil, failing with what it last saw when `done` never held. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000) {
  const last = await pollUntil(read, done, timeoutMs, 300);
  if (!done(last))
    throw new Error(`${what}: not reached in ${timeoutMs / 1000} s; last answer ${JSON.stringify(last).slice(0, 400)}`);
  return last;
}

interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/**
 * Runs the walk; `business_type` and `location` name a search no earlier walk used (its places would already
 * exist). Answers the steps taken, each with what it saw, and the address delivered.
 */
export async function walkOfflineDemo(
  base: string,
  token: string,
  search = { business_type: 'dentist', location: `Austin, TX ${Date.now()}` },
): Promise<{ steps: DemoWalkStep[]; delivered: string }> {
  const call = client(base, token);
  const steps: DemoWalkStep[] = [];
  const note = (step: string, detail: string) => steps.push({ step, detail });

  const { job_id } = await call<{ job_id: string }>('POST', '/api/v3/localminer-discoveryscan/search/places', search);
  await until(
    'the search completes',
    () => call<{ status: string }>('GET', `/api/v3/localminer-discoveryscan/search/status/${job_id}`),
    (s) => s.status === 'complete',
  );
  const results = await call<{ places: { place_id: string; name: string }[] }>(
    'GET',
    `/api/v3/localminer-discoveryscan/results/${job_id}?limit=100`,
  );
  note('search', `${results.places.length} places found by the fake Google Places`);

  // The first three have websites (the fake gives none to every tenth place).
  const chosenPlaces = results.places.slice(0, 3);
  const chosen = chosenPlaces.map((p) => p.place_id);
  const names = new Set(chosenPlaces.map((p) => p.name));
  await call('PUT', '/api/v3/places/staging/status', { place_ids: chosen, status: 'Selected' });
  const businesses = await until(
    'the deep scans create businesses',
    () =>
      call<Page<{ id: string; business_name: string; website_url: string | null }>>(
        'GET',
        `/api/v3/local-businesses?size=100&business_name=${encodeURIComponent(search.location)}`,
      ),
    (page) => page.items.filter((b) => names.has(b.business_name)).length === names.size,
  );
  const mine = businesses.items.filter((b) => names.has(b.business_name));
  note('places → businesses', `${mine.length} places selected and deep-scanned into businesses`);

  await call('PUT', '/api/v3/local-businesses/status', {
    local_business_ids: mine.map((b) => b.id),
    status: 'Selected',
  });
  const site = mine.find((b) => b.website_url !== null)?.website_url;
  if (!site) throw new Error('none of the selected places has a website');
  const host = new URL(site).hostname.replace(/^www\./, '');
  const domains = await until(
    'WF3 creates the domain and WF4 discovers its sitemap',
    () =>
      call<Page<{ id: string; domain: string; sitemap_analysis_status: string | null }>>(
        'GET',
        `/api/v3/domains?domain=${encodeURIComponent(host)}`,
      ),
    (page) => ['completed', 'failed'].includes(page.items[0]?.sitemap_analysis_status ?? ''),
  );
  const domain = domains.items[0];
  if (domain.sitemap_analysis_status !== 'completed')
    throw new Error(`sitemap discovery of ${domain.domain} failed; see its sitemap_analysis_error`);
  note(
    'businesses → domains → sitemaps',
    `domain ${domain.domain}, sitemap discovery ${domain.sitemap_analysis_status}`,
  );

  const sitemaps = await call<Page<{ id: string; url: string }>>('GET', `/api/v3/sitemap-files?domain_id=${domain.id}`);
  if (sitemaps.items.length === 0) throw new Error(`no sitemap recorded for ${domain.domain}`);
  await call('PUT', '/api/v3/sitemap-files/status', {
    sitemap_file_ids: sitemaps.items.map((s) => s.id),
    deep_scrape_curation_status: 'Selected',
  });
  const pages = await until(
    'WF5 imports the pages',
    () => call<Page<{ url: string }>>('GET', `/api/v3/pages?url_contains=${encodeURIComponent(`//${host}/`)}`),
    (page) => page.total > 0,
  );
  note('sitemaps → pages', `${sitemaps.items.length} sitemap(s) selected, ${pages.total} pages imported`);

  const contacts = await until(
    'WF7 scrapes the contact page',
    () => call<{ id: string; email: string }[]>('GET', `/api/v3/contacts?domain_id=${domain.id}`),
    (rows) => rows.some((c) => c.email.startsWith('jordan.avery@')),
  );
  const person = contacts.find((c) => c.email.startsWith('jordan.avery@'));
  if (!person) throw new Error('unreachable: the walk waited for this contact');
  note('pages → contacts', `${contacts.length} contacts: ${contacts.map((c) => c.email).join(', ')}`);

  await call('POST', '/api/v3/contacts/validate', { contact_ids: [person.id] });
  const validated = await until(
    'DeBounce (fake) validates the contact',
    () =>
      call<{ debounce_result: string | null; debounce_score: number | null }>('GET', `/api/v3/contacts/${person.id}`),
    (c) => c.debounce_result !== null,
  );
  note('validation', `${person.email}: ${validated.debounce_result} (score ${validated.debounce_score})`);

  await call('PUT', '/api/v3/contacts/crm/select', { contact_ids: [person.id], crms: ['hubspot'] });
  const delivered = await until(
    'the fake HubSpot receives the contact',
    () =>
      call<{ hubspot_processing_status: string | null; hubspot_processing_error: string | null }>(
        'GET',
        `/api/v3/contacts/${person.id}`,
      ),
    (c) => c.hubspot_processing_status === 'Complete' || c.hubspot_processing_status === 'Error',
  );
  if (delivered.hubspot_processing_status !== 'Complete')
    throw new Error(`HubSpot delivery failed: ${delivered.hubspot_processing_error}`);
  note('delivery', `${person.email} delivered to the fake HubSpot`);
  return { steps, delivered: person.email };
}
