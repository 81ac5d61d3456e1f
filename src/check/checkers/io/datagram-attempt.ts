// One datagram exchange for DNS_CHECK and UDP_CHECK: a connected UDP socket (optionally bound), one datagram out,
// then replies until accept() says done or connect_timeout runs out. An ICMP error (e.g. port unreachable) comes
// back as a socket error, as with keepalived's IP_RECVERR. With a fwmark the addon makes (marks and binds) the
// socket, as keepalived's udp_bind_connect() / socket_bind_connect() set SO_MARK before bind and connect.
import * as dgram from 'node:dgram';
import { markedUdpSocket } from '../../../net/addon/marked-datagram';
import { markFailedLine, type ConnectTarget } from './tcp-connect';

export type DatagramOutcome =
  | { kind: 'reply'; data: Buffer }
  | { kind: 'timeout' }
  /** stage: where it failed (connect/bind, send or receive). */
  | { kind: 'error'; stage: 'connect' | 'send' | 'recv'; error: NodeJS.ErrnoException }
  /** The fwmark could not be set: line is keepalived's log line for it; nothing was sent. */
  | { kind: 'mark-failed'; line: string };

/**
 * accept(reply) returns true when the reply settles the attempt (false: keep waiting, e.g. a wrong DNS id).
 * Returns a function that abandons the attempt.
 */
export function datagramAttempt(
  target: ConnectTarget,
  payload: Buffer,
  accept: (reply: Buffer) => boolean,
  done: (o: DatagramOutcome) => void,
): () => void {
  const family = target.address.includes(':') ? 6 : 4;
  let over = false;
  let stage: 'connect' | 'send' | 'recv' = 'connect';
  let sock: dgram.Socket;
  let marked = false;
  if (target.fwmark) {
    try {
      sock = markedUdpSocket({ family, mark: target.fwmark, bindto: target.bindto, bindPort: target.bindPort }, () => {
        if (!over) connect();
      });
      marked = true;
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      // A bind the addon could not make fails the attempt as an unmarked socket's bind does.
      if (error.syscall === 'bind') setImmediate(() => done({ kind: 'error', stage: 'connect', error }));
      else setImmediate(() => done({ kind: 'mark-failed', line: markFailedLine(target.fwmark, error) }));
      return () => undefined;
    }
  } else sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  const finish = (o: DatagramOutcome): void => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    try {
      sock.close();
    } catch {
      // already closed
    }
    done(o);
  };
  const timer = setTimeout(() => finish({ kind: 'timeout' }), target.timeoutMs);
  sock.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', stage, error }));
  sock.on('message', (data: Buffer) => {
    if (accept(data)) finish({ kind: 'reply', data });
  });
  const connect = (): void =>
    sock.connect(target.port, target.address, (err?: Error) => {
      // A connect() the kernel refuses at once (e.g. no route) comes here, not as an 'error' event.
      if (err) return finish({ kind: 'error', stage: 'connect', error: err as NodeJS.ErrnoException });
      stage = 'send';
      sock.send(payload, (err) => {
        if (err) finish({ kind: 'error', stage: 'send', error: err as NodeJS.ErrnoException });
        else stage = 'recv';
      });
    });
  if (marked) {
    // connect() runs once dgram has adopted the socket.
  } else if (target.bindto !== undefined || target.bindPort !== undefined) {
    sock.bind({ address: target.bindto, port: target.bindPort ?? 0 }, connect);
  } else connect();
  return () => {
    if (!over) {
      over = true;
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // already closed
      }
    }
  };
}
