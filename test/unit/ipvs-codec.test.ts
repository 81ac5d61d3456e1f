// The generic-netlink attribute codec and the IPVS message layer, without a kernel: layouts the kernel accepts
// (padding, nesting, big-endian ports, network-order IPv4 netmask, host-order struct ip_vs_flags), round trips
// from request layout to decoded reply, and bad input: a malformed value is a TypeError before anything is sent,
// a malformed reply decodes to undefined or a flagged stream — never a throw.
import t from 'tap';
import { endianness } from 'node:os';
import { AttrMap, attr, be16, decodeAttrs, nest, NLA_F_NESTED, str, u16, u32, u8 } from '../../src/ipvs/nlattr';
import {
  daemonNest, decodeDaemon, decodeDest, decodeService, destNest, serviceKeyNest, serviceNest,
} from '../../src/ipvs/messages';
import { CmdAttr, SvcAttr } from '../../src/ipvs/ip-vs-abi';
import type { IpvsDest, IpvsService } from '../../src/ipvs/types';
import { mulberry32, randomBytesFrom } from '../helpers/prng';

const LE = endianness() === 'LE';

t.test('attributes: header, padding to 4, nesting flag', async (t) => {
  const a = attr(3, Buffer.from([1, 2, 3, 4, 5]));
  t.equal(a.length, 12, '4 header + 5 payload, padded to 12');
  t.equal(LE ? a.readUInt16LE(0) : a.readUInt16BE(0), 9, 'length excludes the padding');
  t.same([...a.subarray(9)], [0, 0, 0], 'zero padding');
  const n = nest(1, [u16(1, 2), be16(4, 80)]);
  const type = LE ? n.readUInt16LE(2) : n.readUInt16BE(2);
  t.equal(type, 1 | NLA_F_NESTED, 'NLA_F_NESTED set');
  const m = new AttrMap(n).nested(1);
  t.equal(m?.u16(1), 2);
  t.equal(m?.be16(4), 80);
  t.same([...be16(4, 0x1f90).subarray(4, 6)], [0x1f, 0x90], 'be16 is big-endian');
  t.equal(new AttrMap(str(6, 'wlc')).str(6), 'wlc', 'string without its NUL');
  t.equal(new AttrMap(u8(8, 300)).u8(8), 44, 'u8 keeps the low byte');
  t.equal(new AttrMap(u32(8, 0xffffffff)).u32(8), 0xffffffff);
});

t.test('attribute streams: malformed input is flagged, never thrown', async (t) => {
  const good = Buffer.concat([u32(1, 5), u16(2, 7)]);
  t.same(decodeAttrs(good).attrs.map((a) => a.type), [1, 2]);
  t.notOk(decodeAttrs(good).malformed);
  const overlong = Buffer.from(good);
  overlong.writeUInt16LE(200, 0);
  t.ok(decodeAttrs(overlong).malformed, 'length past the end');
  const tiny = Buffer.from(good);
  tiny.writeUInt16LE(2, 0);
  t.ok(decodeAttrs(tiny).malformed, 'length below the header');
  t.ok(decodeAttrs(Buffer.concat([good, Buffer.from([1, 2])])).malformed, 'trailing bytes');
  const unpadded = good.subarray(0, good.length - 2);
  t.notOk(decodeAttrs(unpadded).malformed, 'a last attribute without its padding is fine');
  const m = new AttrMap(u16(1, 9));
  t.equal(m.u32(1), undefined, 'u32 of a 2-byte payload');
  t.equal(m.u64(1), undefined);
  t.equal(m.nested(5), undefined);
});

const service: IpvsService = {
  family: 'inet', fwmark: 0, protocol: 'UDP', address: '10.1.2.3', port: 5060, scheduler: 'sh', flags: 0x1 | 0x8,
  timeout: 300, netmask: 0xffffff00, peName: 'sip',
};
const dest: IpvsDest = {
  family: 'inet6', address: 'fd00::5', port: 6000, forward: 'tunnel', weight: 7, upperThreshold: 100, lowerThreshold: 10,
  tunnelType: 'gue', tunnelPort: 6080, tunnelChecksum: 'remcsum',
};

t.test('service: request layout decodes back to the same service', async (t) => {
  const nested = serviceNest(service);
  const s = new AttrMap(nested).nested(CmdAttr.SERVICE);
  t.same([...(s?.raw(SvcAttr.PORT) ?? [])], [0x13, 0xc4], 'port big-endian');
  t.same([...(s?.raw(SvcAttr.NETMASK) ?? [])], [255, 255, 255, 0], 'IPv4 netmask in network order');
  t.equal(s?.raw(SvcAttr.ADDR)?.length, 16, 'address in 16 bytes');
  t.equal(s?.raw(SvcAttr.FLAGS)?.length, 8, 'struct ip_vs_flags');
  t.match(decodeService(nested), { ...service, stats: undefined });
  const six: IpvsService = { ...service, family: 'inet6', address: 'fd00:0::1', netmask: 64, peName: '' };
  t.match(decodeService(serviceNest(six)), { ...six, address: 'fd00::1' }, 'IPv6 address canonical, prefix as is');
  const fwm: IpvsService = { ...service, fwmark: 9, protocol: undefined, address: '', port: 0, peName: '' };
  t.match(decodeService(serviceNest(fwm)), { fwmark: 9, protocol: undefined, address: '', port: 0 });
  t.equal(new AttrMap(serviceKeyNest(fwm)).nested(CmdAttr.SERVICE)?.has(SvcAttr.PROTOCOL), false, 'fwmark key: no protocol');
  // The kernel reports its HASHED bit (0x2); it is not a setting.
  const hashed = serviceNest({ ...service, flags: service.flags | 0x2 });
  t.equal(decodeService(hashed)?.flags, service.flags, 'HASHED dropped');
});

t.test('destination and sync daemon round trips', async (t) => {
  t.match(decodeDest(destNest(dest), 'inet'), { ...dest, activeConns: 0, inactiveConns: 0, persistentConns: 0 });
  const masq: IpvsDest = { ...dest, family: 'inet', address: '10.0.0.9', forward: 'masq', tunnelType: 'ipip', tunnelPort: 0, tunnelChecksum: 'nocsum' };
  t.match(decodeDest(destNest(masq), 'inet'), masq, 'no tunnel attributes for masq, defaults read back');
  const d = { state: 'backup' as const, interface: 'eth1', syncId: 9, maxLen: 1400, mcastGroup: 'ff02::1:2', mcastPort: 8849, mcastTtl: 3 };
  t.same(decodeDaemon(daemonNest(d)), d);
});

t.test('bad values are TypeErrors before anything is sent', async (t) => {
  t.throws(() => serviceNest({ ...service, address: 'fd00::1' }), TypeError, 'IPv6 text in an IPv4 service');
  t.throws(() => serviceNest({ ...service, address: 'nope' }), TypeError);
  t.throws(() => serviceNest({ ...service, port: 70000 }), TypeError);
  t.throws(() => serviceNest({ ...service, scheduler: '' }), TypeError);
  t.throws(() => serviceNest({ ...service, scheduler: 'a-very-long-scheduler-name' }), TypeError);
  t.throws(() => serviceNest({ ...service, family: 'inet6', address: 'fd00::1', netmask: 129 }), TypeError);
  t.throws(() => serviceNest({ ...service, protocol: 'ICMP' as never }), TypeError);
  t.throws(() => destNest({ ...dest, weight: -1 }), TypeError);
  t.throws(() => destNest({ ...dest, weight: 2 ** 31 }), TypeError);
  t.throws(() => destNest({ ...dest, forward: 'teleport' as never }), TypeError);
  t.throws(() => destNest({ ...dest, forward: 'toString' as never }), TypeError, 'not fooled by Object.prototype');
  t.throws(() => serviceNest({ ...service, protocol: 'constructor' as never }), TypeError);
  t.throws(() => serviceNest({ ...service, fwmark: 1.5 }), TypeError);
  t.throws(() => daemonNest({ state: 'master', interface: 'a/b', syncId: 0, maxLen: 0, mcastGroup: '', mcastPort: 0, mcastTtl: 0 }), TypeError);
});

t.test('random replies never throw', async (t) => {
  const rnd = mulberry32(42);
  let decoded = 0;
  for (let i = 0; i < 5000; i++) {
    const junk = randomBytesFrom(rnd, Math.floor(rnd() * 80));
    // Half the time, wrap the junk in a plausible nest so the inner decoders run too.
    const payload = rnd() < 0.5 ? junk : Buffer.concat([attr((1 + Math.floor(rnd() * 3)) | NLA_F_NESTED, junk)]);
    if (decodeService(payload)) decoded++;
    decodeDest(payload, 'inet');
    decodeDaemon(payload);
  }
  t.pass(`5000 random replies decoded without a throw (${decoded} read as a service)`);
});
