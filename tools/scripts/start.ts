// npm start: the whole system on one machine with nothing installed. Starts (or reuses) the embedded
// PostgreSQL unless DATABASE_URL is set, migrates, seeds demo data into an empty database, builds the
// API, the worker and the console, runs the two apps, and prints where to find them. Without Google or CRM keys
// it is the offline demo: it starts the local fakes of those services and points both apps at them (see
// startOfflineDemo). Ctrl-C stops everything.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { sign } from 'jsonwebtoken';

import {
  enabledLogLevels,
  loadConfig,
  messageOf,
  migrateDatabase,
  openDataSource,
  resolveDatabase,
  RuntimeConfig,
  toInt,
} from '@curation/sdk';
import {
  DEMO_CRMS,
  DemoCrm,
  generateFixtures,
  insertFixtures,
  OfflineDemo,
  startOfflineDemo,
} from '@curation/sdk/testing';

import { DemoBusiness, ensureDemoBusiness, walkthrough } from './demo-walkthrough';

class StartConfig extends RuntimeConfig {
  /** Port of the API (the same variable the API reads). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** The API's token secret; unset, a development secret is generated once and kept in .data/. */
  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  /** The API checks `iss` when this is set (it inherits this environment), so the printed token carries it. */
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** Set: place searches go to Google and no fake Places or demo websites start. */
  @IsOptional()
  @IsString()
  GOOGLE_MAPS_API_KEY?: string;

  /** Each of these four set: that service is the real one and its fake does not start; the unset ones are faked. */
  @IsOptional()
  @IsString()
  DEBOUNCE_API_KEY?: string;

  @IsOptional()
  @IsString()
  BREVO_API_KEY?: string;

  @IsOptional()
  @IsString()
  HUBSPOT_API_KEY?: string;

  @IsOptional()
  @IsString()
  N8N_WEBHOOK_URL?: string;

  /** The worker's own connect-to rules: kept (and first) when the demo adds its sites' rules. */
  @IsOptional()
  @IsString()
  FETCH_CONNECT_TO?: string;
}

/** Which CRM services have no key here, and so are faked. */
function crmsToFake(config: StartConfig): DemoCrm[] {
  const real: Readonly<Record<DemoCrm, string | undefined>> = {
    debounce: config.DEBOUNCE_API_KEY,
    brevo: config.BREVO_API_KEY,
    hubspot: config.HUBSPOT_API_KEY,
    n8n: config.N8N_WEBHOOK_URL,
  };
  return DEMO_CRMS.filter((crm) => !real[crm]);
}

/** Development only: a stable local secret, so tokens printed by earlier runs keep working. */
function developmentSecret(): string {
  const file = resolve(root, '.data', 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(resolve(root, '.data'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const root = resolve(__dirname, '..', '..');
const DEMO_ROWS = 50;

/**
 * The worker's heap is capped: its live data is small (batches, 5,000-row chunks), and without a cap V8
 * collects lazily and a million-URL import lets RSS climb past 300 MB. See docs/benchmarks.md.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256'];

/** What the offline demo runs and how to walk it in the console; nothing when every service is real. */
function demoBanner(demo: OfflineDemo): string[] {
  if (demo.fakes.length === 0) return [];
  const faked = new Set<string>(demo.fakes);
  const real = ['google-places', ...DEMO_CRMS].filter((service) => !faked.has(service));
  // A CRM that is faked, so the walk's demo contacts do not land in a real account.
  const sendTo =
    (['hubspot', 'brevo', 'n8n'] as const).find((crm) => faked.has(crm)) ??
    'a real CRM: the demo contacts would reach it';
  return [
    real.length === 0
      ? '  OFFLINE DEMO: no Google or CRM keys are set, so these local fakes answer instead (nothing leaves this machine):'
      : `  DEMO: these local fakes answer for the services without a key; ${real.join(', ')} ${real.length === 1 ? 'is' : 'are'} real:`,
    ...demo.lines.map((line) => `    ${line}`),
    ...(demo.places
      ? [
          '  In the console: Search "dentist" in "Austin, TX"; on Places select the results; on Businesses select them;',
          '  Domains and Sitemaps fill in by themselves; on Sitemaps select the sitemaps; Pages and Contacts fill in;',
          `  on Contacts tick one, "Validate with DeBounce", then "Send to CRM" (${sendTo}).`,
          ...(sendTo === 'hubspot' ? ['  The curl line under the fake HubSpot shows what it received.'] : []),
        ]
      : []),
    '',
  ];
}

function run(name: string, env: Record<string, string>): ChildProcess {
  const flags = ['--enable-source-maps', ...(name === 'worker' ? WORKER_NODE_FLAGS : [])];
  const child = spawn(process.execPath, [...flags, resolve(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main(): Promise<void> {
  const logger = new Logger('start');
  const config = loadConfig(StartConfig, process.env);
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  const { url, stop: stopDatabase } = await resolveDatabase(config);
  await migrateDatabase(url);

  const dataSource = await openDataSource({ url, applicationName: 'curation-start', poolMax: 2 });
  let business: DemoBusiness;
  try {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM local_businesses`);
    if (n === 0) {
      const counts = await insertFixtures(dataSource, generateFixtures({ count: DEMO_ROWS }));
      logger.log(
        `seeded demo data: ${Object.entries(counts)
          .map(([t, c]) => `${t}=${c}`)
          .join(', ')}`,
      );
    } else {
      logger.log(`database already holds ${n} businesses: not seeding`);
    }
    business = await ensureDemoBusiness(dataSource);
  } finally {
    await dataSource.destroy();
  }

  const build = spawnSync(
    resolve(root, 'node_modules/.bin/nx'),
    ['run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--outputStyle=static'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  if (build.status !== 0) throw new Error('build failed');

  const demo: OfflineDemo = await startOfflineDemo({
    google: !config.GOOGLE_MAPS_API_KEY,
    crms: crmsToFake(config),
    connectTo: config.FETCH_CONNECT_TO,
  });
  if (demo.fakes.length > 0) logger.warn(`offline demo: ${demo.fakes.join(', ')} are local fakes`);
  const jwtSecret = config.JWT_SECRET ?? developmentSecret();
  const env = { DATABASE_URL: url, PORT: String(config.PORT), DB_MIGRATE_ON_START: 'false', JWT_SECRET: jwtSecret };
  const children = [run('api', { ...env, ...demo.apiEnv }), run('worker', { ...env, ...demo.workerEnv })];
  let stopping = false;
  const stopAll = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
    await demo.close();
    await stopDatabase();
    process.exit(code);
  };
  for (const child of children) child.once('exit', (code) => void stopAll(code === 0 ? 0 : 1));
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const base = `http://localhost:${config.PORT}`;
  if (!(await waitForHealth(`${base}/health`, 60000))) {
    logger.error('the API did not become healthy within 60 s');
    await stopAll(1);
    return;
  }
  // A ready-to-use token, as Supabase would issue one (HS256, audience and role "authenticated", iat and exp), valid 12 h.
  const token = sign({ sub: '00000000-0000-4000-8000-00000000dev1', role: 'authenticated' }, jwtSecret, {
    algorithm: 'HS256',
    audience: 'authenticated',
    expiresIn: '12h',
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
  });
  process.stdout.write(
    [
      '',
      '  Curation pipeline is running',
      `    Console:   ${base}/#token=${token}`,
      '               (opens the curation console signed in as the development user; the token leaves the address bar)',
      `    API:       ${base}`,
      `    Swagger:   ${base}/api/docs`,
      `    Health:    ${base}/health`,
      `    Database:  ${url.replace(/:[^:@/]+@/, ':***@')}`,
      '    Worker:    running (standalone process, no HTTP)',
      '',
      ...demoBanner(demo),
      `  Walk ${business.name} from New to a domain; paste these lines into another terminal (the token is valid 12 h):`,
      '',
      ...walkthrough(base, token, business).map((line) => `    ${line}`),
      '',
      '  Ctrl-C stops the API, the worker, the fakes and the embedded database.',
      '',
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${messageOf(error)}\n`);
  process.exit(1);
});
