// The addon's marked sockets (the checkers' fwmark): the kernel's own view (`ss -e` shows a socket's fwmark) says
// the mark is on the socket — the TCP one before it connects, the UDP one bound where it was asked — and bad
// arguments or a bind the kernel refuses come back as clear errors. Loopback only.
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import t from 'tap';
import { markedUdpSocket } from '../../src/net/addon/marked-datagram';
import { markedTcpSocket } from '../../src/net/addon/marked-stream';
import { native } from '../../src/net/addon/native';

/** The `fwmark:0x…` ss reports for the socket with this local port (undefined: none). */
function markOf(proto: 't' | 'u', port: number): string | undefined {
  const out = execFileSync('ss', [`-${proto}anpe`, `sport = :${port}`]).toString();
  return /fwmark:(0x[0-9a-f]+)/.exec(out)?.[1];
}

t.test('a marked UDP socket: bound where asked, carrying its mark, usable by dgram', async (t) => {
  const server = (await import('node:dgram')).createSocket('udp4');
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const got = new Promise<Buffer>((r) => server.once('message', (m) => r(m)));
  const sock = await new Promise<import('node:dgram').Socket>((resolve) => {
    const s = markedUdpSocket({ family: 4, mark: 0xbeef, bindto: '127.0.0.1' }, () => resolve(s));
  });
  t.teardown(() => sock.close());
  const local = sock.address();
  t.equal(local.address, '127.0.0.1', 'bound to bindto');
  t.equal(markOf('u', local.port), '0xbeef', 'ss shows the mark');
  await new Promise<void>((r, j) => sock.connect(server.address().port, '127.0.0.1', (e?: Error) => (e ? j(e) : r())));
  sock.send(Buffer.from('ping'));
  t.equal((await got).toString(), 'ping', 'the datagram arrived');
});

t.test('a marked TCP socket carries its mark once connected', async (t) => {
  const server = net.createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const sock = markedTcpSocket(4, 77);
  await new Promise<void>((r) => sock.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, r));
  t.teardown(() => sock.destroy());
  t.equal(markOf('t', sock.localPort ?? 0), '0x4d', 'ss shows mark 77');
  const plain = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
  await new Promise<void>((r) => plain.once('connect', r));
  t.teardown(() => plain.destroy());
  t.equal(markOf('t', plain.localPort ?? 0), undefined, 'an unmarked socket has none');
});

t.test('bad arguments and refused binds are errors, not crashes', async (t) => {
  const n = native();
  t.throws(() => n.openMarkedDatagram(5, 1, null, 0), RangeError, 'family');
  t.throws(() => n.openMarkedDatagram(4, 1, null, 70000), RangeError, 'port');
  t.throws(() => n.openMarkedDatagram(4, 1, new Uint8Array(16), 0), RangeError, 'address length');
  // An address this host does not have: the kernel refuses the bind (nothing is sent).
  t.throws(() => markedUdpSocket({ family: 4, mark: 1, bindto: '10.255.255.254' }, () => undefined), { code: 'EADDRNOTAVAIL', syscall: 'bind' });
});
