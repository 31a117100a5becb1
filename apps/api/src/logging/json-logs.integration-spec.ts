import { ChildProcess } from 'node:child_process';

import {
  createTestDatabase,
  freeTcpPort,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

import { bearer } from '../testing/api-test-app';

/** Settings that must never reach a log line; every one is distinctive enough to search for. */
const SECRETS = {
  JWT_SECRET: 'json-logs-jwt-secret-0123456789abcdef0123',
  METRICS_TOKEN: 'json-logs-metrics-token-4242',
  N8N_WEBHOOK_SECRET: 'json-logs-n8n-secret-9393',
  GOOGLE_MAPS_API_KEY: 'AIzaJsonLogsGoogleKey7777',
  DB_PASSWORD: 'json-logs-db-password-5151',
};

interface Captured {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(child: ChildProcess): Captured {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { stdout: () => stdout, stderr: () => stderr };
}

const linesOf = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

describe('the API process with LOG_FORMAT=json (real process, real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('writes one JSON object per line, request lines with their id, method, url, status and time, and no secret', async () => {
    const port = await freeTcpPort();
    // The embedded server checks its own password: keep it, and it must not be logged either. The local server
    // trusts loopback connections, so there a password of ours is carried but never checked.
    const url = new URL(db.url);
    if (url.password === '') url.password = SECRETS.DB_PASSWORD;
    const dbPassword = decodeURIComponent(url.password);
    const child = startTsProcess('apps/api/src/main.ts', [], {
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      JWT_SECRET: SECRETS.JWT_SECRET,
      METRICS_TOKEN: SECRETS.METRICS_TOKEN,
      N8N_WEBHOOK_SECRET: SECRETS.N8N_WEBHOOK_SECRET,
      GOOGLE_MAPS_API_KEY: SECRETS.GOOGLE_MAPS_API_KEY,
    });
    const output = capture(child);
    const token = bearer({ secret: SECRETS.JWT_SECRET });
    let exit: number | null;
    try {
      await waitForOutput(child, /API listening on/);
      const base = `http://127.0.0.1:${port}`;
      const listed = await fetch(`${base}/api/v3/contacts`, {
        headers: { authorization: token, 'x-request-id': 'json-logs-req-1' },
      });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('x-request-id')).toBe('json-logs-req-1');
      // An id that could forge log text is replaced by a fresh one.
      const forged = await fetch(`${base}/api/v3/contacts`, {
        headers: { authorization: token, 'x-request-id': 'evil id\twith "quotes"' },
      });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      // Refused credentials are logged as warnings: the presented secrets still must not show.
      const refused = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SECRETS.JWT_SECRET}` } });
      expect(refused.status).toBe(401);
      const scraped = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SECRETS.METRICS_TOKEN}` } });
      expect(scraped.status).toBe(200);
      await fetch(`${base}/health`);
    } finally {
      exit = await stopProcess(child);
    }
    expect(exit).toBe(0);

    const lines = linesOf(output.stdout());
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(linesOf(output.stderr())).toEqual([]);
    for (const record of records) {
      expect(record).toEqual(
        expect.objectContaining({
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          msg: expect.any(String),
          name: 'curation-api',
          pid: child.pid,
        }),
      );
    }
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'Api', msg: expect.stringMatching(/^API listening on /) }),
    );

    const requests = records.filter((r) => r.msg === 'request completed');
    const listed = requests.find((r) => (r.req as { id?: string } | undefined)?.id === 'json-logs-req-1');
    expect(listed).toEqual(
      expect.objectContaining({
        level: 'info',
        req: expect.objectContaining({ id: 'json-logs-req-1', method: 'GET', url: '/api/v3/contacts' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    );
    expect(listed?.req).not.toHaveProperty('headers');
    const byStatus = (status: number) =>
      requests.filter((r) => (r.res as { statusCode: number }).statusCode === status);
    expect(byStatus(401)).toEqual([
      expect.objectContaining({ level: 'warn', req: expect.objectContaining({ method: 'GET', url: '/metrics' }) }),
    ]);
    expect(byStatus(200).map((r) => (r.req as { url: string }).url)).toEqual([
      '/api/v3/contacts',
      '/api/v3/contacts',
      '/metrics',
    ]);
    // Each request has its own id; health probes are not logged line by line.
    expect(new Set(requests.map((r) => (r.req as { id: string }).id)).size).toBe(4);

    const bearerToken = token.slice('Bearer '.length);
    for (const secret of [...Object.values(SECRETS), dbPassword, bearerToken]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
