import { Client } from 'pg';

import {
  createTestDatabase,
  pollUntil,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

/**
 * Behind a transaction-mode pooler the worker's pool cannot hold a LISTEN; DATABASE_LISTEN_URL gives the
 * notifications their own direct session. Here both point at the same server, told apart by application name.
 */
describe('DATABASE_LISTEN_URL (real worker process, real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('holds the LISTEN on the direct session and nothing else there', async () => {
    const listenUrl = new URL(db.url);
    listenUrl.searchParams.set('application_name', 'curation-listen-direct');
    const child = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: db.url,
      DATABASE_LISTEN_URL: listenUrl.toString(),
    });
    const probe = new Client({ connectionString: db.url });
    await probe.connect();
    try {
      await waitForOutput(child, /worker started/);
      const sessions = async () =>
        (
          await probe.query(
            `SELECT application_name, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          )
        ).rows as { application_name: string; query: string }[];
      await pollUntil(
        sessions,
        (rows) => rows.some((s) => s.application_name === 'curation-listen-direct' && /^LISTEN/i.test(s.query)),
        10_000,
      );
      const direct = (await sessions()).filter((s) => s.application_name === 'curation-listen-direct');
      // One session, and every statement it ran is a LISTEN: claims and acknowledgements use the pool.
      expect(direct).toHaveLength(1);
      expect(direct[0].query).toMatch(/^LISTEN/i);
    } finally {
      await probe.end();
      expect(await stopProcess(child)).toBe(0);
    }
  });
});
