// A TCP client socket with a firewall mark (SO_MARK), set before it connects: the addon makes the socket, Node's
// net.Socket adopts it. For genhash -m and the checkers' fwmark.
import * as net from 'node:net';
import { native } from './native';

/**
 * An unconnected net.Socket whose packets carry `mark`; call connect() on it. Throws (with the errno's code) when
 * the mark cannot be set, e.g. EPERM without CAP_NET_ADMIN.
 */
export function markedTcpSocket(family: 4 | 6, mark: number): net.Socket {
  const fd = native().openMarkedStream(family, mark | 0);
  // manualStart: Node would otherwise start reading the not yet connected socket (ENOTCONN).
  return new net.Socket({ fd, manualStart: true } as net.SocketConstructorOpts);
}
