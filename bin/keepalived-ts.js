#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/src/cli/keepalived').keepalivedMain(process.argv);
