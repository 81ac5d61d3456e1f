// Entry point of the forked VRRP process: its options come as JSON in the environment (set by the parent), so it
// never parses a command line. A crash exits with a code the parent respawns on.
import { EXIT_PROGRAM_ERROR, runVrrpProcess, VRRP_OPTIONS_ENV, type VrrpProcessOptions } from './vrrp-process';

function main(): void {
  const raw = process.env[VRRP_OPTIONS_ENV];
  if (raw === undefined) {
    process.stderr.write(`${VRRP_OPTIONS_ENV} is not set: this file is started by keepalived-ts, not by hand\n`);
    process.exit(1);
  }
  delete process.env[VRRP_OPTIONS_ENV]; // not passed on to notify scripts
  delete process.env.KEEPALIVED_TS_CHECKER_OPTIONS; // the checker process's
  const options = JSON.parse(raw) as VrrpProcessOptions;
  process.on('uncaughtException', (e) => {
    process.stderr.write(`Keepalived_vrrp: uncaught exception: ${e.stack ?? String(e)}\n`);
    process.exit(EXIT_PROGRAM_ERROR);
  });
  runVrrpProcess(options).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`Keepalived_vrrp: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(EXIT_PROGRAM_ERROR);
    },
  );
}

main();
