// The modules one app's build compiles: its main.ts and every workspace file it requires at run time,
// transitively, as SWC emits them. Type-only imports are erased by SWC, so they add nothing; what is listed is
// exactly what the app loads. The API's list never reaching libs/integrations is how we know it stays out.
const { transformFileSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

const ALIASES = {
  '@curation/sdk': ['libs/curation-sdk/src/index.ts'],
  '@curation/sdk/worker': ['libs/curation-sdk/src/worker.ts'],
  '@curation/integrations': ['libs/integrations/src/index.ts'],
};

function transform(file) {
  return transformFileSync(file, {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: ALIASES,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  });
}

function resolveLocal(fromFile, request) {
  const base = path.resolve(path.dirname(fromFile), request);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${path.relative(root, fromFile)}: cannot resolve ${request}`);
}

/** Every module the app loads, keyed by absolute source path, with SWC's output. */
function appModules(app) {
  const modules = new Map();
  const pending = [path.join(root, 'apps', app, 'src', 'main.ts')];
  while (pending.length > 0) {
    const file = pending.pop();
    if (modules.has(file)) continue;
    const output = transform(file);
    modules.set(file, output);
    // SWC prints every static require as require("<specifier>"); only relative ones are ours.
    for (const match of output.code.matchAll(/require\("(\.[^"]*)"\)/g)) {
      if (match[1] === '.') continue;
      pending.push(resolveLocal(file, match[1]));
    }
    for (const match of output.code.matchAll(/require\("(@curation\/[^"]*)"\)/g)) {
      throw new Error(`${path.relative(root, file)}: alias ${match[1]} was not rewritten`);
    }
  }
  return modules;
}

module.exports = { appModules, root };
