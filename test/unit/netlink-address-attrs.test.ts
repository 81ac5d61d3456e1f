// src/net/netlink/address-attrs.ts, route-attrs.ts, rule-attrs.ts: the request payloads, checked down to the bytes
// the package encodes (attribute numbers from linux/if_addr.h) for addresses, as keepalived's netlink_ipaddress()
// builds them; and iproute2's defaults for routes and rules.
import t from 'tap';
import { AttrStream, rt } from 'netlink';
import {
  addAddressRequest, computeBroadcast, deleteAddressRequest, describeAddress, effectivePreferredLft,
} from '../../src/net/netlink/address-attrs';
import { defaultRouteScope, describeRoute, routeRequest } from '../../src/net/netlink/route-attrs';
import { describeRule, ruleRequest } from '../../src/net/netlink/rule-attrs';
import { AddressSpec, FOREVER } from '../../src/net/netlink/types';

const IFA = { ADDRESS: 1, LOCAL: 2, LABEL: 3, BROADCAST: 4, CACHEINFO: 6, FLAGS: 8 };

/** The ifaddrmsg header and the attributes (type → payload) of an encoded address message. */
function encode(req: { data: rt.Address; attrs: rt.AddressAttrs }): { header: Buffer; attrs: Map<number, Buffer> } {
  const out = new AttrStream();
  rt.formatAddressMessage({ kind: 'address', ...req }, out);
  const buf = Buffer.concat(out.bufs);
  const attrs = new Map<number, Buffer>();
  for (let off = 8; off + 4 <= buf.length; ) {
    const len = buf.readUInt16LE(off);
    attrs.set(buf.readUInt16LE(off + 2), buf.subarray(off + 4, off + len));
    off += (len + 3) & ~3;
  }
  return { header: buf.subarray(0, 8), attrs };
}

const eth0 = { index: 3, ifname: 'eth0' };

t.test('IPv4 VIP: local = address, broadcast, label, scope; no flags, no cacheinfo', async (t) => {
  const spec: AddressSpec = { ...eth0, family: 4, address: '10.0.0.100', prefix: 24, label: 'eth0:1', broadcast: '10.0.0.255', scope: 253 };
  const { header, attrs } = encode(addAddressRequest(spec));
  t.same([...header.subarray(0, 4)], [2, 24, 0, 253], 'family AF_INET, prefix, no header flags, scope link');
  t.equal(header.readUInt32LE(4), 3, 'index');
  t.same([...(attrs.get(IFA.LOCAL) ?? [])], [10, 0, 0, 100], 'IFA_LOCAL');
  t.same([...(attrs.get(IFA.ADDRESS) ?? [])], [10, 0, 0, 100], 'IFA_ADDRESS = IFA_LOCAL');
  t.same([...(attrs.get(IFA.BROADCAST) ?? [])], [10, 0, 0, 255], 'IFA_BROADCAST');
  t.equal(attrs.get(IFA.LABEL)?.toString(), 'eth0:1\0', 'IFA_LABEL, NUL-terminated');
  t.notOk(attrs.has(IFA.FLAGS), 'no IFA_FLAGS (nodad is IPv6 only)');
  t.notOk(attrs.has(IFA.CACHEINFO), 'no IFA_CACHEINFO');
});

t.test('IPv4 with a peer: IFA_ADDRESS is the peer', async (t) => {
  const { attrs } = encode(addAddressRequest({ ...eth0, family: 4, address: '10.0.0.1', prefix: 32, peer: '10.0.0.2' }));
  t.same([...(attrs.get(IFA.LOCAL) ?? [])], [10, 0, 0, 1]);
  t.same([...(attrs.get(IFA.ADDRESS) ?? [])], [10, 0, 0, 2]);
});

t.test('IPv6 /128 VIP: nodad in IFA_FLAGS, preferred_lft 0, valid forever, no scope or label', async (t) => {
  const spec: AddressSpec = { ...eth0, family: 6, address: 'fd00::100', prefix: 128, label: 'ignored', scope: 200 };
  const { header, attrs } = encode(addAddressRequest(spec));
  t.same([...header.subarray(0, 4)], [10, 128, 0, 0], 'AF_INET6, /128, scope 0');
  t.equal(attrs.get(IFA.FLAGS)?.readUInt32LE(0), 0x02, 'IFA_F_NODAD');
  const ci = attrs.get(IFA.CACHEINFO);
  t.equal(ci?.readUInt32LE(0), 0, 'ifa_prefered 0');
  t.equal(ci?.readUInt32LE(4), FOREVER, 'ifa_valid forever');
  t.notOk(attrs.has(IFA.LABEL), 'no label for IPv6');
  t.equal(attrs.get(IFA.LOCAL)?.toString('hex'), 'fd000000000000000000000000000100');
});

t.test('IPv6 defaults and options', async (t) => {
  const net = encode(addAddressRequest({ ...eth0, family: 6, address: 'fd00::100', prefix: 64 }));
  t.notOk(net.attrs.has(IFA.CACHEINFO), '/64: preferred forever, no cacheinfo');
  t.equal(net.attrs.get(IFA.FLAGS)?.readUInt32LE(0), 0x02, '/64 still nodad');
  const opts = encode(addAddressRequest({
    ...eth0, family: 6, address: 'fd00::100', prefix: 128, nodad: false, preferredLft: 'forever', home: true, mngtmpaddr: true,
    noprefixroute: true, autojoin: true,
  }));
  t.equal(opts.attrs.get(IFA.FLAGS)?.readUInt32LE(0), 0x10 | 0x100 | 0x200 | 0x400, '-nodad; home, mngtmpaddr, noprefixroute, autojoin');
  t.notOk(opts.attrs.has(IFA.CACHEINFO), 'preferred_lft forever');
  const lft = encode(addAddressRequest({ ...eth0, family: 6, address: 'fd00::100', prefix: 64, preferredLft: 30 }));
  t.equal(lft.attrs.get(IFA.CACHEINFO)?.readUInt32LE(0), 30, 'preferred_lft 30');
  t.equal(effectivePreferredLft({ family: 4, prefix: 32 }), FOREVER, 'IPv4 /32 stays preferred');
});

t.test('deletes carry only the identity', async (t) => {
  const v4 = encode(deleteAddressRequest({ ...eth0, family: 4, address: '10.0.0.100', prefix: 24, label: 'eth0:1', broadcast: '10.0.0.255' }));
  t.same([...v4.attrs.keys()].sort(), [IFA.ADDRESS, IFA.LOCAL], 'IPv4: IFA_LOCAL and IFA_ADDRESS');
  t.equal(v4.header[1], 24, 'prefix');
  const v6 = encode(deleteAddressRequest({ ...eth0, family: 6, address: 'fd00::100', prefix: 128 }));
  t.same([...v6.attrs.keys()], [IFA.LOCAL], 'IPv6: IFA_LOCAL only');
});

t.test('malformed specs', async (t) => {
  t.throws(() => addAddressRequest({ ...eth0, family: 4, address: 'fd00::1', prefix: 24 }), TypeError, 'family mismatch');
  t.throws(() => addAddressRequest({ ...eth0, family: 4, address: '10.0.0.1', prefix: 33 }), TypeError, 'prefix');
  t.throws(() => addAddressRequest({ index: 0, family: 4, address: '10.0.0.1', prefix: 32 }), TypeError, 'index');
  t.throws(() => addAddressRequest({ ...eth0, family: 6, address: 'fd00::1', prefix: 64, broadcast: '10.0.0.255' }), TypeError, 'IPv6 brd');
});

t.test('brd + and brd -', async (t) => {
  t.equal(computeBroadcast('10.1.2.3', 24, '+'), '10.1.2.255');
  t.equal(computeBroadcast('10.1.2.3', 24, '-'), '10.1.2.0');
  t.equal(computeBroadcast('10.1.2.3', 20, '+'), '10.1.15.255');
  t.equal(computeBroadcast('10.1.2.3', 30, '+'), '10.1.2.3');
  t.equal(computeBroadcast('10.1.2.3', 0, '+'), '255.255.255.255');
  t.equal(computeBroadcast('10.1.2.3', 31, '+'), undefined, 'keepalived: prefix too long for broadcast');
  t.equal(describeAddress({ ...eth0, address: '10.1.2.3', prefix: 24 }), '10.1.2.3/24 dev eth0');
  t.equal(describeAddress({ index: 7, address: '10.1.2.3', prefix: 24 }), '10.1.2.3/24 dev #7');
});

t.test('routes: iproute2 defaults, keepalived protocol', async (t) => {
  const add = routeRequest({ family: 4, dst: '10.2.0.0', dstLen: 16, via: '10.0.0.1', index: 3, table: 100, metric: 5, src: '10.0.0.9' }, 'add');
  t.match(add.data, { family: 2, dstLen: 16, table: 100, protocol: 18, scope: 0, type: 1 }, 'header');
  t.match(add.attrs, { table: 100, oif: 3, priority: 5 }, 'attributes');
  t.same([...(add.attrs.gateway ?? [])], [10, 0, 0, 1], 'gateway');
  t.same([...(add.attrs.prefsrc ?? [])], [10, 0, 0, 9], 'prefsrc');
  t.equal(routeRequest({ family: 4, dstLen: 0, via: '10.0.0.1', table: 1000 }, 'add').data.table, 0, 'table > 255 only in RTA_TABLE');
  t.equal(routeRequest({ family: 4, dstLen: 0, via: '10.0.0.1' }, 'add').attrs.dst, undefined, 'default route: no RTA_DST');
  t.equal(defaultRouteScope({}), 253, 'gateway-less unicast: link');
  t.equal(defaultRouteScope({ via: '10.0.0.1' }), 0, 'via: universe');
  t.equal(defaultRouteScope({ type: 'local' }), 254, 'local: host');
  t.equal(defaultRouteScope({ type: 'blackhole' }), 0, 'blackhole: universe');
  const del = routeRequest({ family: 4, dst: '10.2.0.0', dstLen: 16, table: 100 }, 'delete');
  t.match(del.data, { scope: 255, type: 0, protocol: 18 }, 'delete: scope and type wildcards');
  t.equal(routeRequest({ family: 4, dst: '10.2.0.0', dstLen: 16, onlink: true, via: '10.9.9.9' }, 'add').data.flags?.__unknown, 4, 'onlink');
  t.throws(() => routeRequest({ family: 4, dstLen: 8 }, 'add'), TypeError, 'default with a length');
  t.equal(describeRoute({ family: 4, dst: '10.2.0.0', dstLen: 16, via: '10.0.0.1', type: 'unicast' }), '10.2.0.0/16 via 10.0.0.1 table 254');
  t.equal(describeRoute({ family: 4, dstLen: 0, type: 'blackhole', table: 9 }), 'blackhole default table 9');
});

t.test('rules: table lookup by default, keepalived protocol', async (t) => {
  const add = ruleRequest({ family: 4, from: '10.2.0.0', fromLen: 16, table: 100, priority: 50, fwmark: 3, iif: 'eth0', oif: 'lo' }, 'add');
  t.match(add.data, { family: 2, srcLen: 16, dstLen: 0, table: 100, action: 1 }, 'header');
  t.match(add.attrs, { table: 100, priority: 50, fwmark: 3, iifname: 'eth0', oifname: 'lo', protocol: 18 }, 'attributes');
  t.match(ruleRequest({ family: 4, priority: 9 }, 'add'), { data: { table: 254, action: 1 }, attrs: { table: 254 } }, 'no table: main');
  t.match(ruleRequest({ family: 6, to: 'fd00::1', table: 300 }, 'add'), { data: { dstLen: 128, table: 0 }, attrs: { table: 300 } },
    'host prefix by default; table > 255 only in FRA_TABLE');
  t.match(ruleRequest({ family: 4, priority: 9, action: 'goto', goto: 20 }, 'add'), { data: { action: 2 }, attrs: { goto: 20 } }, 'goto');
  const del = ruleRequest({ family: 4, priority: 9 }, 'delete');
  t.match(del, { data: { action: 0, table: 0 } }, 'delete: no action, no table (wildcards)');
  t.equal(del.attrs.table, undefined);
  t.match(ruleRequest({ family: 4, invert: true, priority: 1 }, 'add').data.flags, { invert: true }, 'not');
  t.throws(() => ruleRequest({ family: 4, action: 'goto' }, 'add'), TypeError, 'goto without target');
  t.equal(describeRule({ family: 4, from: '10.2.0.0', fromLen: 16, table: 100, priority: 50 }), 'from 10.2.0.0/16 lookup 100 pref 50');
});
