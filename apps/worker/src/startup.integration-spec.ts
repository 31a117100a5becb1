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

describe('worker startup', () => {
  let drifted: TestDatabase;
  let good: TestDatabase;

  beforeAll(async () => {
    [drifted, good] = await Promise.all([createDriftedDatabase(), createTestDatabase()]);
  });

  afterAll(() => Promise.all([drifted.drop(), good.drop()]));

  it('runs as a standalone context on a migrated database and exits cleanly on SIGTERM', async () => {
    const child = startTsProcess('apps/worker/src/main.ts', [], { DATABASE_URL: good.url });
    try {
      const output = await waitForOutput(child, /worker started/);
      expect(output).not.toMatch(/listening/i);
      // the pool drops idle connections after 10 s; an idle worker must not exit with them
      await new Promise((r) => setTimeout(r, 11_000));
      expect(child.exitCode).toBeNull();
    } finally {
      expect(await stopProcess(child)).toBe(0);
    }
  });

  it('refuses to start on a database whose enum labels disagree with the code, printing the diff', async () => {
    const result = await runTsScript('apps/worker/src/main.ts', [], {
      DATABASE_URL: drifted.url,
      PORT: String(await freeTcpPort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Worker refused to start: enum check: 1 of ');
    expect(result.stderr).toContain('- likely renamed: code has "Not a Fit", database has "Not_a_Fit"');
  });
});
