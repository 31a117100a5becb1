import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { openDataSource } from './data-source-options';

describe('pool bounds reach pg (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('abandons a query the server does not answer within the query timeout', async () => {
    // No server-side timeout here, so only the client-side one can end the sleep.
    const dataSource = await openDataSource({ url: db.url, statementTimeoutMs: 0, queryTimeoutMs: 300, poolMax: 1 });
    try {
      const started = Date.now();
      await expect(dataSource.query('SELECT pg_sleep(20)')).rejects.toThrow('Query read timeout');
      // 300 ms configured; a wide margin, and far below the 20 s sleep.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await dataSource.destroy();
    }
  });

  it('gives up connecting to a server that accepts TCP but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      await expect(
        openDataSource({ url: `postgres://postgres@127.0.0.1:${port}/none`, connectTimeoutMs: 300 }),
      ).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('opens migrations as migrate.ts does, without a statement timeout that could cut a long index build', async () => {
    const dataSource = await openDataSource({ url: db.url, applicationName: 'curation-migrate' });
    try {
      expect(await dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('sets statement_timeout on every pooled connection', async () => {
    const dataSource = await openDataSource({ url: db.url, statementTimeoutMs: 1234, poolMax: 2 });
    try {
      const [a, b] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
      await Promise.all([a.connect(), b.connect()]);
      expect([await a.query('SHOW statement_timeout'), await b.query('SHOW statement_timeout')]).toEqual([
        [{ statement_timeout: '1234ms' }],
        [{ statement_timeout: '1234ms' }],
      ]);
      await Promise.all([a.release(), b.release()]);
    } finally {
      await dataSource.destroy();
    }
  });
});
