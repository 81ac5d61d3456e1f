// One typed error for everything that goes wrong on a netlink channel. The netlink package reports a kernel
// refusal as a plain Error('Request rejected: EEXIST'), a timeout as Error('Timeout has been reached') and socket
// failures as ErrnoExceptions; callers need the errno name to decide (EEXIST on add, EADDRNOTAVAIL on delete and
// ENODEV for a vanished interface are routine for a reconciler), so every path ends here.
import { constants } from 'node:os';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';

/** The codes a netlink caller commonly branches on; any other errno name can appear too. */
export type NetlinkErrorCode =
  | 'EEXIST' // add: already there
  | 'EADDRNOTAVAIL' // delete address: not there
  | 'ESRCH' // delete route: not there
  | 'ENOENT' // delete rule: not there
  | 'ENODEV' // no such interface
  | 'EINVAL'
  | 'EPERM'
  | 'ENETUNREACH' // route via an unreachable gateway
  | 'ETIMEDOUT' // no reply within the channel's timeout
  | 'ENOBUFS' // a socket's receive buffer overflowed: replies or notifications were lost
  | 'ECANCELED' // the channel was closed while the request was in flight
  | (string & {});

export class NetlinkError extends Error {
  override readonly name = 'NetlinkError';
  /** The errno name ('EEXIST', …). */
  readonly code: NetlinkErrorCode;
  /** The positive errno number (0 when unknown). */
  readonly errno: number;
  /** What was being done, e.g. 'add address 10.0.0.1/24 dev eth0'. */
  readonly operation: string;

  constructor(code: string, operation: string, errno = errnoNumber(code)) {
    super(`${operation}: ${code}${describe(code, errno)}`);
    this.code = code;
    this.errno = errno;
    this.operation = operation;
  }
}

/** An errno name → number ('EEXIST' → 17), 0 when the name is unknown. */
export function errnoNumber(code: string): number {
  return (constants.errno as Record<string, number>)[code] ?? 0;
}

/** A positive errno number → its name (17 → 'EEXIST'), or 'E<n>' for a number node does not know. */
export function errnoName(errno: number): string {
  const n = Math.abs(errno);
  let name = '';
  try {
    name = getSystemErrorName(-n);
  } catch {
    // not a number node can name
  }
  return /^E[A-Z0-9]+$/.test(name) ? name : `E${n}`; // node answers 'Unknown system error -n' for some
}

/** glibc's strerror() text for the errors netlink commonly returns (keepalived logs these); libuv's otherwise. */
const STRERROR: Readonly<Record<string, string>> = {
  EEXIST: 'File exists', EADDRNOTAVAIL: 'Cannot assign requested address', ESRCH: 'No such process',
  ENOENT: 'No such file or directory', ENODEV: 'No such device', EINVAL: 'Invalid argument',
  EPERM: 'Operation not permitted', ENETUNREACH: 'Network is unreachable', ETIMEDOUT: 'Connection timed out',
  ENOBUFS: 'No buffer space available', ECANCELED: 'Operation canceled', EIO: 'Input/output error',
  EOPNOTSUPP: 'Operation not supported', EAFNOSUPPORT: 'Address family not supported by protocol',
  EBUSY: 'Device or resource busy', ERANGE: 'Numerical result out of range',
};

/** glibc's strerror() of an error code ('ENOENT' → 'No such file or directory'); '' when unknown. */
export function strerror(code: string, errno = errnoNumber(code)): string {
  return STRERROR[code] ?? (errno ? getSystemErrorMap().get(-errno)?.[1] : undefined) ?? '';
}

/** ' (File exists)' for the log line; '' when unknown. */
function describe(code: string, errno: number): string {
  const text = strerror(code, errno);
  return text ? ` (${text})` : '';
}

/** The error for a kernel NLMSG_ERROR reply (the header carries -errno). */
export function fromKernelErrno(negativeErrno: number, operation: string): NetlinkError {
  const errno = Math.abs(negativeErrno);
  return new NetlinkError(errnoName(errno), operation, errno);
}

const REJECTED = /^Request rejected: (E[A-Z0-9]+|-?\d+)$/;

/** Turns anything a netlink call threw or rejected with into a NetlinkError (returned, not thrown). */
export function toNetlinkError(cause: unknown, operation: string): NetlinkError {
  if (cause instanceof NetlinkError) return cause;
  if (typeof cause === 'string') return toNetlinkError(new Error(cause), operation);
  const e = cause as { message?: unknown; code?: unknown; errno?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(cause);
  const m = REJECTED.exec(message);
  if (m) return /^-?\d+$/.test(m[1]) ? fromKernelErrno(Number(m[1]), operation) : new NetlinkError(m[1], operation);
  if (message === 'Timeout has been reached') return new NetlinkError('ETIMEDOUT', operation);
  if (typeof e?.code === 'string' && /^E[A-Z0-9]+$/.test(e.code)) return new NetlinkError(e.code, operation);
  if (typeof e?.errno === 'number' && e.errno !== 0) return fromKernelErrno(e.errno, operation);
  // Not an errno at all (a parse failure, a bug): keep the text, EIO as the code.
  return new NetlinkError('EIO', `${operation}: ${message}`);
}
