import { applyCurationStatus, PlaceStatus, WF3_DOMAIN_EXTRACTION } from '@curation/sdk';
import {
  createTestDatabase,
  insertBusinesses,
  pollUntil,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

/** Keys that switch clients on but must never reach a log line; no row needs them, so nothing is called. */
const SECRETS = {
  GOOGLE_MAPS_API_KEY: 'AIzaWorkerJsonLogsKey4242',
  DEBOUNCE_API_KEY: 'worker-json-logs-debounce-key-1',
  BREVO_API_KEY: 'worker-json-logs-brevo-key-2',
  HUBSPOT_API_KEY: 'worker-json-logs-hubspot-key-3',
  N8N_WEBHOOK_SECRET: 'worker-json-logs-n8n-secret-4',
  DB_PASSWORD: 'worker-json-logs-db-password-5',
};

const linesOf = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

describe('the worker process with LOG_FORMAT=json (real process, real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('writes one JSON object per line, tick lines with the workflow, counts and duration as fields, and no secret', async () => {
    const ids = await insertBusinesses(db.dataSource, [
      'https://www.json-logs-1.example.com/',
      'https://json-logs-2.example.com/x',
    ]);
    await applyCurationStatus(db.dataSource, WF3_DOMAIN_EXTRACTION, ids, PlaceStatus.Selected);
    // The embedded server checks its own password: keep it, and it must not be logged either. The local server
    // trusts loopback connections, so there a password of ours is carried but never checked.
    const url = new URL(db.url);
    if (url.password === '') url.password = SECRETS.DB_PASSWORD;
    const dbPassword = decodeURIComponent(url.password);
    const unreachable = 'http://127.0.0.1:9/';
    const child = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: url.toString(),
      LOG_FORMAT: 'json',
      ...SECRETS,
      DEBOUNCE_API_BASE_URL: unreachable,
      BREVO_API_BASE_URL: unreachable,
      HUBSPOT_API_BASE_URL: unreachable,
      N8N_WEBHOOK_URL: unreachable,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exit: number | null;
    try {
      await waitForOutput(child, /worker started/);
      const done = await pollUntil(
        async () =>
          (await db.dataSource.query(
            `SELECT count(*)::int AS n FROM local_businesses WHERE domain_extraction_status = 'Completed'`,
          )) as { n: number }[],
        ([row]) => row.n === ids.length,
        15_000,
      );
      expect(done).toEqual([{ n: ids.length }]);
      await pollUntil(
        async () => stdout,
        (text) => text.includes('"workflow":"wf3-domain-extraction"'),
        5_000,
      );
    } finally {
      exit = await stopProcess(child);
    }
    expect(exit).toBe(0);

    const lines = linesOf(stdout);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(linesOf(stderr)).toEqual([]);
    for (const record of records) {
      expect(record).toEqual(
        expect.objectContaining({
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          msg: expect.any(String),
          name: 'curation-worker',
          pid: child.pid,
        }),
      );
    }
    expect(records).toContainEqual(
      expect.objectContaining({ context: 'Worker', msg: expect.stringMatching(/^worker started/) }),
    );
    const ticks = records.filter((r) => r.workflow === WF3_DOMAIN_EXTRACTION.id);
    expect(ticks.length).toBeGreaterThan(0);
    for (const tick of ticks) {
      expect(tick).toEqual(
        expect.objectContaining({
          level: 'info',
          context: WF3_DOMAIN_EXTRACTION.id,
          msg: expect.stringMatching(/^tick: claimed=\d+ /),
          claimed: expect.any(Number),
          done: expect.any(Number),
          failed: 0,
          retried: 0,
          released: 0,
          recovered: 0,
          durationMs: expect.any(Number),
        }),
      );
    }
    expect(ticks.reduce((sum, tick) => sum + (tick.done as number), 0)).toBe(ids.length);

    for (const secret of [...Object.values(SECRETS), dbPassword]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
