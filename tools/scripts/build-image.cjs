#!/usr/bin/env node
// Assembles what a container image runs from: the built app (dist/apps/<app>, from `nx run <app>:build`),
// the manifest and lockfile for `npm ci --omit=dev`, and for the API the built console and a health probe that
// needs no curl.
// The Dockerfiles run it in their build stage; the image test runs it the same way.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const [app, out] = process.argv.slice(2);
if (!['api', 'worker'].includes(app) || !out) {
  process.stderr.write('usage: build-image.cjs api|worker <output directory>\n');
  process.exit(2);
}
const built = path.join(root, 'dist', 'apps', app);
if (!fs.existsSync(path.join(built, 'main.js'))) {
  process.stderr.write(`${path.relative(root, built)}/main.js is missing: run "nx run ${app}:build" first\n`);
  process.exit(1);
}
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
fs.cpSync(built, out, { recursive: true });
// The whole manifest and lockfile: `npm ci` refuses a manifest that disagrees with its lockfile, and
// `--omit=dev` leaves the development half uninstalled.
for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(root, file), path.join(out, file));
if (app === 'api') {
  // The console the API serves at `/` (WEB_DIR=web in the image).
  const web = path.join(root, 'dist', 'apps', 'web');
  if (!fs.existsSync(path.join(web, 'index.html'))) {
    process.stderr.write('dist/apps/web/index.html is missing: run "nx run web:build" first\n');
    process.exit(1);
  }
  fs.cpSync(web, path.join(out, 'web'), { recursive: true });
  fs.writeFileSync(
    path.join(out, 'healthcheck.js'),
    [
      '// HEALTHCHECK: exit 0 when GET /health answers 200 within 4 s (slim images carry no curl).',
      "const port = process.env.PORT || '3000';",
      'fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) })',
      '  .then((res) => process.exit(res.ok ? 0 : 1))',
      '  .catch(() => process.exit(1));',
      '',
    ].join('\n'),
  );
}
process.stdout.write(`image contents for ${app} -> ${out}\n`);
