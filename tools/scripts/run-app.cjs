#!/usr/bin/env node
// Starts a built app the way its container image does: plain node on the build output, source maps on.
// `run-app.cjs worker migrate` passes `migrate` on, as `node main.js migrate` does in the image.
const path = require('node:path');
const [app, ...args] = process.argv.slice(2);
const main = path.resolve(__dirname, '..', '..', 'dist', 'apps', app, 'main.js');
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], main, ...args];
require(main);
