import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { GooglePlacesClient } from '@curation/integrations';
import { FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';
import { WF1_PLACE_SEARCH, WF2_DEEP_SCAN, WF3_DOMAIN_EXTRACTION, WorkflowDefinition } from '@curation/sdk';
import { createTestDatabase, TestDatabase, tickWorkflowOnce } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const BASE = '/api/v3/localminer-discoveryscan';

/** The whole front of the pipeline, through the real API and the real loops, against the fake Google server. */
describe('pipeline: search → staging → deep scan → businesses → domains (real API, real loops, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fake: FakePlacesServer;
  const auth = bearer();

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: 'pipeline-key' });
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, { GOOGLE_MAPS_API_KEY: 'pipeline-key' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await fake.close();
  });

  const run = async (def: WorkflowDefinition) => {
    const google = new GooglePlacesClient({
      flavour: 'legacy',
      apiKey: 'pipeline-key',
      baseUrl: fake.url,
      pageTokenDelayMs: 0,
      requestsPerSecond: 0,
    });
    return tickWorkflowOnce(db.dataSource, def, {
      owner: 'pipeline',
      clients: { googlePlaces: google },
      options: { placeSearchMaxPages: 3 },
      tuning: { batchSize: 100 },
    });
  };

  it('walks places from a search to domains, asserting every status on the way', async () => {
    const started = await request(app.getHttpServer())
      .post(`${BASE}/search/places`)
      .set('Authorization', auth)
      .send({ business_type: 'dentist', location: 'Springfield, IL' })
      .expect(202);
    const job = started.body.job_id;
    expect(
      (await request(app.getHttpServer()).get(`${BASE}/search/status/${job}`).set('Authorization', auth)).body,
    ).toMatchObject({ status: 'pending', progress: 0 });

    expect(await run(WF1_PLACE_SEARCH)).toMatchObject({ claimed: 1, done: 1 });
    expect(
      (await request(app.getHttpServer()).get(`${BASE}/search/status/${job}`).set('Authorization', auth)).body,
    ).toMatchObject({ status: 'complete', progress: 1 });
    const results = await request(app.getHttpServer())
      .get(`${BASE}/results/${job}?limit=1000`)
      .set('Authorization', auth)
      .expect(200);
    expect(results.body.total).toBe(45);
    expect(
      results.body.places.every(
        (p: { status: string; deep_scan_status: string | null }) => p.status === 'New' && p.deep_scan_status === null,
      ),
    ).toBe(true);

    const chosen = results.body.places.slice(0, 5).map((p: { place_id: string }) => p.place_id);
    const selected = await request(app.getHttpServer())
      .put('/api/v3/places/staging/status')
      .set('Authorization', auth)
      .send({ place_ids: chosen, status: 'Selected' })
      .expect(200);
    expect(selected.body).toMatchObject({ updated_count: 5, queued_count: 5 });
    const queued = await request(app.getHttpServer())
      .get('/api/v3/places/staging?status=Selected')
      .set('Authorization', auth)
      .expect(200);
    expect(queued.body.items.map((i: { deep_scan_status: string }) => i.deep_scan_status)).toEqual([
      'Queued',
      'Queued',
      'Queued',
      'Queued',
      'Queued',
    ]);

    expect(await run(WF2_DEEP_SCAN)).toMatchObject({ claimed: 5, done: 5 });
    const scanned = await request(app.getHttpServer())
      .get('/api/v3/places/staging?status=Selected')
      .set('Authorization', auth)
      .expect(200);
    expect(scanned.body.items.map((i: { deep_scan_status: string }) => i.deep_scan_status)).toEqual([
      'Completed',
      'Completed',
      'Completed',
      'Completed',
      'Completed',
    ]);
    const businesses = await request(app.getHttpServer())
      .get('/api/v3/local-businesses?size=200')
      .set('Authorization', auth)
      .expect(200);
    expect(businesses.body.total).toBe(5);
    expect(
      businesses.body.items.every(
        (b: { status: string; domain_extraction_status: string | null }) =>
          b.status === 'New' && b.domain_extraction_status === null,
      ),
    ).toBe(true);

    const ids = businesses.body.items.map((b: { id: string }) => b.id);
    const picked = await request(app.getHttpServer())
      .put('/api/v3/local-businesses/status')
      .set('Authorization', auth)
      .send({ local_business_ids: ids, status: 'Selected' })
      .expect(200);
    expect(picked.body).toMatchObject({ updated_count: 5, queued_count: 5 });
    const waiting = await request(app.getHttpServer())
      .get('/api/v3/local-businesses?status=Selected&size=200')
      .set('Authorization', auth)
      .expect(200);
    expect(waiting.body.items.map((b: { domain_extraction_status: string }) => b.domain_extraction_status)).toEqual([
      'Queued',
      'Queued',
      'Queued',
      'Queued',
      'Queued',
    ]);

    const wf3 = await run(WF3_DOMAIN_EXTRACTION);
    expect(wf3).toMatchObject({ claimed: 5 });
    const extracted = await request(app.getHttpServer())
      .get('/api/v3/local-businesses?status=Selected&size=200')
      .set('Authorization', auth)
      .expect(200);
    const withWebsite = extracted.body.items.filter((b: { website_url: string | null }) => b.website_url);
    expect(withWebsite.length).toBeGreaterThan(0);
    for (const b of extracted.body.items) {
      expect(b.domain_extraction_status).toBe(b.website_url ? 'Completed' : 'Error');
    }
    const domains = await request(app.getHttpServer())
      .get('/api/v3/domains?size=100')
      .set('Authorization', auth)
      .expect(200);
    expect(domains.body.total).toBe(
      new Set(withWebsite.map((b: { website_url: string }) => new URL(b.website_url).hostname.replace(/^www\./, '')))
        .size,
    );
    // The WF3 → WF4 edge (on by default) queued every new domain for sitemap discovery.
    expect(
      domains.body.items.every(
        (d: { sitemap_curation_status: string; sitemap_analysis_status: string }) =>
          d.sitemap_curation_status === 'Selected' && d.sitemap_analysis_status === 'queued',
      ),
    ).toBe(true);
  });
});
