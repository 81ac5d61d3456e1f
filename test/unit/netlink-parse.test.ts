// src/net/netlink/parse-messages.ts and link-events.ts: kernel messages (encoded and decoded with the package, as
// they arrive) become LinkInfo / KernelAddress / KernelRoute / KernelRule, and link messages become events by
// comparison with the last known state.
import t from 'tap';
import { AttrStream, rt } from 'netlink';
import { linkEvents } from '../../src/net/netlink/link-events';
import { linkKind, parseAddress, parseLink, parseRoute, parseRule } from '../../src/net/netlink/parse-messages';
import { LinkInfo } from '../../src/net/netlink/types';

/** Encodes then decodes, so the test sees exactly what a socket would hand over. */
function roundTrip(type: rt.MessageType, msg: rt.Message): rt.Message {
  const out = new AttrStream();
  if (msg.kind === 'address') rt.formatAddressMessage(msg, out);
  else if (msg.kind === 'link') rt.formatLinkMessage(msg, out);
  else if (msg.kind === 'route') rt.formatRouteMessage(msg, out);
  else if (msg.kind === 'rule') rt.formatRuleMessage(msg, out);
  return rt.parseMessage(type, Buffer.concat(out.bufs));
}

t.test('links', async (t) => {
  // IFLA_LINKINFO as the kernel sent it for a veth (IFLA_INFO_KIND "veth").
  const linkinfo = Buffer.from('090001007665746800000000', 'hex');
  t.equal(linkKind(linkinfo), 'veth');
  t.equal(linkKind(Buffer.from('0800020001000000', 'hex')), undefined, 'no kind attribute');
  t.equal(linkKind(Buffer.from('ff00', 'hex')), undefined, 'truncated');
  const parent = Buffer.alloc(4);
  parent.writeUInt32LE(7, 0);
  const m = roundTrip(rt.MessageType.NEWLINK, {
    kind: 'link',
    data: { type: 1, index: 3, flags: { up: true, running: true, lowerUp: true, broadcast: true, multicast: true } },
    attrs: {
      ifname: 'eth0', mtu: 1500, address: Buffer.from('02aabbccddee', 'hex'), broadcast: Buffer.from('ffffffffffff', 'hex'), linkinfo,
      operstate: 6, master: 9, link: parent,
    },
  });
  t.same(parseLink(m as rt.LinkMessage), {
    index: 3, name: 'eth0', up: true, running: true, lowerUp: true, mac: '02:aa:bb:cc:dd:ee', mtu: 1500, kind: 'veth',
    operstate: 6, master: 9, parent: 7, hwType: 1, broadcastMac: 'ff:ff:ff:ff:ff:ff',
    iff: { broadcast: true, loopback: false, pointToPoint: false, noArp: false, multicast: true },
  });
  const lo = roundTrip(rt.MessageType.NEWLINK, {
    kind: 'link', data: { type: 772, index: 1, flags: { up: true, running: true, loopback: true } }, attrs: { ifname: 'lo' },
  });
  t.match(parseLink(lo as rt.LinkMessage), { hwType: 772, iff: { loopback: true, broadcast: false, multicast: false } }, 'loopback: its ARPHRD type and flags');
});

t.test('addresses', async (t) => {
  const v4 = roundTrip(rt.MessageType.NEWADDR, {
    kind: 'address',
    data: { family: 2, prefixlen: 24, index: 3, flags: { secondary: true, permanent: true } },
    attrs: { local: Buffer.from([10, 0, 0, 9]), address: Buffer.from([10, 0, 0, 9]), label: 'eth0:1', broadcast: Buffer.from([10, 0, 0, 255]) },
  }) as rt.AddressMessage;
  t.match(parseAddress(v4), {
    index: 3, family: 4, address: '10.0.0.9', prefix: 24, label: 'eth0:1', broadcast: '10.0.0.255', scope: 0,
    flags: { secondary: true, permanent: true, nodad: false }, preferredLft: 0xffffffff,
  });
  t.equal(parseAddress(v4)?.peer, undefined, 'no peer when IFA_ADDRESS = IFA_LOCAL');

  const peer = roundTrip(rt.MessageType.NEWADDR, {
    kind: 'address', data: { family: 2, prefixlen: 32, index: 3 },
    attrs: { local: Buffer.from([10, 0, 0, 1]), address: Buffer.from([10, 0, 0, 2]) },
  }) as rt.AddressMessage;
  t.match(parseAddress(peer), { address: '10.0.0.1', peer: '10.0.0.2' }, 'peer');

  // The kernel sends only IFA_ADDRESS for an IPv6 address without peer; IFA_FLAGS overrides the 8-bit field.
  const v6 = roundTrip(rt.MessageType.DELADDR, {
    kind: 'address', data: { family: 10, prefixlen: 128, index: 3, flags: { permanent: true } },
    attrs: {
      address: Buffer.from('fd000000000000000000000000000100', 'hex'), flags: { nodad: true, deprecated: true, permanent: true },
      cacheInfo: { ifaPrefered: 0, ifaValid: 0xffffffff, cstamp: 1, tstamp: 1 },
    },
  }) as rt.AddressMessage;
  t.match(parseAddress(v6), {
    family: 6, address: 'fd00::100', prefix: 128, flags: { nodad: true, deprecated: true }, preferredLft: 0, validLft: 0xffffffff,
  });
  t.equal(parseAddress(v6)?.label, undefined, 'no label');
  t.equal(parseAddress({ kind: 'address', data: { family: 7 }, attrs: {} }), undefined, 'other families are skipped');
});

t.test('routes and rules', async (t) => {
  const r = roundTrip(rt.MessageType.NEWROUTE, {
    kind: 'route',
    data: { family: 2, dstLen: 16, table: 100, protocol: 18 as rt.RouteProtocol, scope: 0, type: 6 as rt.RouteType },
    attrs: { table: 100, dst: Buffer.from([10, 2, 0, 0]), priority: 5 },
  }) as rt.RouteMessage;
  t.same(parseRoute(r), { family: 4, dstLen: 16, table: 100, scope: 0, type: 'blackhole', protocol: 18, tos: 0, dst: '10.2.0.0', metric: 5 });
  const kernelRoute = roundTrip(rt.MessageType.NEWROUTE, {
    kind: 'route', data: { family: 10, dstLen: 64, table: 254, protocol: 'KERNEL', scope: 'UNIVERSE', type: 'UNICAST' },
    attrs: { table: 254, dst: Buffer.from('fd000000000000000000000000000000', 'hex'), oif: 3 },
  }) as rt.RouteMessage;
  t.match(parseRoute(kernelRoute), { family: 6, dst: 'fd00::', type: 'unicast', protocol: 2, index: 3 }, 'enum keys become numbers/names');

  const rule = roundTrip(rt.MessageType.NEWRULE, {
    kind: 'rule',
    data: { family: 2, srcLen: 16, table: 100, action: 'toTbl', flags: { invert: true } },
    attrs: { src: Buffer.from([10, 2, 0, 0]), table: 100, priority: 50, fwmark: 3, fwmask: 255, iifname: 'eth0', protocol: 18 },
  }) as rt.RuleMessage;
  t.same(parseRule(rule), {
    family: 4, fromLen: 16, toLen: 0, table: 100, tos: 0, action: 'table', invert: true, priority: 50, from: '10.2.0.0',
    fwmark: 3, fwmask: 255, iif: 'eth0', protocol: 18,
  });
});

t.test('link events', async (t) => {
  const known = new Map<number, LinkInfo>();
  const eth0: LinkInfo = { index: 3, name: 'eth0', up: true, running: true, lowerUp: true, mtu: 1500 };
  t.match(linkEvents(known, eth0, false), [{ type: 'link-added' }], 'unknown index: added');
  t.same(linkEvents(known, { ...eth0 }, false), [], 'same state: nothing');
  t.match(linkEvents(known, { ...eth0, running: false, lowerUp: false }, false), [{ type: 'link-down' }], 'lost carrier: down');
  t.same(linkEvents(known, { ...eth0, up: false, running: false, lowerUp: false }, false).map((e) => e.type), ['link-changed'],
    'admin down while already down: changed, not a second down');
  t.same(linkEvents(known, { ...eth0, running: false }, false).map((e) => e.type), ['link-changed'], 'IFF_UP without carrier: not up yet');
  t.match(linkEvents(known, { ...eth0 }, false), [{ type: 'link-up' }], 'running again: up');
  t.match(linkEvents(known, { ...eth0, mtu: 9000 }, false), [{ type: 'link-changed', previous: { mtu: 1500 } }], 'MTU change');
  t.match(linkEvents(known, { ...eth0 }, true), [{ type: 'link-removed' }], 'removed');
  t.notOk(known.has(3), 'forgotten');
});
