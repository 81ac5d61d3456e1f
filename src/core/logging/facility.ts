// keepalived's -S / --log-facility argument, as 2.2.7 takes it (measured with the Debian binary, reading the
// priority of the datagrams it sent to /dev/log):
// - a decimal number 0..7 (leading zeros allowed, "05" is 5; "" counts as 0) is LOG_LOCALn;
// - the names local0..local7, user and daemon (lower case only) select that facility;
// - anything else ("8", "-1", "0x3", "5x", "kern", "LOCAL2") prints "Invalid log facility '<arg>'" and keeps
//   the default, LOG_DAEMON.
import { LOG_DAEMON, LOG_USER, logLocal } from './syslog-codes';

export const DEFAULT_LOG_FACILITY = LOG_DAEMON;

export interface ParsedFacility {
  facility: number;
  /** The message keepalived prints for an argument it rejects. */
  error?: string;
}

export function parseLogFacility(arg: string): ParsedFacility {
  if (/^[0-9]*$/.test(arg)) {
    const n = arg === '' ? 0 : Number(arg);
    if (n <= 7) return { facility: logLocal(n) };
  } else {
    const local = /^local([0-7])$/.exec(arg);
    if (local) return { facility: logLocal(Number(local[1])) };
    if (arg === 'user') return { facility: LOG_USER };
    if (arg === 'daemon') return { facility: LOG_DAEMON };
  }
  return { facility: DEFAULT_LOG_FACILITY, error: `Invalid log facility '${arg}'` };
}
