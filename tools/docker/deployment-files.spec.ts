import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import YAML from 'yaml';

import { DATABASE_COMMANDS } from '@curation/sdk';

const ROOT = resolve(__dirname, '..', '..');
const runbook = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
const documented = (name: string) => runbook.includes(`| \`${name}\` |`);

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas: number };
  stop_grace_period?: string;
}

interface RenderService {
  type: string;
  name: string;
  runtime: string;
  dockerfilePath: string;
  healthCheckPath?: string;
  preDeployCommand?: string;
  numInstances?: number;
  envVars: { key?: string; fromGroup?: string; sync?: boolean; fromDatabase?: { name: string; property: string } }[];
}

describe('docker-compose.yml', () => {
  const compose = YAML.parse(readFileSync(join(ROOT, 'docker', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const { postgres, migrate, api, worker } = compose.services;

  it('runs PostgreSQL, a one-shot migration after it is healthy, then the API and two workers after the migration succeeded', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'worker']);
    expect(postgres.image).toMatch(/^postgres:16/);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(migrate.command?.slice(0, 2)).toEqual(['node', 'main.js']);
    expect(DATABASE_COMMANDS).toContain(migrate.command?.[2]);
    for (const service of [api, worker])
      expect(service.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(worker.deploy?.replicas).toBe(2);
  });

  it('builds from the Dockerfiles in this repository and gives shutdowns more than SHUTDOWN_DEADLINE_MS (30 s)', () => {
    for (const service of [migrate, api, worker]) {
      expect(service.build && existsSync(join(ROOT, 'docker', service.build.context, service.build.dockerfile))).toBe(
        true,
      );
    }
    for (const service of [api, worker])
      expect(Number.parseInt(service.stop_grace_period ?? '0', 10)).toBeGreaterThan(30);
  });

  it('sets only documented variables', () => {
    const names = [migrate, api, worker].flatMap((s) => Object.keys(s.environment ?? {}));
    expect(names.filter((n) => !documented(n))).toEqual([]);
  });
});

describe('render.yaml', () => {
  const blueprint = YAML.parse(readFileSync(join(ROOT, 'render.yaml'), 'utf8')) as {
    services: RenderService[];
    databases: { name: string }[];
    envVarGroups: { name: string; envVars: { key: string; value?: string; sync?: boolean }[] }[];
  };
  const web = blueprint.services.find((s) => s.type === 'web');
  const background = blueprint.services.find((s) => s.type === 'worker');

  it('deploys the API as a web service that migrates before going live, and the worker as a background worker', () => {
    expect(web).toMatchObject({
      runtime: 'docker',
      dockerfilePath: './docker/api.Dockerfile',
      healthCheckPath: '/health/ready',
      preDeployCommand: 'node main.js migrate',
    });
    expect(background).toMatchObject({ runtime: 'docker', dockerfilePath: './docker/worker.Dockerfile' });
    expect(background?.numInstances).toBeGreaterThanOrEqual(2);
    for (const service of [web, background])
      expect(existsSync(join(ROOT, service?.dockerfilePath ?? 'missing'))).toBe(true);
  });

  it('wires the managed database and the environment groups into both services, and keeps secrets out of the file', () => {
    const [database] = blueprint.databases;
    for (const service of [web, background]) {
      expect(service?.envVars).toContainEqual({
        key: 'DATABASE_URL',
        fromDatabase: { name: database.name, property: 'connectionString' },
      });
      expect(service?.envVars).toContainEqual({ fromGroup: 'curation-shared' });
    }
    const used = blueprint.services.flatMap((s) => s.envVars.flatMap((v) => (v.fromGroup ? [v.fromGroup] : [])));
    expect(blueprint.envVarGroups.map((g) => g.name).filter((name) => !used.includes(name))).toEqual([]);
    // Groups carry plain values only; every secret is prompted for per service.
    for (const group of blueprint.envVarGroups) for (const v of group.envVars) expect(typeof v.value).toBe('string');
    const variables = [
      ...blueprint.envVarGroups.flatMap((g) => g.envVars),
      ...blueprint.services.flatMap((s) => s.envVars),
    ].filter((v) => v.key);
    expect(variables.map((v) => v.key as string).filter((key) => !documented(key))).toEqual([]);
    for (const secret of ['JWT_SECRET', 'GOOGLE_MAPS_API_KEY']) {
      const entries = variables.filter((x) => x.key === secret);
      expect(entries.length).toBeGreaterThan(0);
      for (const v of entries) expect(v).toEqual({ key: secret, sync: false });
    }
  });
});
