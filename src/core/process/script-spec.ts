// What the script runner needs to know about a script: the words of its command line (after keepalived's quoting
// rules, see src/config/lexer/script-words.ts) and whom it runs as. ScriptRef from the configuration model has
// these fields, so a configured script can be passed as it is.

export interface ScriptSpec {
  /** argv; args[0] is the program as written in the configuration. */
  readonly args: readonly string[];
  /** The program found by the configuration's PATH search / symlink resolution; used as argv[0] when set. */
  readonly resolvedPath?: string;
  /** Who the script runs as; undefined = the daemon's own ids. */
  readonly uid?: number;
  readonly gid?: number;
  /**
   * How to run it: 'exec' = execve of the program (keepalived's usual way), 'shell' = /bin/sh -c like system()
   * (keepalived does this for "<file" tests). Undefined: decided by the runner (see choose-mode.ts).
   */
  readonly mode?: ScriptMode;
}

export type ScriptMode = 'exec' | 'shell';

/**
 * The command string keepalived hands to system(): the first word as it is, every other word in single quotes
 * (captured with strace: `</tmp/x 'x y' 'z'`).
 */
export function shellCommand(args: readonly string[]): string {
  return args.map((a, i) => (i === 0 ? a : `'${a}'`)).join(' ');
}
