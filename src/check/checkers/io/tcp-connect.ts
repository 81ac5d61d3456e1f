// Opens a checker's TCP connection as keepalived's tcp_bind_connect() + tcp_socket_state(): optional bindto /
// bind_port, a connect_timeout, and the three ways it can go wrong that the checkers word differently: the
// connect itself fails at once ('fail', e.g. no route), the connection is refused or reset ('error'), or nothing
// answers in time ('timeout'). A bind that fails is 'bind' (keepalived: "socket bind failed. Rescheduling").
import * as net from 'node:net';

export interface ConnectTarget {
  address: string;
  port: number;
  bindto: string | undefined;
  bindPort: number | undefined;
  timeoutMs: number;
}

export type ConnectResult =
  | { kind: 'connected'; socket: net.Socket }
  | { kind: 'error' | 'timeout' | 'fail' | 'bind'; error?: NodeJS.ErrnoException };

/** errnos connect(2) reports at once, which keepalived calls connect_fail. */
const IMMEDIATE = new Set(['ENETUNREACH', 'EINVAL', 'EAFNOSUPPORT', 'EACCES', 'EPERM']);
const BIND = new Set(['EADDRINUSE', 'EADDRNOTAVAIL']);

export function connectTcp(t: ConnectTarget, done: (r: ConnectResult) => void): () => void {
  let finished = false;
  const socket = net.connect({
    host: t.address,
    port: t.port,
    localAddress: t.bindto,
    localPort: t.bindPort,
    noDelay: true,
  });
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
    finish({ kind: BIND.has(code) && error.syscall === 'bind' ? 'bind' : IMMEDIATE.has(code) ? 'fail' : 'error', error });
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
