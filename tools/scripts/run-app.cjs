#!/usr/bin/env node
// Starts a built app the way its container image does: plain node on the build output, source maps on.
const path = require('node:path');
const app = process.argv[2];
process.setSourceMapsEnabled(true);
require(path.resolve(__dirname, '..', '..', 'dist', 'apps', app, 'main.js'));
