import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { DEFAULT_TENANT_ID, normalizeDomain } from '@curation/sdk';
import { createTestDatabase, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * The reference's three CSV imports (src/routers/v3/{domains,sitemaps,pages}_csv_import_router.py): multipart field
 * `file`, header auto-detection, per-row results; duplicates skipped; curation New. No reference page calls them, so
 * the requests are built here as its routers read them.
 */
describe('POST /api/v3/{domains,sitemaps,pages}/import-csv (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  /** The same database behind small limits, for the 413 and row-limit cases. */
  let smallApp: INestApplication;
  const SMALL_BYTES = 4096;
  const SMALL_ROWS = 50;

  const upload = (
    target: INestApplication,
    path: string,
    content: string | Buffer,
    options: { filename?: string; field?: string; contentType?: string } = {},
  ) =>
    request(target.getHttpServer())
      .post(path)
      .set('Authorization', bearer())
      .attach(options.field ?? 'file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), {
        filename: options.filename ?? 'import.csv',
        contentType: options.contentType ?? 'text/csv',
      });

  const count = async (table: string): Promise<number> =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  // md5 of every row of the three tables an import writes: any write changes it
  const fingerprint = async (): Promise<string> =>
    (
      await db.dataSource.query(
        `SELECT md5(coalesce(string_agg(t, '|' ORDER BY t), '')) AS h FROM (
           SELECT d::text AS t FROM domains d UNION ALL SELECT s::text FROM sitemap_files s UNION ALL SELECT p::text FROM pages p) x`,
      )
    )[0].h;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
    smallApp = await createApiTestApp(db.url, {
      CSV_IMPORT_MAX_BYTES: String(SMALL_BYTES),
      CSV_IMPORT_MAX_ROWS: String(SMALL_ROWS),
    });
  });

  afterAll(async () => {
    await smallApp.close();
    await app.close();
    await db.drop();
  });

  const KINDS = [
    {
      path: '/api/v3/domains/import-csv',
      table: 'domains',
      header: 'domain',
      value: (run: string, i: number) => `${run}-bakery-${i}.com`,
      stored: (run: string, i: number) => `${run}-bakery-${i}.com`,
    },
    {
      path: '/api/v3/sitemaps/import-csv',
      table: 'sitemap_files',
      header: 'sitemap_url',
      value: (run: string, i: number) => `https://www.${run}-site-${i % 500}.com/sitemap-${i}.xml`,
      stored: (run: string, i: number) => `https://www.${run}-site-${i % 500}.com/sitemap-${i}.xml`,
    },
    {
      path: '/api/v3/pages/import-csv',
      table: 'pages',
      header: 'url',
      value: (run: string, i: number) => `https://${run}-shop-${i % 2000}.com/contact/${i}`,
      stored: (run: string, i: number) => `https://${run}-shop-${i % 2000}.com/contact/${i}`,
    },
  ] as const;

  const csvOf = (header: string, values: string[]) => `${header}\n${values.join('\n')}\n`;

  describe.each(KINDS)('$path', (kind) => {
    const big = Array.from({ length: 10_000 }, (_, i) => kind.value('big', i));
    let bigResults: { row_number: number; value: string; status: string; id: string; error: string | null }[];
    let bigStatements: number;

    it('imports a 10,000-row file in one request, with a result per row, curation New', async () => {
      const before = await count(kind.table);
      const { result: res, queries } = await recordQueries(() => upload(app, kind.path, csvOf(kind.header, big)));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total_rows: 10_000, successful: 10_000, failed: 0, skipped: 0 });
      bigResults = res.body.results;
      bigStatements = queries.length;
      expect(bigResults).toHaveLength(10_000);
      // the header is line 1, so data rows start at 2
      expect(bigResults[0]).toEqual({
        row_number: 2,
        value: kind.stored('big', 0),
        status: 'success',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        error: null,
      });
      expect(bigResults[9_999]).toMatchObject({ row_number: 10_001, value: kind.stored('big', 9_999) });
      expect(new Set(bigResults.map((r) => r.id)).size).toBe(10_000);
      expect(await count(kind.table)).toBe(before + 10_000);
      const statuses = await db.dataSource.query(
        kind.table === 'domains'
          ? `SELECT DISTINCT sitemap_curation_status::text AS s, tenant_id FROM domains WHERE id = ANY($1::uuid[])`
          : kind.table === 'pages'
            ? `SELECT DISTINCT page_curation_status::text AS s, tenant_id FROM pages WHERE id = ANY($1::uuid[])`
            : `SELECT DISTINCT deep_scrape_curation_status::text AS s, tenant_id FROM sitemap_files WHERE id = ANY($1::uuid[])`,
        [bigResults.map((r) => r.id)],
      );
      expect(statuses).toEqual([{ s: 'New', tenant_id: DEFAULT_TENANT_ID }]);
    });

    it('costs the same number of statements for 100 rows as for 10,000', async () => {
      const small = Array.from({ length: 100 }, (_, i) => kind.value('hundred', i));
      const { result: res, queries } = await recordQueries(() => upload(app, kind.path, csvOf(kind.header, small)));
      expect(res.body.successful).toBe(100);
      expect(queries.length).toBe(bigStatements);
      // BEGIN, at most four set-based statements, COMMIT
      expect(bigStatements).toBeLessThanOrEqual(6);
    });

    it('adds 0 rows when the same file is imported again: every row skipped with its existing id', async () => {
      const before = await fingerprint();
      const { result: res, queries } = await recordQueries(() => upload(app, kind.path, csvOf(kind.header, big)));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total_rows: 10_000, successful: 0, failed: 0, skipped: 10_000 });
      expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(bigResults.map((r) => r.id));
      expect(res.body.results[0]).toMatchObject({
        status: 'skipped',
        error: expect.stringContaining('already exists'),
      });
      expect(await fingerprint()).toBe(before);
      expect(queries.length).toBeLessThanOrEqual(bigStatements);
    });

    it('refuses a file with bad rows whole (400 naming the rows) and writes nothing', async () => {
      const before = await fingerprint();
      const values = [kind.value('bad', 1), 'not a url at all', kind.value('bad', 2), 'ftp://files.example.com/x.xml'];
      const res = await upload(app, kind.path, csvOf(kind.header, values));
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/^Nothing was imported: 2 rows are invalid: row 3: .*; row 5: /);
      expect(await fingerprint()).toBe(before);
    });

    it('refuses a wrong header (400 naming the expected columns) and writes nothing', async () => {
      const before = await fingerprint();
      const res = await upload(app, kind.path, `company,email\nAcme,info@acme.test\n`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('The first row ("company", "email") is neither a header naming a');
      expect(res.body.detail).toContain(`"${kind.header}"`);
      expect(await fingerprint()).toBe(before);
    });

    it('is a 413 past CSV_IMPORT_MAX_BYTES, while streaming, and writes nothing', async () => {
      const before = await fingerprint();
      const values = Array.from({ length: 40 }, (_, i) => `${kind.value('huge', i)}?${'x'.repeat(150)}`);
      const content = csvOf(kind.header, values);
      expect(content.length).toBeGreaterThan(SMALL_BYTES);
      const res = await upload(smallApp, kind.path, content);
      expect(res.status).toBe(413);
      expect(res.body.detail).toBe(`The CSV file is larger than ${SMALL_BYTES} bytes; split it into smaller files`);
      expect(await fingerprint()).toBe(before);
    });

    it('is a 400 past CSV_IMPORT_MAX_ROWS and writes nothing; exactly the limit passes', async () => {
      const before = await fingerprint();
      const rows = (n: number) => Array.from({ length: n }, (_, i) => kind.value('limit', i));
      const over = await upload(smallApp, kind.path, csvOf(kind.header, rows(SMALL_ROWS + 1)));
      expect(over.status).toBe(400);
      expect(over.body.detail).toBe(`The CSV has more than ${SMALL_ROWS} data rows; split it into smaller files`);
      expect(await fingerprint()).toBe(before);
      const exact = await upload(smallApp, kind.path, csvOf(kind.header, rows(SMALL_ROWS)));
      expect(exact.status).toBe(200);
      expect(exact.body.successful).toBe(SMALL_ROWS);
    });
  });

  describe('non-CSV uploads and malformed requests: a 400 with a detail, nothing written', () => {
    const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    it.each([
      [
        'an image',
        PNG,
        { filename: 'logo.png', contentType: 'image/png' },
        'The file must be a CSV (a .csv file name)',
      ],
      ['binary content named .csv', PNG, {}, 'The file is not a CSV: it holds binary data'],
      ['Latin-1 text', Buffer.from('domain\ncaf\xe9-bakery.com\n', 'latin1'), {}, 'The CSV file must be UTF-8 encoded'],
      [
        'an unclosed quote',
        'domain\n"open-bakery.com\n',
        {},
        'The file is not valid CSV at line 2 (CSV_QUOTE_NOT_CLOSED)',
      ],
      ['an empty file', '', {}, 'The CSV file is empty'],
      ['only a header', 'domain\n\n', {}, 'The CSV has a header but no data rows'],
      ['the file in another field', 'a-bakery.com\n', { field: 'upload' }, 'send the CSV in a field named "file"'],
    ] as const)('%s', async (_name, content, options, detail) => {
      const before = await fingerprint();
      const res = await upload(app, '/api/v3/domains/import-csv', content, options);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect(await fingerprint()).toBe(before);
    });

    it('a JSON body instead of a multipart upload', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v3/pages/import-csv')
        .set('Authorization', bearer())
        .send({ file: 'https://example.com/contact' });
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('Send the CSV as multipart/form-data in a field named "file"');
    });

    it('a form without the file field, or with an unknown field beside it', async () => {
      const before = await fingerprint();
      const noFile = await request(app.getHttpServer())
        .post('/api/v3/sitemaps/import-csv')
        .set('Authorization', bearer())
        .field('note', 'hello');
      expect(noFile.status).toBe(400);
      expect(noFile.body.detail).toBe('Unknown form field "note": only a file field named "file" is accepted');
      const extra = await request(app.getHttpServer())
        .post('/api/v3/sitemaps/import-csv')
        .set('Authorization', bearer())
        .field('auto_import', 'true')
        .attach('file', Buffer.from('https://extra.com/sitemap.xml\n'), 'sitemaps.csv');
      expect(extra.status).toBe(400);
      expect(extra.body.detail).toContain('Unknown form field "auto_import"');
      const empty = await request(app.getHttpServer())
        .post('/api/v3/sitemaps/import-csv')
        .set('Authorization', bearer())
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .send('--x--\r\n');
      expect(empty.status).toBe(400);
      expect(empty.body.detail).toBe('No file: Send the CSV as multipart/form-data in a field named "file"');
      expect(await fingerprint()).toBe(before);
    });

    it('is a 413 before reading when Content-Length is past the default 10 MiB', async () => {
      const before = await fingerprint();
      const line = `https://large-file.com/${'p'.repeat(1900)}\n`;
      const res = await upload(
        app,
        '/api/v3/pages/import-csv',
        line.repeat(Math.ceil((10.5 * 1024 * 1024) / line.length)),
      );
      expect(res.status).toBe(413);
      expect(await fingerprint()).toBe(before);
    });

    it('needs a token', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v3/domains/import-csv')
        .attach('file', Buffer.from('a-bakery.com\n'), 'd.csv');
      expect(res.status).toBe(401);
    });
  });

  describe('header detection and values', () => {
    it('reads a headerless file from its first row, and a header naming another column', async () => {
      const headerless = await upload(app, '/api/v3/domains/import-csv', 'first-row-bakery.com\nsecond-row-bakery.com');
      expect(
        headerless.body.results.map((r: { row_number: number; value: string }) => [r.row_number, r.value]),
      ).toEqual([
        [1, 'first-row-bakery.com'],
        [2, 'second-row-bakery.com'],
      ]);
      const named = await upload(
        app,
        '/api/v3/domains/import-csv',
        '\ufeffName,Website,Phone\r\n"Bakery, Inc.",https://www.Column-Bakery.com/contact,555\r\n\r\nOther,,1\r\n',
      );
      expect(named.status).toBe(200);
      // a blank cell is no row; blank lines are not rows either, but line numbers stay the file's
      expect(named.body).toMatchObject({ total_rows: 1, successful: 1 });
      expect(named.body.results[0]).toMatchObject({ row_number: 2, value: 'column-bakery.com' });
    });

    it('normalises domains with the direct submit normalisation and refuses what it refuses, with its reason', async () => {
      const inputs = ['HTTPS://WWW.www.Normalised-Bakery.com./about?x=1', 'https://www.facebook.com/SomeBakery/'];
      const expected = normalizeDomain(inputs[0], 'domain');
      expect(expected).toEqual({ ok: true, domain: 'normalised-bakery.com' });
      const refused = normalizeDomain(inputs[1], 'domain');
      const res = await upload(app, '/api/v3/domains/import-csv', csvOf('domain', inputs));
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(
        `Nothing was imported: 1 row is invalid: row 3: ${refused.ok ? '' : refused.message}`,
      );
      const ok = await upload(app, '/api/v3/domains/import-csv', csvOf('domain', inputs.slice(0, 1)));
      expect(ok.body.results[0]).toMatchObject({ value: 'normalised-bakery.com', status: 'success' });
      const direct = await request(app.getHttpServer())
        .post('/api/v3/domains/direct-submit')
        .set('Authorization', bearer())
        .send({ domains: inputs.slice(0, 1) });
      expect(direct.status).toBe(409);
    });

    it('skips duplicates within the file, pointing at the first row', async () => {
      const res = await upload(
        app,
        '/api/v3/pages/import-csv',
        csvOf('url', [
          'https://dup-bakery.com/contact',
          'https://DUP-bakery.com/contact#team',
          'https://dup-bakery.com/about',
        ]),
      );
      expect(res.body).toMatchObject({ total_rows: 3, successful: 2, skipped: 1 });
      expect(res.body.results[1]).toEqual({
        row_number: 3,
        value: 'https://dup-bakery.com/contact',
        status: 'skipped',
        id: res.body.results[0].id,
        error: 'Duplicate within CSV (row 2)',
      });
    });

    it('files pages and sitemaps under their normalised domain, reusing an existing one', async () => {
      const existing = await request(app.getHttpServer())
        .post('/api/v3/domains/direct-submit')
        .set('Authorization', bearer())
        .send({ domains: ['reused-bakery.com'] });
      const domainId = existing.body.domain_ids[0];
      const pages = await upload(app, '/api/v3/pages/import-csv', csvOf('url', ['https://www.reused-bakery.com/team']));
      const sitemaps = await upload(
        app,
        '/api/v3/sitemaps/import-csv',
        csvOf('sitemap', ['http://reused-bakery.com/sitemap_index.xml']),
      );
      const [page] = await db.dataSource.query(
        `SELECT domain_id, priority_level, lead_source FROM pages WHERE id = $1`,
        [pages.body.results[0].id],
      );
      expect(page).toEqual({ domain_id: domainId, priority_level: 5, lead_source: 'csv_import' });
      const [file] = await db.dataSource.query(
        `SELECT domain_id, sitemap_type, discovery_method, sitemap_import_status FROM sitemap_files WHERE id = $1`,
        [sitemaps.body.results[0].id],
      );
      expect(file).toEqual({
        domain_id: domainId,
        sitemap_type: 'standard',
        discovery_method: 'manual',
        sitemap_import_status: null,
      });
    });

    it('finds a page WF5 filed under the parent domain, and skips it instead of duplicating it', async () => {
      const [parent] = await db.dataSource.query(
        `INSERT INTO domains (domain, tenant_id) VALUES ('parent-bakery.com', $1) RETURNING id`,
        [DEFAULT_TENANT_ID],
      );
      const [page] = await db.dataSource.query(
        `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, 'https://shop.parent-bakery.com/contact') RETURNING id`,
        [DEFAULT_TENANT_ID, parent.id],
      );
      const before = await fingerprint();
      const res = await upload(app, '/api/v3/pages/import-csv', 'https://shop.parent-bakery.com/contact\n');
      expect(res.body.results[0]).toMatchObject({ status: 'skipped', id: page.id });
      expect(await fingerprint()).toBe(before);
    });

    it.each([
      ['a javascript: URL', '/api/v3/pages/import-csv', 'javascript:alert(1)', 'is not a web URL'],
      ['a URL without scheme', '/api/v3/pages/import-csv', 'example.com/contact', 'is not an absolute URL'],
      [
        'a URL with credentials',
        '/api/v3/pages/import-csv',
        'https://user:pw@creds-bakery.com/',
        'carries credentials',
      ],
      [
        'a URL over 2048 characters',
        '/api/v3/pages/import-csv',
        `https://long-bakery.com/${'a'.repeat(2100)}`,
        'longer than 2048 characters',
      ],
      ['an IP address', '/api/v3/pages/import-csv', 'https://10.0.0.1/contact', 'is an IP address'],
      [
        'a tab inside a quoted cell',
        '/api/v3/pages/import-csv',
        '"https://tab-bakery.com/con\ttact"',
        'contains a control character',
      ],
      [
        'a URL that is no sitemap',
        '/api/v3/sitemaps/import-csv',
        'https://not-a-sitemap.com/about',
        'is not a sitemap file',
      ],
      [
        'a domain cell over 4096 characters',
        '/api/v3/domains/import-csv',
        `${'a'.repeat(5000)}.com`,
        'longer than 4096 characters',
      ],
      ['a host without public suffix', '/api/v3/domains/import-csv', 'localhost', 'has no public suffix'],
    ])('refuses %s (%s)', async (_name, path, cell, detail) => {
      const before = await fingerprint();
      const res = await upload(app, path, `url\n${cell}\n`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect(res.body.detail.length).toBeLessThan(1000);
      expect(await fingerprint()).toBe(before);
    });

    it('stays linear on hostile cells (long runs of dots, spaces and quotes)', async () => {
      const hostile = [
        `https://${'.'.repeat(3000)}`,
        ` ${' '.repeat(3000)}x.com`,
        `"${'""'.repeat(1500)}"`,
        `${'a.'.repeat(1500)}com`,
      ];
      const started = Date.now();
      const res = await upload(app, '/api/v3/domains/import-csv', csvOf('domain', hostile));
      expect(res.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});
