// Pid files as keepalived 2.2.7 handles them (strace of the Debian binary):
// - written with open(O_WRONLY|O_CREAT|O_TRUNC|O_NOFOLLOW, 0644) under umask 0133, so a new file is 0644 whatever
//   the daemon's umask (0177); the content is "<pid>\n";
// - at start, each pid file (parent, vrrp, checkers, bfd, in that order) is read like fscanf("%d"): a number whose
//   process exists means "daemon is already running" (keepalived then exits 0); a number with no process logs
//   "Remove a zombie pid file <path>" and deletes it; unreadable content logs "Error reading pid file <path>",
//   deletes it and still counts as running;
// - removed at exit (the parent removes the children's too).
// These calls are synchronous on purpose: they run once at start-up and shutdown, never while VRRP runs.
import { closeSync, constants, fchmodSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync, type Stats } from 'node:fs';

export const PID_FILE_MODE = 0o644;

export function writePidFile(path: string, pid: number = process.pid): void {
  const existed = lstatOrUndefined(path) !== undefined;
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, PID_FILE_MODE);
  try {
    // A file we create gets 0644 & ~umask; keepalived's temporary umask 0133 makes it exactly 0644. An existing
    // file keeps its mode (O_TRUNC), as with keepalived.
    if (!existed) fchmodSync(fd, PID_FILE_MODE);
    writeSync(fd, `${pid}\n`);
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export function removePidFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** fscanf(f, "%d"): optional white space, sign and digits at the start; undefined when there are none. */
export function parsePid(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** kill(pid, 0): whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** keepalived's process_running() for one pid file; log receives its messages. */
export function pidFileOwned(path: string, log: (message: string) => void): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return false;
  }
  const pid = parsePid(text);
  if (pid === undefined || pid > 0x7fffffff || pid < -0x80000000) {
    log(`Error reading pid file ${path}`);
    removePidFile(path);
    return true;
  }
  if (!processExists(pid)) {
    log(`Remove a zombie pid file ${path}`);
    removePidFile(path);
    return false;
  }
  return true;
}

/** keepalived_running(): true at the first pid file owned by a live process. */
export function daemonRunning(paths: readonly string[], log: (message: string) => void): boolean {
  return paths.some((p) => pidFileOwned(p, log));
}
