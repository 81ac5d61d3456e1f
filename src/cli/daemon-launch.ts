// The daemon branch of the command line: without -n the launcher starts a detached copy of itself (a new session,
// stdio on /dev/null) and exits 0, as keepalived's fork-and-exit does; with -n (or in that copy) this process
// becomes the daemon's parent and exits when the parent's work is done.
import { spawn } from 'node:child_process';
import { runDaemonParent } from './daemon-parent';
import { DETACHED_ENV, type DaemonOptions } from './daemon-options';

export function launchDaemon(o: DaemonOptions): number {
  if (!o.dontFork && process.env[DETACHED_ENV] !== '1') {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', ...o.argv.slice(1)], {
      detached: true,
      stdio: 'ignore',
      cwd: '/',
      env: { ...process.env, [DETACHED_ENV]: '1' },
    });
    child.unref();
    return 0;
  }
  delete process.env[DETACHED_ENV];
  runDaemonParent(o).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`keepalived-ts: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
  return 0;
}
