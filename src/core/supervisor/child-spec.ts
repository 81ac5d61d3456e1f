// A child process the supervisor runs: which module to fork and how keepalived names it in its log lines. The lead
// plugs in the VRRP and checker entry points here; a child module uses child-runtime.ts to talk to the parent.
import { SIGNUMS } from '../../cli/signum';

export interface ChildSpec {
  /** Short name: "vrrp process failed to die - forcing termination". */
  name: string;
  /** Name in "Starting VRRP child process", "VRRP child process(N) died", "Restart of VRRP process …". */
  logName: string;
  /** The module fork() runs, and its arguments. */
  module: string;
  args?: string[];
  /** Node flags for the child (default: the parent's, as fork does). */
  execArgv?: string[];
  /** The child's pid file (-r / -c). */
  pidFile: string;
  /** Signals the parent passes on to this child (default: all of FORWARDED_SIGNALS). */
  forward?: readonly number[];
}

/** The signals keepalived's parent passes on: RELOAD, DATA, STATS, JSON, STATS_CLEAR. */
export const FORWARDED_SIGNALS: readonly number[] = [SIGNUMS.RELOAD, SIGNUMS.DATA, SIGNUMS.STATS, SIGNUMS.JSON, SIGNUMS.STATS_CLEAR];

/** keepalived's names for its VRRP child. */
export function vrrpChild(module: string, pidFile: string, args: string[] = []): ChildSpec {
  return { name: 'vrrp', logName: 'VRRP', module, args, pidFile };
}

/** keepalived's names for its checker child; it only gets RELOAD and DATA (STATS/JSON are VRRP's). */
export function checkerChild(module: string, pidFile: string, args: string[] = []): ChildSpec {
  return { name: 'checker', logName: 'Healthcheck', module, args, pidFile, forward: [SIGNUMS.RELOAD, SIGNUMS.DATA] };
}
