// The process's syslog connection (native/syslog.c): a non-blocking unix datagram socket connected to the syslog
// socket, which Node cannot open itself. Every call returns a status instead of throwing, because a logger must
// never throw: 0 / bytes sent, or a negative errno (-EAGAIN when the receiver's queue is full, -ENOTCONN when not
// open, -ECONNREFUSED/-ENOENT when no syslog daemon listens).
import { isAddonBuilt, native } from './native';

/** The socket glibc's syslog(3) writes to. */
export const DEFAULT_SYSLOG_PATH = '/dev/log';

const ENOSYS = -38;

/** Connects (or reconnects) to path; 0 or -errno (-ENOSYS when the addon is not built). */
export function syslogOpen(path: string = DEFAULT_SYSLOG_PATH): number {
  return isAddonBuilt() ? native().syslogOpen(path) : ENOSYS;
}

/** Sends one datagram without blocking; bytes sent or -errno. */
export function syslogSend(datagram: Uint8Array): number {
  return isAddonBuilt() ? native().syslogSend(datagram) : ENOSYS;
}

export function syslogClose(): void {
  if (isAddonBuilt()) native().syslogClose();
}
