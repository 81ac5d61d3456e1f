// "errno N (message)" as glibc's strerror() words it, for the DNS_CHECK read-error line.
import * as util from 'node:util';

const GLIBC: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ECONNRESET: 'Connection reset by peer',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
};

export function errnoText(err: NodeJS.ErrnoException): { errno: number; text: string } {
  const errno = Math.abs(err.errno ?? 0);
  const code = err.code ?? '';
  let text = GLIBC[code];
  if (text === undefined) {
    const libuv = util.getSystemErrorMap().get(-errno)?.[1] ?? code;
    text = libuv.charAt(0).toUpperCase() + libuv.slice(1);
  }
  return { errno, text };
}
