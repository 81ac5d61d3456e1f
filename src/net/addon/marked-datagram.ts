// A UDP socket with a firewall mark (SO_MARK): the addon makes (and binds) the socket, Node's dgram adopts it. For
// the checkers' fwmark on UDP_CHECK and DNS_CHECK, whose sockets keepalived marks as it marks TCP ones.
import * as dgram from 'node:dgram';
import { addrBytes } from './addresses';
import { native } from './native';

export interface MarkedDatagramOptions {
  family: 4 | 6;
  mark: number;
  /** Local address to bind (keepalived's bindto). */
  bindto?: string;
  /** Local port to bind (keepalived's bind_port). */
  bindPort?: number;
}

/**
 * A dgram.Socket whose packets carry `mark`, already bound when bindto/bindPort are given; `ready` runs once dgram
 * has adopted it (connect() may then be called). Throws (with the errno's code and syscall) when the socket cannot be
 * made, marked or bound.
 */
export function markedUdpSocket(o: MarkedDatagramOptions, ready: () => void): dgram.Socket {
  const bind = o.bindto !== undefined ? addrBytes(o.bindto) : null;
  const fd = native().openMarkedDatagram(o.family, o.mark | 0, bind, o.bindPort ?? 0);
  const sock = dgram.createSocket(o.family === 6 ? 'udp6' : 'udp4');
  // bind({fd}) adopts the socket as it is (dgram does not bind it again) and says 'listening' before it returns:
  // ready waits a tick so that the caller holds the socket by then.
  sock.once('listening', () => process.nextTick(ready));
  sock.bind({ fd });
  return sock;
}
