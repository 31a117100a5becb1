#!/usr/bin/env node
// Runs a TypeScript tool script from source: SWC compiles on the fly and honours the tsconfig path aliases.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: run-ts.cjs <script.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
