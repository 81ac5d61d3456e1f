// src/net/netlink/monitor-channel.ts without a kernel: the package's socket is replaced by a stand-in that delivers
// raw notifications, so the mapping can be checked — NEW vs DEL (which the package's parsed form loses), link
// transitions after primeLinks(), and a socket error (ENOBUFS) as an 'overrun' event.
import { EventEmitter } from 'node:events';
import t from 'tap';
import type * as MonitorModule from '../../src/net/netlink/monitor-channel';
import type { NetlinkEvent } from '../../src/net/netlink/types';

t.test('notifications become events', async (t) => {
  const real = await import('netlink');
  const { AttrStream, rt } = real;
  const socket = Object.assign(new EventEmitter(), { closed: false, close() { this.closed = true; } });
  const groups: number[] = [];
  let options: Record<string, unknown> = {};
  const { createMonitorChannel } = t.mockRequire('../../src/net/netlink/monitor-channel', {
    netlink: {
      ...real,
      createRtNetlink: (o: Record<string, unknown>) => {
        options = o;
        return { socket, addMembership: (g: number) => groups.push(g) };
      },
    },
  }) as typeof MonitorModule;

  const mon = createMonitorChannel({ groups: ['link', 'ipv4-address', 'ipv6-address'] });
  t.same(groups, [1, 5, 9], 'RTNLGRP_LINK, IPV4_IFADDR, IPV6_IFADDR');
  t.match(options, { ref: true }, 'keeps the process alive while listening');
  const seen: NetlinkEvent[] = [];
  mon.onEvent((e) => seen.push(e));

  const raw = (type: number, msg: Parameters<typeof rt.formatAddressMessage>[0] | Parameters<typeof rt.formatLinkMessage>[0]) => {
    const out = new AttrStream();
    if (msg.kind === 'address') rt.formatAddressMessage(msg, out);
    else rt.formatLinkMessage(msg, out);
    return { type, flags: 0, seq: 0, port: 0, data: Buffer.concat(out.bufs) };
  };
  const addr = { kind: 'address' as const, data: { family: 2, prefixlen: 32, index: 3 }, attrs: { local: Buffer.from([10, 0, 0, 5]), label: 'eth0:1' } };
  socket.emit('message', [raw(rt.MessageType.NEWADDR, addr), raw(rt.MessageType.DELADDR, addr)]);
  t.match(seen.splice(0), [
    { type: 'address-added', address: { address: '10.0.0.5', prefix: 32, index: 3, label: 'eth0:1' } },
    { type: 'address-removed', address: { address: '10.0.0.5' } },
  ], 'RTM_NEWADDR and RTM_DELADDR told apart');

  mon.primeLinks([{ index: 3, name: 'eth0', up: true, running: true, lowerUp: true }]);
  const link = (up: boolean): Parameters<typeof rt.formatLinkMessage>[0] =>
    ({ kind: 'link', data: { index: 3, flags: up ? { up: true as const, running: true as const, lowerUp: true as const } : {} }, attrs: { ifname: 'eth0' } });
  socket.emit('message', [raw(rt.MessageType.NEWLINK, link(false)), raw(rt.MessageType.NEWLINK, link(false)), raw(rt.MessageType.NEWLINK, link(true))]);
  t.same(seen.splice(0).map((e) => e.type), ['link-down', 'link-up'], 'a known link: down once, up once');
  socket.emit('message', [raw(rt.MessageType.DELLINK, link(false))]);
  t.same(seen.splice(0).map((e) => e.type), ['link-removed']);

  socket.emit('message', [{ type: 999, flags: 0, seq: 0, port: 0, data: Buffer.alloc(4) }]);
  t.same(seen, [], 'an unknown message type is ignored');

  socket.emit('error', Object.assign(new Error('Error when receiving Netlink message'), { code: 'ENOBUFS', errno: 105 }));
  t.match(seen.splice(0), [{ type: 'overrun', error: { code: 'ENOBUFS' } }], 'lost notifications: overrun');

  mon.close();
  mon.close();
  t.ok(socket.closed, 'closed (idempotent)');
  socket.emit('message', [raw(rt.MessageType.NEWADDR, addr)]);
  t.same(seen, [], 'no events after close');
});
