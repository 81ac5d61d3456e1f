// What keepalived's parent logs when a child exits, and whether that ends the daemon (measured on 2.2.7 by making
// the VRRP child exit with gdb and by signalling it):
//   exit 0                → nothing about the status
//   exit 1 / 2 / 4        → "pid N exited with permanent error FATAL|CONFIG|missing permission. Terminating", and the
//                           parent stops with the same exit code
//   exit N                → "pid N exited with status N"
//   SIGSEGV               → "pid N exited due to segmentation fault (SIGSEGV)." and a bug-report banner
//   SIGKILL               → "pid N exited due to signal 9 (Killed) - has rlimit_rttime been exceeded?"
//   another signal        → "pid N exited due to signal 7 (Bus error)"
import { signalNumber, strsignal } from './strsignal';

export const KEEPALIVED_EXIT_OK = 0;
export const KEEPALIVED_EXIT_FATAL = 1;
export const KEEPALIVED_EXIT_CONFIG = 2;
export const KEEPALIVED_EXIT_MISSING_PERMISSION = 4;

const PERMANENT: Readonly<Record<number, string>> = {
  [KEEPALIVED_EXIT_FATAL]: 'FATAL',
  [KEEPALIVED_EXIT_CONFIG]: 'CONFIG',
  [KEEPALIVED_EXIT_MISSING_PERMISSION]: 'missing permission',
};

export interface ChildExit {
  /** The line about the status (none for exit 0). */
  line?: string;
  /** Set for exit 1, 2 and 4: the daemon terminates with this code. */
  permanentCode?: number;
  segfault: boolean;
}

export function describeChildExit(pid: number, code: number | null, signal: NodeJS.Signals | null): ChildExit {
  if (signal !== null) {
    const n = signalNumber(signal);
    if (signal === 'SIGSEGV') return { line: `pid ${pid} exited due to segmentation fault (SIGSEGV).`, segfault: true };
    const rttime = signal === 'SIGKILL' ? ' - has rlimit_rttime been exceeded?' : '';
    return { line: `pid ${pid} exited due to signal ${n} (${strsignal(n)})${rttime}`, segfault: false };
  }
  const c = code ?? 0;
  const permanent = PERMANENT[c];
  if (permanent) {
    return { line: `pid ${pid} exited with permanent error ${permanent}. Terminating`, permanentCode: c, segfault: false };
  }
  return c === 0 ? { segfault: false } : { line: `pid ${pid} exited with status ${c}`, segfault: false };
}

/** Logged (LOG_INFO) after "… died: Respawning". */
export const RESPAWN_BANNER: readonly string[] = [
  '  Please log an issue at https://github.com/acassen/keepalived/issues/',
  '  and include a full copy of your keepalived configuration files, and',
  '  copies of the keepalived system log entries around the time this happened',
];
