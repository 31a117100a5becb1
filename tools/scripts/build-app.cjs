#!/usr/bin/env node
// Compiles one app and the workspace modules it loads (tools/scripts/app-modules.cjs) into dist/apps/<app>,
// keeping the repository layout so relative imports stay valid. SWC rewrites the @curation/* aliases to
// relative paths and keeps decorator metadata (NestJS DI, TypeORM). Type checking is the `typecheck` target.
const fs = require('node:fs');
const path = require('node:path');

const { appModules, root } = require('./app-modules.cjs');

const app = process.argv[2];
if (!['api', 'worker'].includes(app)) {
  process.stderr.write('usage: build-app.cjs api|worker\n');
  process.exit(2);
}
const outDir = path.join(root, 'dist', 'apps', app);
fs.rmSync(outDir, { recursive: true, force: true });
const perRoot = new Map();
const modules = appModules(app);
for (const [file, { code, map }] of modules) {
  const relative = path.relative(root, file);
  const target = path.join(outDir, relative).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  if (map) fs.writeFileSync(`${target}.map`, map);
  const project = relative.split(path.sep).slice(0, 2).join('/');
  perRoot.set(project, (perRoot.get(project) ?? 0) + 1);
}
fs.writeFileSync(path.join(outDir, 'main.js'), `require('./apps/${app}/src/main.js');\n`);
const summary = [...perRoot].map(([project, n]) => `${project} ${n}`).join(', ');
process.stdout.write(`built ${app}: ${modules.size} files (${summary}) -> ${path.relative(root, outDir)}/main.js\n`);
