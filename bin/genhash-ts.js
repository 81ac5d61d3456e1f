#!/usr/bin/env node
'use strict';
const { genhashMain, settleExitCode } = require('../dist/src/cli/genhash');
process.exitCode = settleExitCode(genhashMain(process.argv));
