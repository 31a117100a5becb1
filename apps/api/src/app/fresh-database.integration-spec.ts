import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Client } from 'pg';
import request, { Response } from 'supertest';

import { DEFAULT_TENANT_ID, migrateDatabase } from '@curation/sdk';
import { createEmptyTestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/** With it the n8n enrichment webhook is served, so it is one of the write routes checked here. */
const N8N_SECRET = 'fresh-database-n8n-secret';

const WRITES = new Set<number>([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

/** Every POST/PUT/PATCH/DELETE route the running app serves, as `METHOD /path`, read from the controllers' metadata. */
function writeRoutes(app: INestApplication): string[] {
  const routes: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method: number | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (method === undefined || !WRITES.has(method)) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        routes.push(`${RequestMethod[method]} /${[base, path].filter((p) => p !== '' && p !== '/').join('/')}`);
      }
    }
  }
  return routes.sort();
}

/**
 * What a new deployment meets first: a database that has only been migrated (no seed, no tenant inserted
 * by hand). Every write endpoint must answer 2xx there. The default tenant comes from migration
 * 1795910400005; before it, direct submit was a 500 (`domains_tenant_id_fkey`).
 */
describe('every write endpoint on a freshly migrated, unseeded database (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createEmptyTestDatabase>>;
  let sql: Client;
  let app: INestApplication;
  const server = () => request(app.getHttpServer());
  const auth = (r: request.Test) => r.set('Authorization', bearer());
  const ids: {
    domain?: string;
    search?: string;
    place?: string;
    business?: string;
    sitemapFile?: string;
    page?: string;
    contact?: string;
    createdSitemapFile?: string;
  } = {};
  const csv = (route: string, header: string, value: string) =>
    auth(server().post(route)).attach('file', Buffer.from(`${header}\n${value}\n`), 'import.csv');

  /** One call per write route; the table must name every route the app serves (checked below). */
  const CASES: Record<string, () => Promise<Response>> = {
    'POST /api/v3/domains/direct-submit': () =>
      auth(server().post('/api/v3/domains/direct-submit')).send({
        domains: ['https://www.fresh-deploy-bakery.com/contact'],
        auto_queue: true,
      }),
    'POST /api/v3/localminer-discoveryscan/search/places': () =>
      auth(server().post('/api/v3/localminer-discoveryscan/search/places')).send({
        business_type: 'bakery',
        location: 'Austin, TX',
      }),
    'PUT /api/v3/domains/sitemap-curation/status': () =>
      auth(server().put('/api/v3/domains/sitemap-curation/status')).send({
        domain_ids: [ids.domain],
        sitemap_curation_status: 'Maybe',
      }),
    'PUT /api/v3/domains/sitemap-curation/status/filtered': () =>
      auth(server().put('/api/v3/domains/sitemap-curation/status/filtered')).send({
        sitemap_curation_status: 'Selected',
        domain_filter: 'fresh-deploy',
      }),
    'PUT /api/v3/places/staging/status': () =>
      auth(server().put('/api/v3/places/staging/status')).send({ place_ids: [ids.place], status: 'Maybe' }),
    'PUT /api/v3/places/staging/status/filtered': () =>
      auth(server().put('/api/v3/places/staging/status/filtered')).send({ status: 'New', status_filter: 'Maybe' }),
    'PUT /api/v3/places/staging/queue-deep-scan': () =>
      auth(server().put('/api/v3/places/staging/queue-deep-scan')).send({ place_ids: [ids.place] }),
    'PUT /api/v3/local-businesses/status': () =>
      auth(server().put('/api/v3/local-businesses/status')).send({
        local_business_ids: [ids.business],
        status: 'Maybe',
      }),
    'PUT /api/v3/local-businesses/status/filtered': () =>
      auth(server().put('/api/v3/local-businesses/status/filtered')).send({
        status: 'Selected',
        status_filter: 'Maybe',
      }),
    'PUT /api/v3/sitemap-files/sitemap_import_curation/status': () =>
      auth(server().put('/api/v3/sitemap-files/sitemap_import_curation/status')).send({
        sitemap_file_ids: [ids.sitemapFile],
        deep_scrape_curation_status: 'Maybe',
      }),
    'PUT /api/v3/sitemap-files/sitemap_import_curation/status/filtered': () =>
      auth(server().put('/api/v3/sitemap-files/sitemap_import_curation/status/filtered')).send({
        deep_scrape_curation_status: 'Selected',
        domain_id: ids.domain,
      }),
    'PUT /api/v3/pages/status': () =>
      auth(server().put('/api/v3/pages/status')).send({ page_ids: [ids.page], status: 'Selected' }),
    'PUT /api/v3/pages/status/filtered': () =>
      auth(server().put('/api/v3/pages/status/filtered')).send({ status: 'New', url_contains: 'fresh-deploy-bakery' }),
    'POST /api/v3/domains/import-csv': () => csv('/api/v3/domains/import-csv', 'domain', 'fresh-csv-bakery.com'),
    'POST /api/v3/sitemaps/import-csv': () =>
      csv('/api/v3/sitemaps/import-csv', 'sitemap_url', 'https://fresh-csv-bakery.com/sitemap.xml'),
    'POST /api/v3/pages/import-csv': () =>
      csv('/api/v3/pages/import-csv', 'page_url', 'https://fresh-csv-bakery.com/about'),
    'POST /api/v3/pages/direct-submit': () =>
      auth(server().post('/api/v3/pages/direct-submit')).send({
        urls: ['https://fresh-deploy-bakery.com/team'],
        auto_queue: true,
      }),
    'POST /api/v3/sitemaps/direct-submit': () =>
      auth(server().post('/api/v3/sitemaps/direct-submit')).send({
        sitemap_urls: ['https://fresh-deploy-bakery.com/sitemap-direct.xml'],
        auto_import: true,
      }),
    'POST /api/v3/sitemap/scan': () =>
      auth(server().post('/api/v3/sitemap/scan')).send({ base_url: 'fresh-scan-bakery.com' }),
    'POST /api/v3/sitemap-files': () =>
      auth(server().post('/api/v3/sitemap-files')).send({
        domain_id: ids.domain,
        sitemap_url: 'https://fresh-deploy-bakery.com/sitemap-created.xml',
      }),
    'PUT /api/v3/sitemap-files/status': () =>
      auth(server().put('/api/v3/sitemap-files/status')).send({
        sitemap_file_ids: [ids.sitemapFile],
        deep_scrape_curation_status: 'Maybe',
      }),
    'PUT /api/v3/sitemap-files/:sitemap_file_id': () =>
      auth(server().put(`/api/v3/sitemap-files/${ids.sitemapFile}`)).send({ url_count: 1 }),
    'PATCH /api/v3/sitemap-files/:sitemap_file_id': () =>
      auth(server().patch(`/api/v3/sitemap-files/${ids.sitemapFile}`)).send({ deep_scrape_curation_status: 'Maybe' }),
    'POST /api/v3/localminer-discoveryscan/places/staging/status': () =>
      auth(server().post('/api/v3/localminer-discoveryscan/places/staging/status')).send({
        place_ids: [ids.place],
        status: 'Maybe',
      }),
    'POST /api/v3/localminer-discoveryscan/places/staging/batch': () =>
      auth(server().post('/api/v3/localminer-discoveryscan/places/staging/batch')).send({
        place_ids: [ids.place],
        status: 'New',
      }),
    'PUT /api/v3/contacts/status': () =>
      auth(server().put('/api/v3/contacts/status')).send({ contact_ids: [ids.contact], status: 'Skipped' }),
    'PUT /api/v3/contacts/status/filtered': () =>
      auth(server().put('/api/v3/contacts/status/filtered')).send({ status: 'Skipped', email_contains: 'fresh' }),
    'PUT /api/v3/contacts/:contact_id': () =>
      auth(server().put(`/api/v3/contacts/${ids.contact}`)).send({ name: 'Fresh Owner' }),
    'PATCH /api/v3/contacts/:contact_id': () =>
      auth(server().patch(`/api/v3/contacts/${ids.contact}`)).send({ name: 'Fresh Owner' }),
    'PUT /api/v3/contacts/crm/select': () =>
      auth(server().put('/api/v3/contacts/crm/select')).send({ contact_ids: [ids.contact], crms: ['brevo', 'n8n'] }),
    'POST /api/v3/contacts/validate': () =>
      auth(server().post('/api/v3/contacts/validate')).send({ contact_ids: [ids.contact] }),
    'POST /api/v3/contacts/validate/all': () =>
      auth(server().post('/api/v3/contacts/validate/all')).send({ filters: { search_email: 'fresh' } }),
    'POST /api/v3/webhooks/n8n/enrichment-complete': () =>
      server()
        .post('/api/v3/webhooks/n8n/enrichment-complete')
        .set('Authorization', `Bearer ${N8N_SECRET}`)
        .send({
          contact_id: ids.contact,
          enrichment_id: 'fresh-run-1',
          status: 'complete',
          timestamp: '2025-11-19T10:30:00Z',
          enriched_data: { phone: '+1-555-0100' },
        }),
    'DELETE /api/v3/contacts/:contact_id': () => auth(server().delete(`/api/v3/contacts/${ids.contact}`)),
    'DELETE /api/v3/sitemap-files/:sitemap_file_id': () =>
      auth(server().delete(`/api/v3/sitemap-files/${ids.createdSitemapFile}`)),
  };
  /** Routes that create rows from nothing; the rest need rows to act on, and deletes run last. */
  const CREATES = [
    'POST /api/v3/domains/import-csv',
    'POST /api/v3/sitemaps/import-csv',
    'POST /api/v3/pages/import-csv',
    'POST /api/v3/pages/direct-submit',
    'POST /api/v3/sitemaps/direct-submit',
    'POST /api/v3/sitemap/scan',
    'POST /api/v3/sitemap-files',
  ];
  const call = async (route: string): Promise<string> => {
    const res = await CASES[route]();
    return `${route} -> ${res.status}${res.status >= 300 ? ` ${JSON.stringify(res.body)}` : ''}`;
  };

  beforeAll(async () => {
    db = await createEmptyTestDatabase();
    await migrateDatabase(db.url);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    app = await createApiTestApp(db.url, {
      GOOGLE_MAPS_API_KEY: 'test-key-never-sent',
      N8N_WEBHOOK_SECRET: N8N_SECRET,
    });
  });

  afterAll(async () => {
    await app?.close();
    await sql?.end();
    await db?.drop();
  });

  it('starts with no seeded row in any curated table', async () => {
    const [counts] = (
      await sql.query(`SELECT (SELECT count(*)::int FROM local_businesses) + (SELECT count(*)::int FROM domains) + (SELECT count(*)::int FROM places_staging)
                            + (SELECT count(*)::int FROM place_searches) + (SELECT count(*)::int FROM sitemap_files) + (SELECT count(*)::int FROM pages) AS rows`)
    ).rows;
    expect(counts).toEqual({ rows: 0 });
  });

  it('names every write route of the app in its table of calls', () => {
    expect(writeRoutes(app)).toEqual(Object.keys(CASES).sort());
  });

  it('creates domains by direct submit and queues a place search: both 2xx', async () => {
    expect(await call('POST /api/v3/domains/direct-submit')).toMatch(/ -> 201$/);
    expect(await call('POST /api/v3/localminer-discoveryscan/search/places')).toMatch(/ -> 202$/);
    const [domain] = (await sql.query(`SELECT id, tenant_id FROM domains`)).rows;
    const [search] = (await sql.query(`SELECT id, tenant_id FROM place_searches`)).rows;
    expect([domain.tenant_id, search.tenant_id]).toEqual([DEFAULT_TENANT_ID, DEFAULT_TENANT_ID]);
    ids.domain = domain.id;
    ids.search = search.id;
  });

  it('answers 2xx on every bulk-entry and create endpoint', async () => {
    const results: string[] = [];
    for (const route of CREATES) results.push(await call(route));
    expect(results.filter((line) => !/ -> 2\d\d$/.test(line))).toEqual([]);
    ids.createdSitemapFile = (
      await sql.query(`SELECT id FROM sitemap_files WHERE url = 'https://fresh-deploy-bakery.com/sitemap-created.xml'`)
    ).rows[0].id;
    const [{ tenants }] = (
      await sql.query(
        `SELECT array_agg(DISTINCT tenant_id::text) AS tenants FROM (SELECT tenant_id FROM domains UNION ALL SELECT tenant_id FROM pages UNION ALL SELECT tenant_id FROM sitemap_files) t`,
      )
    ).rows;
    expect(tenants).toEqual([DEFAULT_TENANT_ID]);
  });

  it('answers 2xx on every status, update and delete endpoint, over the rows the workflows write for the default tenant', async () => {
    // The rows WF1 (places), WF2 (businesses), WF4 (sitemap files) and WF5 (pages) would write, inserted as
    // those handlers do: for DEFAULT_TENANT_ID, with no tenant row added by the test.
    ids.place = (
      await sql.query(
        `INSERT INTO places_staging (place_id, name, tenant_id, search_job_id) VALUES ('ChIJ-fresh-deploy', 'Fresh Deploy Bakery', $1, $2) RETURNING place_id`,
        [DEFAULT_TENANT_ID, ids.search],
      )
    ).rows[0].place_id;
    ids.business = (
      await sql.query(
        `INSERT INTO local_businesses (tenant_id, place_id, business_name, website_url) VALUES ($1, 'ChIJ-fresh-deploy', 'Fresh Deploy Bakery', 'https://www.fresh-deploy-bakery.com/') RETURNING id`,
        [DEFAULT_TENANT_ID],
      )
    ).rows[0].id;
    ids.sitemapFile = (
      await sql.query(
        `INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type) VALUES ($1, $2, 'https://fresh-deploy-bakery.com/sitemap.xml', 'standard') RETURNING id`,
        [ids.domain, DEFAULT_TENANT_ID],
      )
    ).rows[0].id;
    ids.page = (
      await sql.query(
        `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, 'https://fresh-deploy-bakery.com/contact') RETURNING id`,
        [DEFAULT_TENANT_ID, ids.domain],
      )
    ).rows[0].id;
    // WF7 writes contacts; no endpoint creates one.
    ids.contact = (
      await sql.query(
        `INSERT INTO contacts (domain_id, page_id, email) VALUES ($1, $2, 'owner@fresh-deploy-bakery.com') RETURNING id`,
        [ids.domain, ids.page],
      )
    ).rows[0].id;
    const rest = Object.keys(CASES).filter(
      (route) =>
        !CREATES.includes(route) &&
        !route.startsWith('DELETE ') &&
        !route.endsWith('/search/places') &&
        route !== 'POST /api/v3/domains/direct-submit',
    );
    const results: string[] = [];
    for (const route of [...rest, ...Object.keys(CASES).filter((route) => route.startsWith('DELETE '))])
      results.push(await call(route));
    expect(results.filter((line) => !/ -> 2\d\d$/.test(line))).toEqual([]);
    expect(results).toHaveLength(Object.keys(CASES).length - CREATES.length - 2);
  });
});
