// The in-memory PacketIO: nodes on a FakeSegment exchange the bytes the real endpoints build (wasm templates), the
// shared demultiplexer picks the instance by VRID / source / group, the wasm decoder validates (or, in plain mode,
// the sender's fields are handed over), and virtual time controls delivery.
import t from 'tap';
import { AdvertV4, AUTH_AH, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';
import { M } from '../../src/core/wasm/module';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import {
  EndpointHandlers, EndpointSpec, FakePacketIO, FakeSegment, FakeSegmentOptions, RxAdvert,
} from '../../src/net/packet-io';
import { DropReason } from '../../src/vrrp/drop-reason';

interface Got {
  vrid: number;
  priority: number;
  ttl: number;
  src: string;
  dst: string;
  version: number;
  naddr: number;
  addrs: string[];
  intervalUs: number;
  ahSeq: number;
}

/** Handlers that copy what arrives (the RxAdvert is reused). */
function recorder(): EndpointHandlers & { got: Got[]; drops: DropReason[] } {
  const got: Got[] = [];
  const drops: DropReason[] = [];
  return {
    got,
    drops,
    onAdvert(a: RxAdvert) {
      got.push({
        vrid: a.vrid, priority: a.priority, ttl: a.ttl, src: a.sourceText(), dst: a.destinationText(), version: a.version,
        naddr: a.naddr, addrs: Array.from({ length: a.naddr }, (_, i) => a.addrText(i)), intervalUs: a.advertIntervalUs,
        ahSeq: a.ahSeq,
      });
    },
    onDrop(reason) {
      drops.push(reason);
    },
  };
}

function spec(over: Partial<EndpointSpec> = {}): EndpointSpec {
  return {
    name: 'VI_1', ifname: 'eth0', family: 4, version: 2, vrid: 51, priority: 100, vips: ['10.9.0.100'],
    wireInterval: 1, authType: AUTH_PASS, authPass: 'secret', ...over,
  };
}

function pair(options: FakeSegmentOptions = {}): { seg: FakeSegment; a: FakePacketIO; b: FakePacketIO; c: FakePacketIO } {
  const seg = new FakeSegment(options);
  const a = new FakePacketIO('A');
  const b = new FakePacketIO('B');
  const c = new FakePacketIO('C');
  a.attach(seg, { ipv4: ['10.9.0.1'], ipv6: ['fd00:9::1'], linkLocal: 'fe80::a' });
  b.attach(seg, { ipv4: ['10.9.0.2'], ipv6: ['fd00:9::2'], linkLocal: 'fe80::b' });
  c.attach(seg, { ipv4: ['10.9.0.3'], ipv6: ['fd00:9::3'], linkLocal: 'fe80::c' });
  return { seg, a, b, c };
}

for (const decode of [true, false]) {
  t.test(`v2 PASS multicast between two nodes (${decode ? 'wasm decode' : 'plain'})`, async (t) => {
    const { seg, a, b } = pair({ decode });
    const ra = recorder();
    const rb = recorder();
    const ea = a.openChannel('eth0', 4).register(spec(), ra);
    b.openChannel('eth0', 4).register(spec(), rb);
    t.equal(ea.sendAdvert(200), 1, 'one copy handed over');
    t.equal(rb.got.length, 0, 'nothing before the segment delivers');
    t.equal(seg.flush(), 1, 'one copy delivered (not back to the sender: multicast loop is off)');
    t.same(rb.got, [{
      vrid: 51, priority: 200, ttl: 255, src: '10.9.0.1', dst: '224.0.0.18', version: 2, naddr: 1, addrs: ['10.9.0.100'],
      intervalUs: 1_000_000, ahSeq: 0,
    }]);
    t.equal(ra.got.length, 0, 'A hears nothing of its own');
    t.equal(ea.counters.sent, 1, 'A counted the send');
  });
}

t.test('the delay is virtual time the test advances', async (t) => {
  const { seg, a, b } = pair({ delay: 5 });
  const rb = recorder();
  const ea = a.openChannel('eth0', 4).register(spec(), recorder());
  b.openChannel('eth0', 4).register(spec(), rb);
  ea.sendAdvert(150);
  t.equal(seg.advance(4), 0, 'not yet at t=4');
  t.equal(seg.advance(1), 1, 'delivered at t=5');
  t.equal(rb.got[0]?.priority, 150);
  seg.delay = () => null;
  ea.sendAdvert(150);
  t.equal(seg.flush(), 0, 'a delay of null loses the copy');
});

t.test('IP ID advances per advert, and the bytes are the codec template', async (t) => {
  const { seg, a, b } = pair();
  const ea = a.openChannel('eth0', 4).register(spec(), recorder());
  b.openChannel('eth0', 4).register(spec(), recorder());
  ea.sendAdvert(100);
  ea.sendAdvert(100);
  const ids = seg.sent.map((f) => f.bytes.readUInt16BE(4));
  t.same(ids, [1, 2], 'IDs 1, 2 (keepalived starts at 1)');
  const ref = new AdvertV4({
    version: 2, vrid: 51, priority: 100, addrs: [ipv4ToNumber('10.9.0.100')], authType: AUTH_PASS, authPass: 'secret',
    interval: 1, src: ipv4ToNumber('10.9.0.1'), dst: ipv4ToNumber('224.0.0.18'), ipId: 2,
  });
  t.same(seg.sent[1].bytes, Buffer.from(ref.view), 'identical to an AdvertV4 built for the same fields');
  t.equal(seg.sent[1].bytes[1], 0xc0, 'TOS 0xC0');
  t.equal(seg.sent[1].bytes[8], 255, 'TTL 255');
  t.equal(seg.sent[1].bytes[6] & 0x40, 0, 'no DF');
});

t.test('unicast: one copy per peer, destination patched, only peers receive', async (t) => {
  const { seg, a, b, c } = pair();
  const rb = recorder();
  const rc = recorder();
  const ea = a.openChannel('eth0', 4).register(spec({ version: 3, wireInterval: 100, authType: 0, unicastPeers: ['10.9.0.2', '10.9.0.3'], unicastTtl: 64 }), recorder());
  b.openChannel('eth0', 4).register(spec({ version: 3, wireInterval: 100, authType: 0, unicastPeers: ['10.9.0.1'] }), rb);
  c.openChannel('eth0', 4).register(spec({ version: 3, wireInterval: 100, authType: 0, unicastPeers: ['10.9.0.1'] }), rc);
  t.equal(ea.sendAdvert(120), 2, 'two copies');
  t.equal(ea.sendAdvert(121), 2, 'two copies again (template re-targeted to the first peer)');
  seg.flush();
  t.same(seg.sent.map((f) => [f.bytes.readUInt32BE(16), f.bytes[8]]), [
    [ipv4ToNumber('10.9.0.2'), 64], [ipv4ToNumber('10.9.0.3'), 64], [ipv4ToNumber('10.9.0.2'), 64], [ipv4ToNumber('10.9.0.3'), 64],
  ], 'destinations patched per peer, TTL = unicast_ttl');
  t.same(rb.got.map((g) => [g.priority, g.dst, g.ttl]), [[120, '10.9.0.2', 64], [121, '10.9.0.2', 64]], 'B got its copies (checksum valid for its address)');
  t.same(rc.got.map((g) => [g.priority, g.dst]), [[120, '10.9.0.3'], [121, '10.9.0.3']], 'C got its copies');
  t.same(rb.drops, [], 'no drops (TTL is not checked in unicast mode)');
});

t.test('IPv6 v3 multicast: link-local source, hop limit 255; unicast hop limit defaults to the kernel\'s', async (t) => {
  const { seg, a, b } = pair();
  const rb = recorder();
  const s6 = { family: 6 as const, version: 3 as const, vrid: 52, wireInterval: 100, vips: ['fd00:9::100'], authType: 0 as const };
  const ea = a.openChannel('eth0', 6).register(spec(s6), recorder());
  b.openChannel('eth0', 6).register(spec(s6), rb);
  ea.sendAdvert(180);
  seg.flush();
  t.same(rb.got, [{
    vrid: 52, priority: 180, ttl: 255, src: 'fe80::a', dst: 'ff02::12', version: 3, naddr: 1, addrs: ['fd00:9::100'],
    intervalUs: 1_000_000, ahSeq: 0,
  }]);
  const eu = a.openChannel('eth0', 6).register(spec({ ...s6, name: 'VI_U', vrid: 53, unicastPeers: ['fd00:9::2'], srcIp: 'fd00:9::1' }), recorder());
  const ru = recorder();
  b.openChannel('eth0', 6).register(spec({ ...s6, name: 'VI_U', vrid: 53, unicastPeers: ['fd00:9::1'] }), ru);
  eu.sendAdvert(90);
  seg.flush();
  t.same(ru.got.map((g) => [g.src, g.dst, g.ttl]), [['fd00:9::1', 'fd00:9::2', 64]], 'unicast_src_ip source, hop limit 64 without unicast_ttl');
});

t.test('demultiplexing: unknown VRIDs, duplicate VRIDs, shared VRID told apart by source', async (t) => {
  const { seg, a, b, c } = pair();
  const chB = b.openChannel('eth0', 4);
  const unicastFromA = recorder();
  const unicastFromC = recorder();
  chB.register(spec({ name: 'VI_A', vrid: 60, unicastPeers: ['10.9.0.1'] }), unicastFromA);
  chB.register(spec({ name: 'VI_C', vrid: 60, unicastPeers: ['10.9.0.3'] }), unicastFromC);
  t.throws(() => chB.register(spec({ name: 'VI_X', vrid: 60, unicastPeers: ['10.9.0.3'] }), recorder()),
    /\(VI_X\) VRID 60 is already used by \(VI_C\)/, 'overlapping peers on one VRID are refused');
  chB.register(spec({ name: 'VI_M', vrid: 61 }), recorder());
  t.throws(() => chB.register(spec({ name: 'VI_N', vrid: 61 }), recorder()), /VRID 61 is already used by \(VI_M\)/);
  a.openChannel('eth0', 4).register(spec({ name: 'VI_A', vrid: 60, unicastPeers: ['10.9.0.2'] }), recorder()).sendAdvert(110);
  c.openChannel('eth0', 4).register(spec({ name: 'VI_C', vrid: 60, unicastPeers: ['10.9.0.2'] }), recorder()).sendAdvert(130);
  a.openChannel('eth0', 4).register(spec({ name: 'VI_Z', vrid: 99 }), recorder()).sendAdvert(100);
  seg.flush();
  t.same(unicastFromA.got.map((g) => [g.src, g.priority]), [['10.9.0.1', 110]], 'A\'s advert went to the instance peering with A');
  t.same(unicastFromC.got.map((g) => [g.src, g.priority]), [['10.9.0.3', 130]], 'C\'s advert went to the instance peering with C');
  t.equal(chB.counters.unknownVrid, 1, 'the advert for VRID 99 (no instance on B) is counted on the channel');
});

t.test('malformed packets are dropped and counted per reason, never thrown', async (t) => {
  const { b } = pair();
  const rb = recorder();
  const ch = b.openChannel('eth0', 4);
  const ep = ch.register(spec(), rb);
  const good = (over: Partial<ConstructorParameters<typeof AdvertV4>[0]> = {}): Buffer => Buffer.from(new AdvertV4({
    version: 2, vrid: 51, priority: 200, addrs: [ipv4ToNumber('10.9.0.100')], authType: AUTH_PASS, authPass: 'secret',
    interval: 1, src: ipv4ToNumber('10.9.0.1'), dst: ipv4ToNumber('224.0.0.18'), ...over,
  }).view);
  const cases: Array<[string, Buffer, DropReason]> = [];
  cases.push(['TTL 254', good({ ttl: 254 }), DropReason.Ttl]);
  cases.push(['wrong password', good({ authPass: 'wrong' }), DropReason.AuthPass]);
  const badSum = good();
  badSum[27] ^= 0xff;
  cases.push(['bad checksum', badSum, DropReason.Checksum]);
  cases.push(['interval 2 s', good({ interval: 2 }), DropReason.AdvertInterval]);
  cases.push(['short', good().subarray(0, 30), DropReason.TooShort]);
  for (const [what, bytes] of cases) t.doesNotThrow(() => b.inject('eth0', 4, bytes), what);
  b.inject('eth0', 4, Buffer.from([0x45, 0, 0, 20]));
  b.inject('eth0', 4, good({ vrid: 77 }));
  // keepalived reads AH on a socket of its own: an AH advert never reaches a PASS instance.
  b.inject('eth0', 4, good({ authType: AUTH_AH }));
  t.same(rb.drops, cases.map((c) => c[2]), 'onDrop saw every reason in order');
  t.same(ep.counters.reasons(), {
    Ttl: 1, AuthPass: 1, Checksum: 1, AdvertInterval: 1, TooShort: 1,
  }, 'counted per reason');
  t.equal(ep.counters.keepalived('ip_ttl_err'), 1, 'ip_ttl_err');
  t.equal(ep.counters.keepalived('auth_failure'), 1, 'auth_failure');
  t.equal(ep.counters.keepalived('packet_len_err'), 1, 'packet_len_err');
  t.equal(ep.counters.keepalived('authtype_mismatch'), 0, 'authtype_mismatch: the AH advert never reached it');
  t.equal(ep.counters.keepalived('advert_interval_err'), 0, 'advert_interval_err: 2.2.7 never counts it');
  t.equal(ch.counters.unattributedTotal(), 1, 'a packet too short to carry a VRRP header is counted on the channel');
  t.equal(ch.counters.unknownVrid, 1, 'the unknown VRID is counted on the channel');
  t.equal(ch.counters.otherSocket, 1, 'the AH advert is counted on the channel as for another socket');
  t.equal(ep.counters.accepted, 0, 'nothing accepted');
  b.inject('eth0', 4, good());
  t.equal(ep.counters.accepted, 1, 'a good one still goes through');
});

t.test('AH: sequence per advert, replay check when the daemon asks for it', async (t) => {
  const { seg, a, b } = pair();
  const rb = recorder();
  const ah = { authType: AUTH_AH, authPass: 'secret' } as const;
  const ea = a.openChannel('eth0', 4).register(spec(ah), recorder());
  const eb = b.openChannel('eth0', 4).register(spec(ah), rb);
  ea.sendAdvert(200);
  ea.sendAdvert(200);
  ea.sendAdvert(200, 10);
  seg.flush();
  t.same(rb.got.map((g) => g.ahSeq), [1, 2, 10], 'sequence 1, 2, then the one imposed');
  eb.expectation.mode |= M.AH_SEQ;
  eb.expectation.lastSeq = 10;
  b.inject('eth0', 4, seg.sent[2].bytes);
  t.same(rb.drops, [DropReason.AhSeq], 'a replayed sequence is dropped');
});

t.test('send failures are counted: congestion dropped silently, other errors reported', async (t) => {
  const { a } = pair();
  const errors: string[] = [];
  const ea = a.openChannel('eth0', 4).register(spec(), { onAdvert() {}, onSendError: (e) => errors.push(String(e.code)) });
  a.sendFault = () => 'ENOBUFS';
  t.equal(ea.sendAdvert(100), 0, 'nothing handed over');
  a.sendFault = () => 'ENETDOWN';
  ea.sendAdvert(100);
  a.sendFault = undefined;
  ea.sendAdvert(100);
  t.same([ea.counters.sendCongested, ea.counters.sendErrors, ea.counters.sent, ea.counters.lastSendError], [1, 1, 1, 'ENETDOWN']);
  t.same(errors, ['ENETDOWN'], 'onSendError only for the real error');
});

t.test('a throwing handler is counted and reported; the next packet is still delivered', async (t) => {
  const seg = new FakeSegment();
  const reported: unknown[] = [];
  const a = new FakePacketIO('A');
  const b = new FakePacketIO('B', { onHandlerError: (e) => reported.push(e) });
  a.attach(seg, { ipv4: ['10.9.0.1'] });
  b.attach(seg, { ipv4: ['10.9.0.2'] });
  let calls = 0;
  const ea = a.openChannel('eth0', 4).register(spec(), recorder());
  const ch = b.openChannel('eth0', 4);
  ch.register(spec(), { onAdvert() { calls++; if (calls === 1) throw new Error('boom'); } });
  ea.sendAdvert(100);
  ea.sendAdvert(100);
  seg.flush();
  t.equal(calls, 2, 'both adverts reached the handler');
  t.equal(ch.counters.handlerErrors, 1);
  t.match(reported, [{ message: 'boom' }]);
});

t.test('groups are joined per first user and left with the last; closed endpoints get nothing', async (t) => {
  const { seg, a, b } = pair();
  const ch = b.openChannel('eth0', 4);
  const r1 = recorder();
  const e1 = ch.register(spec({ name: 'VI_1', vrid: 1 }), r1);
  const e2 = ch.register(spec({ name: 'VI_2', vrid: 2 }), recorder());
  const e3 = ch.register(spec({ name: 'VI_3', vrid: 3, mcastGroup: '224.0.0.19' }), recorder());
  t.same(ch.joinedGroups().sort(), ['224.0.0.18', '224.0.0.19']);
  e3.close();
  e2.close();
  t.same(ch.joinedGroups(), ['224.0.0.18'], 'still joined for VI_1');
  a.openChannel('eth0', 4).register(spec({ vrid: 1 }), recorder()).sendAdvert(100);
  seg.flush();
  t.equal(r1.got.length, 1);
  e1.close();
  e1.close();
  t.same(ch.joinedGroups(), [], 'left with the last');
  t.equal(ch.endpointCount, 0);
  t.equal(e1.sendAdvert(100), 0, 'a closed endpoint sends nothing');
});

t.test('source address: configured, else primary IPv4 / link-local; a clear error without one', async (t) => {
  const seg = new FakeSegment();
  const io = new FakePacketIO('N');
  io.attach(seg, { ipv4: [] });
  t.throws(() => io.openChannel('eth0', 4).register(spec(), recorder()), /\(VI_1\) eth0 has no IPv4 address to send adverts from/);
  t.throws(() => io.openChannel('eth0', 6).register(spec({ family: 6, version: 3, authType: 0, vips: ['fd00::1'] }), recorder()),
    /no link-local IPv6 address/);
  t.throws(() => io.openChannel('eth1', 4), { code: 'ENODEV' });
  const ep = io.openChannel('eth0', 4).register(spec({ srcIp: '10.9.9.9' }), recorder());
  ep.sendAdvert(100);
  t.same([...seg.sent[0].bytes.subarray(12, 16)], [10, 9, 9, 9], 'mcast_src_ip in the header');
  t.throws(() => io.openChannel('eth0', 4).register(spec({ name: 'VI_B', vrid: 9, srcIp: '10.9.9.9', vips: ['fd00::1'] }), recorder()), /not an IPv4 address/);
  t.throws(() => io.openChannel('eth0', 4).register(spec({ name: 'VI_C', vrid: 8, family: 6 }), recorder()), /is for eth0 IPv6, not eth0 IPv4/);
});

t.test('GARP / NA bursts are recorded on the segment', async (t) => {
  const { seg, a } = pair();
  t.equal(a.neighbours('eth0').sendGarp('10.9.0.100', 5), 5);
  a.neighbours('eth0').sendUnsolicitedNa('fd00:9::100', 2);
  t.same(seg.neighbourBursts.map((b) => [b.kind, b.vip, b.count]), [['garp', '10.9.0.100', 5], ['na', 'fd00:9::100', 2]]);
});

t.test('RxAdvert.sourceText is cached while the source stays the same', async (t) => {
  const rx = new RxAdvert();
  rx.src.set([10, 0, 0, 1]);
  const first = rx.sourceText();
  t.equal(first, '10.0.0.1');
  t.equal(rx.sourceText(), first);
  rx.src[3] = 2;
  t.equal(rx.sourceText(), '10.0.0.2');
});
