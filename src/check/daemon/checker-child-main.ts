// Entry point of the forked checker process: its options come as JSON in the environment (set by the parent), so
// it never parses a command line. A crash exits with a code the parent respawns on.
import { CHECKER_OPTIONS_ENV, EXIT_PROGRAM_ERROR, runCheckerProcess, type CheckerProcessOptions } from './checker-process';

function main(): void {
  const raw = process.env[CHECKER_OPTIONS_ENV];
  if (raw === undefined) {
    process.stderr.write(`${CHECKER_OPTIONS_ENV} is not set: this file is started by keepalived-ts, not by hand\n`);
    process.exit(1);
  }
  delete process.env[CHECKER_OPTIONS_ENV]; // not passed on to scripts
  delete process.env.KEEPALIVED_TS_VRRP_OPTIONS; // the VRRP process's
  const options = JSON.parse(raw) as CheckerProcessOptions;
  process.on('uncaughtException', (e) => {
    process.stderr.write(`Keepalived_healthcheckers: uncaught exception: ${e.stack ?? String(e)}\n`);
    process.exit(EXIT_PROGRAM_ERROR);
  });
  runCheckerProcess(options).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`Keepalived_healthcheckers: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(EXIT_PROGRAM_ERROR);
    },
  );
}

main();
