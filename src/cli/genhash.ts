// genhash(1)-compatible command line (also `keepalived -T`). Usage and --version answer now; fetching and hashing
// arrive with the HTTP checker.
import { basename } from 'node:path';
import { CliIo, processIo } from './io';
import { genhashUsage } from './genhash-usage';
import { versionBanner } from './version';

/** Runs genhash; returns the exit code (genhash exits 1 after printing its usage, as keepalived's does). */
export function genhashMain(argv: readonly string[], io: CliIo = processIo): number {
  const prog = basename(argv[1] ?? 'genhash-ts', '.js');
  const args = argv.slice(2);
  if (args.includes('--version')) {
    io.stderr(versionBanner());
    return 0;
  }
  io.stderr(genhashUsage(prog));
  if (args.length > 0 && !args.includes('-h') && !args.includes('--help')) {
    io.stderr(`${prog}: fetching and hashing are not part of this release yet\n`);
  }
  return 1;
}
