// One PING_CHECK attempt over a raw ICMP/ICMPv6 socket of the addon: send one echo, wait connect_timeout for the
// matching reply. The socket is opened per attempt, as keepalived opens its ping socket.
import * as net from 'node:net';
import { addrBytes } from '../../../net/addon/addresses';
import { RawSocket } from '../../../net/addon/raw-socket';
import { buildEcho, isEchoReply } from '../ping/echo';

export type PingOutcome = { kind: 'reply' } | { kind: 'timeout' } | { kind: 'error'; error: Error };

let nextSeq = 0;
const ident = process.pid & 0xffff;

export function pingAttempt(address: string, timeoutMs: number, done: (o: PingOutcome) => void): () => void {
  const family: 4 | 6 = net.isIPv4(address) ? 4 : 6;
  const seq = (nextSeq = (nextSeq + 1) & 0xffff);
  let sock: RawSocket | undefined;
  let over = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (o: PingOutcome): void => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    sock?.close();
    done(o);
  };
  try {
    sock = RawSocket.open({ family, protocol: family === 4 ? 1 : 58, recvMeta: false, unicastHops: 64 });
    const s = sock;
    s.startReceive(
      (count) => {
        for (let i = 0; i < count; i++) {
          if (isEchoReply(family, s.packet(i), ident, seq)) {
            setImmediate(() => finish({ kind: 'reply' }));
            return;
          }
        }
      },
      { slots: 8, slotSize: 512 },
    );
    const pkt = buildEcho(family, ident, seq);
    s.sendTo(pkt, 0, pkt.length, addrBytes(address));
    timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
  } catch (error) {
    setImmediate(() => finish({ kind: 'error', error: error as Error }));
  }
  return () => {
    if (!over) {
      over = true;
      clearTimeout(timer);
      sock?.close();
    }
  };
}
