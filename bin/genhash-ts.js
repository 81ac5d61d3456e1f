#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/src/cli/genhash').genhashMain(process.argv);
