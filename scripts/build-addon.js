#!/usr/bin/env node
// Builds native/ with node-gyp against the headers of the Node.js that runs it (Debian ships them in
// /usr/include/node), so the build never tries to download headers.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
const args = [gyp, 'rebuild', '--directory', join(root, 'native')];
const systemHeaders = '/usr/include/node/node_api.h';
if (!process.env.npm_config_nodedir && existsSync(systemHeaders)) args.push('--nodedir=/usr');
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
