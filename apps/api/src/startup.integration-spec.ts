import { Client } from 'pg';

import {
  createDriftedDatabase,
  createTestDatabase,
  freeTcpPort,
  runTsScript,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

import { bearer, TEST_JWT_SECRET } from './testing/api-test-app';

describe('api startup', () => {
  let drifted: TestDatabase;
  let good: TestDatabase;

  beforeAll(async () => {
    [drifted, good] = await Promise.all([createDriftedDatabase(), createTestDatabase()]);
  });

  afterAll(() => Promise.all([drifted.drop(), good.drop()]));

  it('serves /health on a migrated database and exits cleanly on SIGTERM', async () => {
    const port = await freeTcpPort();
    const child = startTsProcess('apps/api/src/main.ts', [], {
      DATABASE_URL: good.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
    });
    try {
      await waitForOutput(child, /API listening on/);
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'up', enums: 'match' });
    } finally {
      expect(await stopProcess(child)).toBe(0);
    }
  });

  it('finishes an in-flight request on SIGTERM before exiting 0', async () => {
    const port = await freeTcpPort();
    const child = startTsProcess('apps/api/src/main.ts', [], {
      DATABASE_URL: good.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
    });
    // Hold the contacts table so the list request is still running when the signal arrives.
    const blocker = new Client({ connectionString: good.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    try {
      await waitForOutput(child, /API listening on/);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE');
      const inFlight = fetch(`http://127.0.0.1:${port}/api/v3/contacts`, { headers: { authorization: bearer() } });
      await new Promise((r) => setTimeout(r, 500));
      const exited = stopProcess(child, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      await blocker.query('ROLLBACK');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await exited).toBe(0);
    } finally {
      await blocker.end();
      await stopProcess(child, 'SIGKILL');
    }
  });

  it('refuses to start on a database whose enum labels disagree with the code, printing the diff', async () => {
    const result = await runTsScript('apps/api/src/main.ts', [], {
      DATABASE_URL: drifted.url,
      PORT: String(await freeTcpPort()),
      JWT_SECRET: TEST_JWT_SECRET,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('API refused to start: enum check: 1 of ');
    expect(result.stderr).toContain('- likely renamed: code has "Not a Fit", database has "Not_a_Fit"');
  });
});
