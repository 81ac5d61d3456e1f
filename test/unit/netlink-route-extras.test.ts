// The route and rule attributes the netlink package cannot encode for us (route-nexthops.ts, route-metrics.ts, the
// raw RTA_VIA / RTA_METRICS / RTA_MULTIPATH of route-attrs.ts) and the extra rule selectors (rule-attrs.ts), checked
// down to the bytes against the kernel's layouts (struct rtnexthop, struct rtvia, nested RTAX_*).
import t from 'tap';
import { rt } from 'netlink';
import { routeRequest } from '../../src/net/netlink/route-attrs';
import { metricsAttr } from '../../src/net/netlink/route-metrics';
import { multipathAttr, viaAttr } from '../../src/net/netlink/route-nexthops';
import { ruleRequest } from '../../src/net/netlink/rule-attrs';
import { routeMatches, ruleMatches } from '../../src/net/netlink/match-kernel';

const attrsOf = (a: rt.RouteAttrs): Array<[number, Buffer]> => (a as { __unparsed?: Array<[number, Buffer]> }).__unparsed ?? [];

t.test('RTA_VIA: family then address', async (t) => {
  t.same([...viaAttr('fd00::1', 6)], [10, 0, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const r = routeRequest({ family: 4, dst: '10.1.0.0', dstLen: 16, via: 'fd00::1', viaFamily: 6, index: 2 }, 'add');
  t.equal(r.attrs.gateway, undefined, 'no RTA_GATEWAY for a gateway of the other family');
  t.same(attrsOf(r.attrs).map(([n]) => n), [18], 'RTA_VIA instead');
  t.equal(r.data.scope, 0, 'a gateway route defaults to scope universe');
});

t.test('RTA_MULTIPATH: one rtnexthop per path, weight-1 in rtnh_hops', async (t) => {
  const b = multipathAttr([{ via: '10.0.0.1', index: 3, weight: 2 }, { via: '10.0.0.2', index: 4, onlink: true }], 4);
  t.equal(b.length, 2 * (8 + 8), 'each: 8-byte header + an 8-byte RTA_GATEWAY');
  t.equal(b.readUInt16LE(0), 16, 'rtnh_len');
  t.equal(b[3], 1, 'weight 2 → hops 1');
  t.equal(b.readUInt32LE(4), 3, 'ifindex');
  t.same([...b.subarray(8, 16)], [8, 0, 5, 0, 10, 0, 0, 1], 'RTA_GATEWAY 10.0.0.1');
  t.equal(b[16 + 2], 4, 'RTNH_F_ONLINK');
  t.equal(b[16 + 3], 0, 'default weight 1');
  t.throws(() => multipathAttr([{ weight: 257 }], 4), TypeError, 'weight above 256');
  const r = routeRequest({ family: 4, dst: '10.1.0.0', dstLen: 16, nexthops: [{ via: '10.0.0.1' }] }, 'add');
  t.equal(r.data.scope, 0, 'a multipath route defaults to scope universe');
});

t.test('RTA_METRICS: RTAX_LOCK, u32 metrics, features and the congestion control name', async (t) => {
  const b = metricsAttr({ mtu: 1400, advmss: 1360, featuresEcn: true, congctl: 'cubic', locked: ['mtu'] });
  const seen: Array<[number, Buffer]> = [];
  for (let o = 0; o < b.length;) {
    const len = b.readUInt16LE(o);
    seen.push([b.readUInt16LE(o + 2), b.subarray(o + 4, o + len)]);
    o += (len + 3) & ~3;
  }
  t.same(seen.map(([n]) => n), [1, 2, 8, 12, 16], 'lock, mtu, advmss, features, cc_algo');
  t.equal(seen[0][1].readUInt32LE(0), 1 << 2, 'mtu locked');
  t.equal(seen[1][1].readUInt32LE(0), 1400);
  t.equal(seen[3][1].readUInt32LE(0), 1, 'RTAX_FEATURE_ECN');
  t.equal(seen[4][1].toString(), 'cubic\0');
  t.equal(metricsAttr({}).length, 0, 'nothing when no metric is set');
});

t.test('rule selectors', async (t) => {
  const r = ruleRequest({
    family: 4, priority: 10, table: 5, realms: 0x30004, suppressPrefixlength: 0, suppressIfgroup: 7, tunnelId: '42',
    uidrange: { start: 1000, end: 2000 }, l3mdev: true, ipproto: 6, sport: { start: 1, end: 2 }, dport: { start: 80, end: 80 },
  }, 'add');
  t.equal(r.attrs.flow, 0x30004, 'realms in FRA_FLOW');
  t.equal(r.attrs.suppressPrefixlen?.readUInt32LE(0), 0);
  t.equal(r.attrs.suppressIfgroup?.readUInt32LE(0), 7);
  t.equal(r.attrs.tunId?.readBigUInt64BE(0), 42n, 'FRA_TUN_ID big-endian');
  t.same(r.attrs.uidRange, { start: 1000, end: 2000 });
  t.equal(r.attrs.l3Mdev, 1);
  t.equal(r.attrs.ipProto, 6);
  t.same(r.attrs.dportRange, { start: 80, end: 80 });
});

t.test('is a deleted route or rule ours (keepalived\'s identity, not full equality)', async (t) => {
  const spec = { family: 4 as const, dst: '10.1.0.0', dstLen: 16, index: 3, table: 100, metric: 5 };
  const k = { family: 4 as const, dst: '10.1.0.0', dstLen: 16, index: 3, table: 100, metric: 5, scope: 0, type: 'unicast' as const, protocol: 18, tos: 0 };
  t.ok(routeMatches(k, spec));
  t.notOk(routeMatches({ ...k, index: 4 }, spec), 'another interface');
  t.notOk(routeMatches({ ...k, metric: undefined }, spec), 'another metric');
  t.ok(routeMatches({ ...k, index: 9 }, { ...spec, index: undefined }), 'no configured interface: any');
  const rule = { family: 4 as const, priority: 100, from: '10.0.0.0', fromLen: 8, table: 5 };
  const kr = { family: 4 as const, priority: 100, from: '10.0.0.0', fromLen: 8, toLen: 0, table: 5, tos: 0, action: 'table' as const, invert: false, protocol: 18 };
  t.ok(ruleMatches(kr, rule));
  t.notOk(ruleMatches({ ...kr, priority: 101 }, rule), 'another priority');
  t.notOk(ruleMatches({ ...kr, invert: true }, rule), 'inverted');
  t.ok(ruleMatches({ ...kr, fwmark: 7, fwmask: 0xffffffff }, { ...rule, fwmark: 7 }), 'fwmark without a mask: the kernel reports all ones');
});
