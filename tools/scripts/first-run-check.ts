// npm run first-run:check: does what the README's quick start says, as a newcomer would. It runs
// `npm start` (after the README's `npm ci`, which CI has just run on its fresh clone), waits for the
// printed walkthrough, runs every printed line in a shell exactly as printed, and checks that the demo
// business went from New to a created domain. Then it walks the offline demo through the API, from a search to a
// contact delivered to the fake HubSpot (demo-walk.ts), and stops `npm start` with Ctrl-C (SIGINT).
// A throwaway EMBEDDED_PG_DIR and a free PORT keep it from touching a developer's .data/postgres.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import { walkOfflineDemo } from './demo-walk';

const root = resolve(__dirname, '..', '..');
const fail = (message: string): never => {
  throw new Error(message);
};

function quickStartCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section =
    /## Quick start[^\n]*\n+```sh\n([\s\S]*?)```/.exec(readme) ?? fail('README has no "Quick start" sh block');
  return section[1]
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => r(port));
    });
  });

function shell(lines: readonly string[]): string {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', lines.join('\n')], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0)
    fail(`the printed commands failed (exit ${result.status}):\n${lines.join('\n')}\n${result.stderr}`);
  return result.stdout;
}

async function main(): Promise<void> {
  const commands = quickStartCommands();
  if (commands[0] !== 'npm ci && npm start')
    fail(`README quick start begins with "${commands[0]}", expected "npm ci && npm start"`);
  // Under .data (git-ignored) like the default: as root, the embedded cluster runs as a user that cannot enter /tmp/*.
  const dataDir = join(root, '.data', `first-run-check-${process.pid}`);
  const port = await freePort();
  const started = Date.now();
  // Its own process group, so SIGINT reaches npm and everything under it, as Ctrl-C in a terminal does.
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, EMBEDDED_PG_DIR: join(dataDir, 'postgres'), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `exit code ${code}`)));
  try {
    const deadline = Date.now() + 300_000;
    while (!out.includes('Ctrl-C stops')) {
      if (child.exitCode !== null) fail(`npm start exited with ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) fail(`npm start printed no walkthrough within 300 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    process.stdout.write(`npm start was ready after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const banner = out.slice(out.indexOf('Curation pipeline is running'));
    const swagger = /Swagger:\s+(\S+)/.exec(banner)?.[1] ?? fail('no Swagger URL printed');
    if (!(await fetch(swagger)).ok) fail(`${swagger} did not answer 200`);
    const consoleUrl = /Console:\s+(\S+)/.exec(banner)?.[1] ?? fail('no console URL printed');
    const consolePage = await fetch(consoleUrl);
    if (!consolePage.ok || !(await consolePage.text()).includes('<div id="root">'))
      fail(`${consoleUrl} did not answer with the console's page`);
    const printed = banner
      .slice(banner.indexOf('paste these lines'), banner.indexOf('Ctrl-C stops'))
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    const exportLine = printed.find((l) => l.startsWith('export TOKEN=')) ?? fail('no token printed');
    const curls = printed.filter((l) => l.startsWith('curl '));
    if (curls.length !== 3) fail(`expected three curl commands, found ${curls.length}`);

    const business = JSON.parse(shell([exportLine, curls[0]])) as {
      items: { business_name: string; status: string }[];
    };
    if (business.items[0]?.status !== 'New')
      fail(`step 1: expected the demo business in New, got ${JSON.stringify(business.items[0])}`);
    const selected = JSON.parse(shell([exportLine, curls[1]])) as { queued_count: number };
    if (selected.queued_count !== 1) fail(`step 2: expected queued_count 1, got ${JSON.stringify(selected)}`);
    // A person pastes the third line a moment later; give the worker up to 10 s.
    let domains: { items: { domain: string }[] } = { items: [] };
    for (let i = 0; i < 40 && domains.items.length === 0; i += 1) {
      domains = JSON.parse(shell([exportLine, curls[2]])) as typeof domains;
      if (domains.items.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    if (domains.items.length !== 1) fail(`step 3: expected the created domain, got ${JSON.stringify(domains)}`);
    process.stdout.write(
      `walkthrough: ${business.items[0].business_name} New -> Selected -> domain ${domains.items[0].domain}\n`,
    );
    if (!banner.includes('OFFLINE DEMO')) fail('npm start without keys printed no offline demo banner');
    const token = exportLine.slice('export TOKEN='.length);
    const walked = Date.now();
    const walk = await walkOfflineDemo(new URL(consoleUrl).origin, token);
    for (const { step, detail } of walk.steps) process.stdout.write(`offline demo: ${step}: ${detail}\n`);
    // The fake HubSpot itself, asked with the line npm start printed: the contact arrived there.
    const listCommand =
      /what it received:\s+(curl .+)/.exec(banner)?.[1] ?? fail('no fake HubSpot list command printed');
    const received = JSON.parse(shell([listCommand])) as { results: { properties: { email?: string } }[] };
    if (!received.results.some((c) => c.properties.email === walk.delivered))
      fail(`the fake HubSpot does not hold ${walk.delivered}: ${JSON.stringify(received).slice(0, 300)}`);
    process.stdout.write(`offline demo: the fake HubSpot holds ${walk.delivered}\n`);
    process.stdout.write(
      `offline demo walked to a delivered contact in ${((Date.now() - walked) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref());
    const how = await Promise.race([exited, timer]);
    // The API, the worker and the embedded PostgreSQL must all be gone with it: nothing left in the group.
    let leftovers = false;
    for (let i = 0; i < 100 && child.pid; i += 1) {
      try {
        process.kill(-child.pid, 0);
        leftovers = true;
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        leftovers = false;
        break;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (how === 'timeout' || leftovers) {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      fail('npm start did not stop everything within seconds of Ctrl-C');
    }
    process.stdout.write(`npm start stopped on Ctrl-C (${how}) and left no process behind\n`);
  }
}

main().then(
  () => process.stdout.write('first-run check passed\n'),
  (error: unknown) => {
    process.stderr.write(`first-run check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
