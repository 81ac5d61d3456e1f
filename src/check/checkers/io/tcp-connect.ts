// Opens a checker's TCP connection as keepalived's tcp_bind_connect() + tcp_socket_state(): optional bindto /
// bind_port, a connect_timeout, and the ways it can go wrong that the checkers word differently: connect() itself
// fails at once ('immediate-fail', e.g. no route: libuv reports it later, so it is told by its errno), the
// connection fails afterwards ('async-fail', e.g. refused: keepalived's SO_ERROR path), or nothing answers in time
// ('timeout', also a kernel ETIMEDOUT). A bind that fails is 'bind' (keepalived logs it and reschedules), and so is
// a fwmark (SO_MARK) that cannot be set: keepalived's socket_bind_connect() fails both the same way.
import * as net from 'node:net';
import { markedTcpSocket } from '../../../net/addon/marked-stream';
import { errnoText } from './errno-text';

export interface ConnectTarget {
  address: string;
  port: number;
  bindto: string | undefined;
  bindPort: number | undefined;
  timeoutMs: number;
  /** SO_MARK for the socket (keepalived's connect option fwmark); 0 = none. */
  fwmark: number;
}

export type ConnectResult =
  | { kind: 'connected'; socket: net.Socket }
  | { kind: 'timeout' | 'async-fail' | 'immediate-fail'; error?: NodeJS.ErrnoException }
  /** line: keepalived's log line for it ("Checker bind failed: …" or "Error setting fwmark N to socket: …"). */
  | { kind: 'bind'; line: string };

/** errnos a non-blocking connect(2) returns at once rather than through SO_ERROR. */
const IMMEDIATE = new Set(['ENETUNREACH', 'ENETDOWN', 'EINVAL', 'EAFNOSUPPORT', 'EACCES', 'EPERM']);
const BIND = new Set(['EADDRINUSE']);

export function connectTcp(t: ConnectTarget, done: (r: ConnectResult) => void): () => void {
  let finished = false;
  let socket: net.Socket;
  const where = { host: t.address, port: t.port, localAddress: t.bindto, localPort: t.bindPort };
  if (t.fwmark) {
    try {
      socket = markedTcpSocket(net.isIPv6(t.address) ? 6 : 4, t.fwmark);
    } catch (e) {
      const line = markFailedLine(t.fwmark, e as NodeJS.ErrnoException);
      setImmediate(() => done({ kind: 'bind', line }));
      return () => undefined;
    }
    socket.connect(where);
  } else {
    // No TCP_NODELAY: keepalived does not set it, and the one-write request does not wait for Nagle anyway; it
    // would be one more system call per check.
    socket = net.connect(where);
  }
  const finish = (r: ConnectResult): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.removeAllListeners('connect');
    if (r.kind !== 'connected') {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      socket.destroy();
    }
    done(r);
  };
  const timer = setTimeout(() => finish({ kind: 'timeout' }), t.timeoutMs);
  socket.once('connect', () => finish({ kind: 'connected', socket }));
  socket.once('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? '';
    if (error.syscall === 'bind' || (BIND.has(code) && error.syscall !== 'connect')) {
      return finish({ kind: 'bind', line: bindFailedLine(error) });
    }
    const kind = code === 'ETIMEDOUT' ? 'timeout' : IMMEDIATE.has(code) ? 'immediate-fail' : 'async-fail';
    finish({ kind, error });
  });
  return () => {
    if (!finished) {
      finished = true;
      clearTimeout(timer);
      socket.on('error', () => undefined);
      socket.destroy();
    }
  };
}

/** keepalived's "Checker bind failed: <strerror>" line for a bind that failed. */
function bindFailedLine(error: NodeJS.ErrnoException | undefined): string {
  return `Checker bind failed: ${error ? errnoText(error).text : 'Unknown error'}`;
}

/** keepalived's line for a socket it could not mark (LOG_ERR there). */
export function markFailedLine(mark: number, error: NodeJS.ErrnoException): string {
  return `Error setting fwmark ${mark >>> 0} to socket: ${errnoText(error).text}`;
}
