// Errors for failures the addon reports as a negative errno (e.g. a recvmmsg error passed to the
// receive callback), shaped like the errors the addon itself throws so callers see one kind.
import { getSystemErrorName } from 'node:util';

/** An Error like the addon's: message "<what> on <ifname>: ENAME", code = ENAME, errno = -n. */
export function errnoError(negErrno: number, what: string, ifname: string): NodeJS.ErrnoException {
  let name: string;
  try {
    name = getSystemErrorName(negErrno);
  } catch {
    name = `E${-negErrno}`;
  }
  const where = ifname ? ` on ${ifname}` : '';
  const err: NodeJS.ErrnoException = new Error(`${what}${where}: ${name}`);
  err.code = name;
  err.errno = negErrno;
  err.syscall = what;
  return err;
}
