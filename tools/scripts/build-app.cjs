#!/usr/bin/env node
// Compiles one app and the SDK source it uses into dist/apps/<app>, keeping the repository layout so
// relative imports stay valid. SWC rewrites the @curation/sdk alias to relative paths and keeps decorator
// metadata (NestJS DI, TypeORM). Type checking is the separate `typecheck` target.
const { transformFileSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const app = process.argv[2];
if (!['api', 'worker'].includes(app)) {
  process.stderr.write('usage: build-app.cjs api|worker\n');
  process.exit(2);
}
const outDir = path.join(root, 'dist', 'apps', app);
const sources = [
  path.join(root, 'apps', app, 'src'),
  path.join(root, 'libs', 'curation-sdk', 'src'),
  path.join(root, 'libs', 'integrations', 'src'),
];
const excluded = (file) =>
  /\.(spec|integration-spec)\.ts$/.test(file) ||
  file.endsWith(`${path.sep}testing.ts`) ||
  file.includes(`${path.sep}lib${path.sep}testing${path.sep}`) ||
  file.includes(`${path.sep}src${path.sep}testing${path.sep}`) ||
  file.includes(`${path.sep}lib${path.sep}fixtures${path.sep}`);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') && !excluded(full) ? [full] : [];
  });
}

fs.rmSync(outDir, { recursive: true, force: true });
let count = 0;
for (const file of sources.flatMap(walk)) {
  const { code, map } = transformFileSync(file, {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: {
        '@curation/sdk': ['libs/curation-sdk/src/index.ts'],
        '@curation/sdk/testing': ['libs/curation-sdk/src/testing.ts'],
        '@curation/integrations': ['libs/integrations/src/index.ts'],
      },
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  });
  const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  if (map) fs.writeFileSync(`${target}.map`, map);
  count += 1;
}
fs.writeFileSync(path.join(outDir, 'main.js'), `require('./apps/${app}/src/main.js');\n`);
process.stdout.write(`built ${app}: ${count} files -> ${path.relative(root, outDir)}/main.js\n`);
