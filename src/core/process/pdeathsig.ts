// keepalived sets PR_SET_PDEATHSIG = SIGTERM in a script it execs, so the script gets SIGTERM when the process that
// started it dies (even by SIGKILL). Node's spawn cannot call prctl in the child, so the program is started through
// util-linux's setpriv(1), which sets the parent-death signal and execs it (same pid, argv[0] kept). The flag
// survives the uid/gid switch because spawn switches ids before setpriv runs.

export const SETPRIV = '/usr/bin/setpriv';

/** The command and arguments that exec program with args after setting the parent-death signal. */
export function withPdeathsig(program: string, args: readonly string[]): { file: string; args: string[] } {
  return { file: SETPRIV, args: ['--pdeathsig', 'TERM', '--', program, ...args] };
}
