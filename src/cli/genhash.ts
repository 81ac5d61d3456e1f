// genhash(1)-compatible command line (also `keepalived -T` / `--genhash`): the MD5 of a URL's body, as keepalived's
// HTTP_GET/SSL_GET checkers compute it for their `digest`.
import { basename } from 'node:path';
import { CliIo, processIo } from './io';
import { parseGenhashArgs } from './genhash-options';
import { runGenhash } from './genhash-fetch';
import { genhashUsage } from './genhash-usage';

/**
 * Runs genhash: a number when it stops at the command line (1 after the usage text, as keepalived's genhash),
 * else a promise of the exit code once the fetch is over. `amGenhash` false is the `keepalived --genhash` form.
 */
export function genhashMain(argv: readonly string[], io: CliIo = processIo, amGenhash = true): number | Promise<number> {
  const prog = basename(argv[1] ?? 'genhash-ts', '.js');
  const args = argv.slice(2);
  // keepalived counts its own argv: the program, (--genhash,) then the arguments.
  const parsed = parseGenhashArgs(args, args.length + (amGenhash ? 1 : 2));
  if (!parsed.ok) {
    for (const e of parsed.errors) io.stderr(`${e}\n`);
    io.stderr(genhashUsage(amGenhash ? prog : `${prog} --genhash`));
    return 1;
  }
  return runGenhash(parsed.options, io);
}

/** Sets the process exit code from genhashMain's answer, now or when the fetch ends. */
export function settleExitCode(code: number | Promise<number>): number {
  if (typeof code === 'number') return code;
  void code.then((c) => {
    process.exitCode = c;
  });
  return 0;
}
