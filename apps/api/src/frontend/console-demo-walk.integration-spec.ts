// Issue 17's walk: a person in headless Chromium takes the offline demo from a search to a contact delivered to the
// fake HubSpot, through the built console, the real API, a real worker process and PostgreSQL, with the same fakes
// `npm start` runs. The database is asserted at every step; every tab is photographed on the way.
import { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { INestApplication } from '@nestjs/common';
import { Browser, chromium, Page } from 'playwright-core';

import {
  createTestDatabase,
  DEMO_CRMS,
  OfflineDemo,
  pollUntil,
  startOfflineDemo,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium as isChromiumHere } from '../testing/chromium';
import { buildConsole, collectProblems, SCREENSHOTS, seriousViolations } from '../testing/console-browser';

const hasChromium = isChromiumHere('console-demo-walk');

const SEARCH = { type: 'dentist', location: 'Austin, TX' };
const QUERY = `${SEARCH.type} in ${SEARCH.location}`;
/** Places ticked on the Places tab: the first three the fake finds, all with websites. */
const PICKED = [1, 2, 3].map((n) => `${QUERY} #${n}`);

(hasChromium ? describe : describe.skip)(
  'the offline demo walked in the console (Chromium, API, worker, PostgreSQL)',
  () => {
    let built: string;
    let db: TestDatabase;
    let demo: OfflineDemo;
    let app: INestApplication;
    let worker: ChildProcess;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    let base: string;
    let workerLog = '';

    const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);
    /** Waits (up to 60 s) for `sql`'s first row's `n` to reach `want`. */
    const countReaches = async (what: string, sql: string, want: number, params: unknown[] = []) => {
      const seen = await pollUntil(
        async () => (await rows<{ n: number }>(sql, params))[0].n,
        (n) => n >= want,
        60_000,
        200,
      );
      if (seen < want) throw new Error(`${what}: ${seen} of ${want} after 60 s\n${workerLog.slice(-3000)}`);
    };
    const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `demo-${name}.png`) });
    const tab = async (name: string) => {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 2, name }).waitFor();
    };
    /** Every matching row of the open tab set to `label`, through the count confirmation. */
    const applyToAllMatching = async (label: string, count: number, notice: string) => {
      await page.getByText(`${count} matching`, { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Select all matching' }).click();
      await page.getByLabel('Set status').selectOption(label);
      await page.getByRole('button', { name: `Apply to all ${count} matching` }).click();
      await page.getByRole('button', { name: `Yes, change all ${count}` }).click();
      await page.getByRole('status').filter({ hasText: notice }).waitFor();
    };

    beforeAll(async () => {
      built = buildConsole();
      db = await createTestDatabase();
      demo = await startOfflineDemo({ google: true, crms: DEMO_CRMS });
      app = await createApiTestApp(db.url, { WEB_DIR: built, OPERATIONS_SNAPSHOT_MS: '0', ...demo.apiEnv });
      await app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      worker = startTsProcess('apps/worker/src/main.ts', [], { DATABASE_URL: db.url, ...demo.workerEnv });
      const keep = (chunk: Buffer) => (workerLog = (workerLog + chunk.toString()).slice(-20_000));
      worker.stdout?.on('data', keep);
      worker.stderr?.on('data', keep);
      await waitForOutput(worker, /worker started/, 60_000);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      problems = collectProblems(page);
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (worker) await stopProcess(worker);
      await app?.close();
      await demo?.close();
      await db?.drop();
      if (built) rmSync(built, { recursive: true, force: true });
    });

    it('search → places → deep scan → businesses → domains → sitemaps → pages → contact → validated → HubSpot', async () => {
      await page.goto(`${base}/#token=${bearer().slice('Bearer '.length)}`);
      // The banner says it is a demo, on every tab.
      await page.getByRole('note').filter({ hasText: 'Offline demo.' }).waitFor();
      expect(await page.getByRole('note').textContent()).toContain('Google Places');

      // Search: the fake Google Places answers; WF1 stores its 20 places.
      await tab('Search');
      await page.getByLabel('Business type').fill(SEARCH.type);
      await page.getByLabel('Location').fill(SEARCH.location);
      await page.getByRole('button', { name: 'Start search' }).click();
      await page.getByRole('status').filter({ hasText: 'complete, 20 places found' }).waitFor({ timeout: 60_000 });
      expect(await rows(`SELECT status::text AS status FROM place_searches`)).toEqual([{ status: 'complete' }]);
      expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM places_staging`))[0].n).toBe(20);
      await page.getByRole('link', { name: '20 places' }).click();
      await page.getByRole('cell', { name: PICKED[0], exact: true }).waitFor();
      await shoot('search-places');

      // Places: three ticked and Selected; WF2 deep-scans them into businesses.
      for (const name of PICKED) await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
      await page.getByLabel('Set status').selectOption('Selected');
      await page.getByRole('button', { name: 'Apply to 3 selected' }).click();
      await page.getByRole('status').filter({ hasText: 'Updated 3' }).waitFor();
      expect(await rows(`SELECT name FROM places_staging WHERE status = 'Selected' ORDER BY name`)).toEqual(
        PICKED.map((name) => ({ name })),
      );
      await countReaches('businesses from the deep scans', `SELECT count(*)::int AS n FROM local_businesses`, 3);
      expect(
        await rows(
          `SELECT deep_scan_status::text AS s, count(*)::int AS n FROM places_staging WHERE status = 'Selected' GROUP BY 1`,
        ),
      ).toEqual([{ s: 'Completed', n: 3 }]);

      // Businesses: all three Selected; WF3 makes their domains and the WF3 → WF4 edge discovers their sitemaps.
      await tab('Businesses');
      await shoot('businesses');
      await applyToAllMatching('Selected', 3, 'Updated 3 local businesses to Selected');
      await countReaches(
        'domains with sitemaps discovered',
        `SELECT count(*)::int AS n FROM domains WHERE sitemap_analysis_status = 'completed'`,
        3,
      );
      expect(await rows(`SELECT domain FROM domains ORDER BY domain`)).toEqual(
        [1, 2, 3].map((n) => ({ domain: `dentist-in-austin-tx-${n}.curation-demo.dev` })),
      );
      await tab('Domains');
      await page.getByRole('cell', { name: 'dentist-in-austin-tx-1.curation-demo.dev', exact: true }).waitFor();
      await shoot('domains');

      // Sitemaps: the three discovered (robots.txt) Selected; WF5 imports their pages.
      await tab('Sitemaps');
      await shoot('sitemaps');
      expect(await rows(`SELECT count(*)::int AS n, min(discovery_method::text) AS how FROM sitemap_files`)).toEqual([
        { n: 3, how: 'robots_txt' },
      ]);
      await applyToAllMatching('Selected', 3, 'Updated 3 sitemap files to Selected');
      await countReaches('pages imported', `SELECT count(*)::int AS n FROM pages`, 18);

      // Pages: the contact-like ones (contact, about-us) went straight to WF7, which scraped the contact pages.
      await countReaches(
        'contact pages scraped',
        `SELECT count(*)::int AS n FROM pages WHERE page_processing_status = 'Complete' AND url LIKE '%/contact/'`,
        3,
      );
      await tab('Pages');
      await shoot('pages');
      await countReaches('contacts found', `SELECT count(*)::int AS n FROM contacts`, 6);

      // Contacts: the practice manager of the first site validated (fake DeBounce), then sent to HubSpot.
      const email = 'jordan.avery@dentist-in-austin-tx-1.curation-demo.dev';
      // From the domain's row to its contacts: the two its contact page carries.
      await tab('Domains');
      await page.getByRole('link', { name: 'Contacts of dentist-in-austin-tx-1.curation-demo.dev' }).click();
      await page.getByText('One domain’s only.').waitFor();
      await page.getByText('2 matching', { exact: true }).waitFor();
      await page.getByLabel('Email contains').fill('jordan.avery');
      await page.getByText('1 matching', { exact: true }).waitFor();
      await page.getByRole('checkbox', { name: `Select ${email}` }).check();
      await page.getByRole('button', { name: 'Validate with DeBounce' }).click();
      await page.getByRole('status').filter({ hasText: '1 contacts queued for validation' }).waitFor();
      await countReaches(
        'the contact validated',
        `SELECT count(*)::int AS n FROM contacts WHERE email = $1 AND debounce_processing_status = 'Complete'`,
        1,
        [email],
      );
      expect(await rows(`SELECT debounce_result FROM contacts WHERE email = $1`, [email])).toEqual([
        { debounce_result: 'valid' },
      ]);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Contacts' }).waitFor();
      await page.getByLabel('Email contains').fill('jordan.avery@dentist-in-austin-tx-1.');
      await page.getByRole('cell', { name: /^valid/ }).waitFor();
      await page.getByRole('checkbox', { name: `Select ${email}` }).check();
      await page.getByLabel('CRM').selectOption('hubspot');
      await page.getByRole('button', { name: 'Send to CRM' }).click();
      await page.getByRole('status').filter({ hasText: 'Selected 1 contacts for 1 CRM(s)' }).waitFor();
      await countReaches(
        'the contact delivered to HubSpot',
        `SELECT count(*)::int AS n FROM contacts WHERE email = $1 AND hubspot_processing_status = 'Complete'`,
        1,
        [email],
      );
      // The fake HubSpot holds it, and nothing else was sent anywhere.
      const crm = demo.crm;
      if (!crm) throw new Error('the demo runs the CRM fakes');
      expect(JSON.stringify(crm.hubspot.requests.map((r) => r.body))).toContain(email);
      expect(crm.brevo.requests).toHaveLength(0);
      await page.getByRole('link', { name: 'Show every contact' }).click();
      await page.getByText('6 matching', { exact: true }).waitFor();
      await shoot('contacts');
      expect(await seriousViolations(page)).toEqual([]);

      // The dashboard: WF8's HubSpot loop shows the delivery it completed.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'wf8-hubspot' }) })
        .filter({ hasText: 'Complete 1' })
        .waitFor();
      await shoot('dashboard');
      expect(problems).toEqual([]);
    }, 240_000);
  },
);
