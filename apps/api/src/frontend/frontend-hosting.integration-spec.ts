import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { INestApplication } from '@nestjs/common';
import { chromium } from 'playwright-core';
import request from 'supertest';

import { createTestDatabase, insertBusinesses, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium as isChromiumHere } from '../testing/chromium';

const hasChromium = isChromiumHere('frontend-hosting');

const SECRET = 'secret-outside-the-frontend-folder';

// A frontend in the reference's shape: an HTML page whose script reads the token the user typed into
// `<input id="jwt">` (google-maps-common.js getJwtToken) and calls the relative /api/v3/local-businesses
// exactly as local-business-curation-tab.js fetchLocalBusinessData does. Written for this test, not copied.
const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Local Business Curation</title><link rel="icon" href="data:,"></head>
<body>
  <input type="text" id="jwt" placeholder="Enter your JWT token">
  <button id="load">Load</button>
  <div id="localBusinessStatus"></div>
  <table><tbody id="localBusinessTableBody"></tbody></table>
  <script>window.inlineScriptRan = true;</script>
  <script src="/static/js/local-businesses.js"></script>
</body>
</html>
`;

const SCRIPT_JS = `
async function loadLocalBusinesses(page) {
  const token = document.getElementById('jwt').value;
  const params = new URLSearchParams({ page: page, size: 15 });
  params.append('status', 'New');
  const response = await fetch('/api/v3/local-businesses?' + params.toString(), {
    method: 'GET',
    headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
  });
  const status = document.getElementById('localBusinessStatus');
  if (!response.ok) {
    const error = await response.json().catch(() => ({ detail: 'unknown error' }));
    status.textContent = 'Error ' + response.status + ': ' + error.detail;
    return;
  }
  const data = await response.json();
  const body = document.getElementById('localBusinessTableBody');
  body.innerHTML = '';
  for (const item of data.items) {
    const row = body.insertRow();
    row.dataset.businessId = item.id;
    row.insertCell().textContent = item.business_name || 'N/A';
    row.insertCell().textContent = item.website_url || 'N/A';
    row.insertCell().textContent = item.status;
  }
  status.textContent = 'Loaded ' + data.items.length + ' of ' + data.total + ' local businesses.';
}
document.getElementById('load').addEventListener('click', () => loadLocalBusinesses(1));
`;

/** A raw GET, so the path reaches the server byte for byte (no client-side `..` normalisation). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('FRONTEND_DIR: an existing frontend served from the API origin (real AppModule, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let port: number;
  let base: string;
  let parent: string;
  let businessIds: string[];

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'frontend-hosting-'));
    const root = join(parent, 'static');
    mkdirSync(join(root, 'js'), { recursive: true });
    writeFileSync(join(root, 'index.html'), INDEX_HTML);
    writeFileSync(join(root, 'js', 'local-businesses.js'), SCRIPT_JS);
    writeFileSync(join(root, '.env'), `JWT_SECRET=${SECRET}`);
    writeFileSync(join(parent, 'secret.txt'), SECRET);
    db = await createTestDatabase();
    businessIds = await insertBusinesses(db.dataSource, ['https://alpha.example.com', 'beta.example.com', null]);
    app = await createApiTestApp(db.url, { FRONTEND_DIR: root, CORS_ORIGINS: 'https://app.example.com' });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    rmSync(parent, { recursive: true, force: true });
  });

  (hasChromium ? it : it.skip)(
    'a headless Chromium page served from the API origin lists the businesses with the token typed into it',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console error: ${message.text()} ${message.location().url}`);
        });
        page.on('requestfailed', (failed) => problems.push(`request failed: ${failed.url()}`));
        // Browser-side code is passed as source text: apps/api compiles without the DOM library.
        await page.addInitScript({
          content: `window.cspViolations = [];
            document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
        });
        const apiCalls: { url: string; status: number }[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/api/')) apiCalls.push({ url: response.url(), status: response.status() });
        });

        // The root redirects to the dashboard page, as the reference's did.
        const landing = await page.goto(`${base}/`);
        expect(landing?.url()).toBe(`${base}/static/index.html`);
        expect(landing?.status()).toBe(200);
        await page.fill('#jwt', bearer().slice('Bearer '.length));
        await page.click('#load');
        await page.waitForFunction(
          `document.querySelectorAll('#localBusinessTableBody tr').length === ${businessIds.length}`,
        );

        const rows: unknown = await page.evaluate(
          `Array.from(document.querySelectorAll('#localBusinessTableBody tr'), (tr) =>
            ({ id: tr.dataset.businessId, cells: Array.from(tr.cells, (cell) => cell.textContent) }))`,
        );
        expect(rows).toEqual([
          { id: businessIds[2], cells: ['Business 3', 'N/A', 'New'] },
          { id: businessIds[1], cells: ['Business 2', 'beta.example.com', 'New'] },
          { id: businessIds[0], cells: ['Business 1', 'https://alpha.example.com', 'New'] },
        ]);
        expect(await page.textContent('#localBusinessStatus')).toBe('Loaded 3 of 3 local businesses.');
        // Same origin: relative URLs, no CORS involved; and nothing (CSP or otherwise) blocked a script.
        expect(apiCalls).toEqual([{ url: `${base}/api/v3/local-businesses?page=1&size=15&status=New`, status: 200 }]);
        expect(await page.evaluate('window.inlineScriptRan')).toBe(true);
        expect(await page.evaluate('window.cspViolations')).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );

  it('serves files with their content type, helmet headers, no CSP, and revalidating cache headers', async () => {
    const page = await request(app.getHttpServer()).get('/static/index.html').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toBe(INDEX_HTML);
    const script = await request(app.getHttpServer()).get('/static/js/local-businesses.js').expect(200);
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(script.headers['cache-control']).toBe('no-cache');
    expect(script.headers['etag']).toEqual(expect.any(String));
    expect(script.headers['last-modified']).toEqual(expect.any(String));
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-security-policy']).toBeUndefined();
    await request(app.getHttpServer())
      .get('/static/js/local-businesses.js')
      .set('If-None-Match', script.headers['etag'])
      .expect(304);
  });

  it('never lists a folder and never serves dotfiles: a JSON 404 like any unknown path', async () => {
    for (const path of ['/static', '/static/', '/static/js', '/static/js/', '/static/.env', '/static/missing.js']) {
      const res = await request(app.getHttpServer()).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).toEqual({ detail: expect.any(String), status_code: 404 });
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toContain('local-businesses.js');
    }
  });

  it.each([
    '/static/../secret.txt',
    '/static/%2e%2e/secret.txt',
    '/static/%2E%2E/secret.txt',
    '/static/..%2fsecret.txt',
    '/static/..%2Fsecret.txt',
    '/static/js/..%2f..%2fsecret.txt',
    '/static/js/%2e%2e/%2e%2e/secret.txt',
    '/static/..%5csecret.txt',
    '/static/%252e%252e/secret.txt',
    '/static//..//secret.txt',
    '/static/index.html%00.js',
  ])('refuses %s without revealing anything outside the folder', async (path) => {
    const res = await rawGet(port, path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toContain(SECRET);
  });

  it('leaves the API untouched: /api still needs a token, health answers JSON, unknown paths are 404', async () => {
    await request(app.getHttpServer()).get('/api/v3/local-businesses').expect(401);
    const list = await request(app.getHttpServer())
      .get('/api/v3/local-businesses')
      .set('Authorization', bearer())
      .expect(200);
    expect(list.body.total).toBe(3);
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/metrics').expect(404);
    await request(app.getHttpServer()).get('/index.html').expect(404);
  });

  it('lets configured origins preflight every method the API has, DELETE and PATCH included', async () => {
    for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE']) {
      const res = await request(app.getHttpServer())
        .options('/api/v3/sitemap-files/00000000-0000-4000-8000-000000000000')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', method);
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(res.headers['access-control-allow-methods'].split(',')).toContain(method);
    }
  });

  it('serves nothing at /static or / when FRONTEND_DIR is unset', async () => {
    const plain = await createApiTestApp(db.url);
    try {
      await request(plain.getHttpServer()).get('/static/index.html').expect(404);
      await request(plain.getHttpServer()).get('/').expect(404);
    } finally {
      await plain.close();
    }
  });
});
