// Negative tests: for every DropReason, packets that start from a good captured advert (or an AdvertV4/AdvertV6
// build) and change one thing, re-sealing whatever else that change would break (VRRP checksum, IP header checksum,
// AH ICV) so that only the check under test can fire. Also the order subtleties of keepalived's vrrp_check_packet
// (reference §4.3) and the conditions that only set a flag instead of dropping.
import t, { Test } from 'tap';
import { createHmac } from 'node:crypto';
import { DropReason } from '../../src/vrrp/drop-reason';
import { keySlots } from '../../src/core/wasm/key-slots';
import { M } from '../../src/core/wasm/module';
import {
  AdvertV4, AdvertV6, AUTH_AH, AUTH_NONE, AUTH_PASS, decoded, decodeV4, decodeV6, Expectation, NO_EXPECTATION,
} from '../../src/core/wasm/vrrp-codec';
import { authData } from '../helpers/keepalived-conf';
import { expectationFor, fixIpHeaderChecksum, inetChecksumJs, ip4, ip6, loadCapture, MCAST_V4 } from './fixtures/captures';

const v2pass = loadCapture('v2pass');
const v2ah = loadCapture('v2ah');
const v3v4 = loadCapture('v3v4');
const v3v6 = loadCapture('v3v6');
const v3uni = loadCapture('v3uni');
const v2uniah = loadCapture('v2uniah');

const ALL_DROPS = Object.values(DropReason).filter((v): v is DropReason => typeof v === 'number' && v !== DropReason.Ok);
const covered = new Set<DropReason>();

/** A fresh copy of a captured IPv4 advert. */
const pkt = (ip: Buffer) => Buffer.from(ip);
const PASS = v2pass.vrrp4[0].ip; // 44 bytes: IP 20 + VRRP 8 + 2 VIPs + 8 auth
const AH = v2ah.vrrp4[0].ip; // 64 bytes: IP 20 + AH 24 + VRRP 8 + 1 VIP + 8 auth
const V3 = v3v4.vrrp4[0].ip; // 36 bytes: IP 20 + VRRP 8 + 2 VIPs
const UNI = v3uni.vrrp4[0].ip; // 32 bytes: IP 20 + VRRP 8 + 1 VIP
const V6 = v3v6.vrrp6[0];

const ePass = (over: Partial<Expectation> = {}) => expectationFor(v2pass.conf, over);
const eAh = (over: Partial<Expectation> = {}) => expectationFor(v2ah.conf, over);
const eV3 = (over: Partial<Expectation> = {}) => expectationFor(v3v4.conf, over);
const eUni = (over: Partial<Expectation> = {}) => expectationFor(v3uni.conf, over);
const eV6 = (over: Partial<Expectation> = {}) => expectationFor(v3v6.conf, over);

function vrrpOffset(ip: Buffer): number {
  return (ip[0] & 0x0f) * 4 + (ip[9] === 51 ? 24 : 0);
}

/**
 * Recomputes the VRRP checksum (v2 plain, v3 with the IPv4 pseudo-header), the IP header checksum and, for AH, the
 * ICV (with node:crypto) after an edit, so the edited packet is otherwise well-formed.
 */
function reseal(ip: Buffer, authPass?: string): Buffer {
  const off = vrrpOffset(ip);
  const version = ip[off] >> 4;
  const vrrpLen = Math.min(8 + ip[off + 3] * 4 + (version === 2 ? 8 : 0), ip.length - off);
  const v = ip.subarray(off, off + vrrpLen);
  v.writeUInt16BE(0, 6);
  if (version === 2) {
    v.writeUInt16BE(inetChecksumJs(v), 6);
  } else {
    const pseudo = Buffer.alloc(12);
    ip.copy(pseudo, 0, 12, 20);
    pseudo[9] = 112;
    pseudo.writeUInt16BE(vrrpLen, 10);
    v.writeUInt16BE(inetChecksumJs(pseudo, v), 6);
  }
  fixIpHeaderChecksum(ip);
  if (ip[9] === 51 && authPass !== undefined) {
    const s = Buffer.from(ip.subarray(0, off + vrrpLen));
    s[1] = 0;
    s.writeUInt16BE(0, 6);
    if (s.readUInt32BE(16) !== ip4(MCAST_V4)) s[8] = 0;
    s.writeUInt16BE(0, 10);
    s.fill(0, 32, 44);
    createHmac('md5', authData(authPass)).update(s).digest().copy(ip, 32, 0, 12);
  }
  return ip;
}

/** Recomputes the checksum of an IPv6 VRRP payload for the given addresses. */
function reseal6(payload: Buffer, src: Buffer, dst: Buffer): Buffer {
  payload.writeUInt16BE(0, 6);
  const pseudo = Buffer.alloc(40);
  src.copy(pseudo, 0);
  dst.copy(pseudo, 16);
  pseudo.writeUInt32BE(payload.length, 32);
  pseudo[39] = 112;
  payload.writeUInt16BE(inetChecksumJs(pseudo, payload), 6);
  return payload;
}

function drops(t: Test, got: DropReason, want: DropReason, msg: string): void {
  t.equal(got, want, `${msg}: ${DropReason[got]}`);
  if (want !== DropReason.Ok && got === want) covered.add(want);
}

t.test('controls: the unmodified packets are accepted', async (t) => {
  drops(t, decodeV4(PASS, ePass()), DropReason.Ok, 'v2 PASS');
  drops(t, decodeV4(AH, eAh()), DropReason.Ok, 'v2 AH');
  drops(t, decodeV4(V3, eV3()), DropReason.Ok, 'v3 IPv4');
  drops(t, decodeV4(UNI, eUni()), DropReason.Ok, 'v3 unicast');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 255, eV6()), DropReason.Ok, 'v3 IPv6');
  const ip = reseal(pkt(AH), v2ah.conf.authPass);
  t.same(ip, AH, 'reseal() of an unmodified AH packet gives the captured bytes (so it seals like keepalived)');
  t.same(reseal(pkt(V3)), V3, 'reseal() of an unmodified v3 packet gives the captured bytes');
});

t.test('IpHeader', async (t) => {
  const v6 = pkt(PASS);
  v6[0] = 0x65;
  drops(t, decodeV4(v6, ePass()), DropReason.IpHeader, 'IP version 6 on the IPv4 socket');
  const ihl = pkt(PASS);
  ihl[0] = 0x44;
  drops(t, decodeV4(ihl, ePass()), DropReason.IpHeader, 'IHL 4 (16 bytes)');
  const ihlBig = pkt(UNI);
  ihlBig[0] = 0x4f;
  drops(t, decodeV4(ihlBig, eUni()), DropReason.IpHeader, 'IHL 15 (60 bytes) in a 32-byte packet');
  const udp = reseal(pkt(PASS));
  udp[9] = 17;
  drops(t, decodeV4(fixIpHeaderChecksum(udp), ePass()), DropReason.IpHeader, 'protocol 17');
  drops(t, decodeV4(PASS.subarray(0, 19), ePass()), DropReason.IpHeader, '19 bytes');
  drops(t, decodeV4(Buffer.alloc(0), NO_EXPECTATION), DropReason.IpHeader, 'empty');
  const ahNext = pkt(AH);
  ahNext[20] = 6;
  drops(t, decodeV4(reseal(ahNext, v2ah.conf.authPass), eAh()), DropReason.IpHeader, 'AH next header 6');
});

t.test('AhPresence', async (t) => {
  drops(t, decodeV4(AH, eAh({ authType: AUTH_PASS, keySlot: keySlots().slotFor('ahpass') })), DropReason.AhPresence,
    'AH packet to a PASS instance');
  drops(t, decodeV4(AH, eAh({ authType: AUTH_NONE, keySlot: -1 })), DropReason.AhPresence, 'AH packet to an instance without auth');
  drops(t, decodeV4(PASS, ePass({ authType: AUTH_AH })), DropReason.AhPresence, 'PASS packet to an AH instance');
  drops(t, decodeV4(V3, eV3({ authType: AUTH_AH })), DropReason.AhPresence, 'presence is checked before the version');
  drops(t, decodeV4(AH.subarray(0, 30), eAh({ authType: AUTH_NONE })), DropReason.AhPresence,
    'presence is checked before the length');
});

t.test('TooShort', async (t) => {
  drops(t, decodeV4(PASS.subarray(0, 43), ePass()), DropReason.TooShort, 'one byte missing');
  drops(t, decodeV4(PASS.subarray(0, 27), ePass()), DropReason.TooShort, 'VRRP header cut');
  drops(t, decodeV4(AH.subarray(0, 20 + 24 + 7), eAh()), DropReason.TooShort, 'AH packet with a cut VRRP header');
  drops(t, decodeV4(AH.subarray(0, 40), NO_EXPECTATION), DropReason.TooShort, 'AH header cut');
  const count = pkt(PASS);
  count[20 + 3] = 3;
  drops(t, decodeV4(reseal(count), ePass()), DropReason.TooShort, 'address count 3 in a packet with room for 2');
  drops(t, decodeV6(V6.payload.subarray(0, V6.payload.length - 1), V6.src, V6.dst, 255, eV6()), DropReason.TooShort,
    'IPv6 payload one byte short');
  drops(t, decodeV6(V6.payload.subarray(0, 7), V6.src, V6.dst, 255, eV6()), DropReason.TooShort, 'IPv6 VRRP header cut');
});

t.test('TooLong, and Ethernet padding up to 46 bytes of IP packet', async (t) => {
  const pad = (ip: Buffer, to: number) => Buffer.concat([ip, Buffer.alloc(to - ip.length)]);
  drops(t, decodeV4(pad(UNI, 46), eUni()), DropReason.Ok, '32-byte packet padded to 46 (minimum Ethernet payload)');
  t.equal(decoded.ipTotalLength, 32, 'total length still says 32');
  drops(t, decodeV4(pad(UNI, 47), eUni()), DropReason.TooLong, '32-byte packet with 47 bytes');
  drops(t, decodeV4(pad(PASS, 46), ePass()), DropReason.Ok, '44-byte packet padded to 46');
  drops(t, decodeV4(pad(PASS, 47), ePass()), DropReason.TooLong, '44-byte packet with 47 bytes');
  drops(t, decodeV4(pad(V3, 60), eV3()), DropReason.TooLong, '36-byte packet with 60 bytes');
  drops(t, decodeV4(pad(AH, 65), eAh()), DropReason.TooLong, '64-byte AH packet with one more byte');
  const longer = pkt(AH);
  longer.writeUInt16BE(65, 2);
  drops(t, decodeV4(reseal(pad(longer, 65), v2ah.conf.authPass), eAh()), DropReason.TooLong,
    'a trailing byte the IP total length even counts');
  drops(t, decodeV6(pad(V6.payload, V6.payload.length + 1), V6.src, V6.dst, 255, eV6()), DropReason.TooLong,
    'IPv6: no padding tolerance (payload comes without Ethernet padding)');
});

t.test('Ttl (multicast mode only, checked before version, auth and checksum)', async (t) => {
  const ttl = pkt(PASS);
  ttl[8] = 254;
  fixIpHeaderChecksum(ttl);
  drops(t, decodeV4(ttl, ePass()), DropReason.Ttl, 'TTL 254, multicast mode');
  drops(t, decodeV4(ttl, ePass({ mode: 0 })), DropReason.Ok, 'TTL 254, no mode: not checked');
  const both = pkt(ttl);
  both[20 + 6] ^= 0xff;
  drops(t, decodeV4(both, ePass()), DropReason.Ttl, 'TTL 254 and a bad checksum, multicast mode: Ttl');
  drops(t, decodeV4(both, ePass({ mode: 0 })), DropReason.Checksum, 'the same packet without the TTL check: Checksum');
  const ver = pkt(ttl);
  ver[20] = 0x31;
  drops(t, decodeV4(ver, ePass()), DropReason.Ttl, 'TTL 254 and a wrong version: Ttl');
  drops(t, decodeV4(ttl, ePass({ keySlot: keySlots().slotFor('nope') })), DropReason.Ttl, 'TTL 254 and a wrong password: Ttl');
  const ah = pkt(AH);
  ah[8] = 1;
  drops(t, decodeV4(fixIpHeaderChecksum(ah), eAh()), DropReason.Ttl, 'AH, TTL 1: Ttl before the ICV');
  const uni = pkt(UNI);
  uni[8] = 64;
  drops(t, decodeV4(fixIpHeaderChecksum(uni), eUni()), DropReason.Ok, 'unicast instance: TTL 64 accepted');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 254, eV6()), DropReason.Ttl, 'IPv6 hop limit 254, multicast mode');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 0, eV6()), DropReason.Ttl, 'IPv6 hop limit 0, multicast mode');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, -1, eV6()), DropReason.Ok, 'IPv6 hop limit -1 (unknown): check skipped');
  t.equal(decoded.ttl, 0xffffffff, 'unknown hop limit reported as 0xffffffff');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 254, eV6({ mode: 0 })), DropReason.Ok, 'IPv6 hop limit 254, no mode');
});

t.test('Version', async (t) => {
  const v3 = pkt(PASS);
  v3[20] = 0x31;
  drops(t, decodeV4(reseal(v3), ePass()), DropReason.Version, 'version 3 header to a v2 instance (v2 layout kept)');
  drops(t, decodeV4(PASS, eV3({ authType: -1 })), DropReason.Version,
    'v2 advert to a v3 instance (its 8 extra bytes fit the padding tolerance, so the version check is what fires)');
  const v4 = pkt(PASS);
  v4[20] = 0x41;
  drops(t, decodeV4(reseal(v4), NO_EXPECTATION), DropReason.Version, 'version 4, no expectation');
  const v6 = reseal6(Buffer.from(V6.payload), V6.src, V6.dst);
  v6[0] = 0x21;
  drops(t, decodeV6(reseal6(v6, V6.src, V6.dst), V6.src, V6.dst, 255, eV6()), DropReason.Version, 'IPv6 version 2');
});

t.test('InvalidAuthType', async (t) => {
  const bad = pkt(PASS);
  bad[20 + 4] = 3;
  drops(t, decodeV4(reseal(bad), ePass()), DropReason.InvalidAuthType, 'auth type 3 to a PASS instance');
  drops(t, decodeV4(bad, NO_EXPECTATION), DropReason.InvalidAuthType, 'auth type 3 without expectations');
  bad[20 + 4] = 255;
  drops(t, decodeV4(reseal(bad), ePass({ authType: AUTH_NONE })), DropReason.InvalidAuthType,
    'checked before the auth type mismatch');
});

t.test('AuthTypeMismatch', async (t) => {
  drops(t, decodeV4(PASS, ePass({ authType: AUTH_NONE, keySlot: -1 })), DropReason.AuthTypeMismatch,
    'PASS advert to an instance without auth');
  const none = new AdvertV4({
    version: 2, vrid: 51, priority: 150, addrs: [ip4('10.77.0.100'), ip4('10.77.0.101')], authType: AUTH_NONE,
    interval: 1, src: ip4('10.77.0.1'), dst: ip4(MCAST_V4),
  });
  drops(t, decodeV4(none.view, NO_EXPECTATION), DropReason.Ok, 'an advert without auth is fine by itself');
  drops(t, decodeV4(none.view, ePass()), DropReason.AuthTypeMismatch, 'advert without auth to a PASS instance');
  const claimsAh = pkt(PASS);
  claimsAh[20 + 4] = AUTH_AH;
  drops(t, decodeV4(reseal(claimsAh), ePass()), DropReason.AuthTypeMismatch, 'auth type AH in the header but no AH (protocol 112)');
});

t.test('AuthPass', async (t) => {
  drops(t, decodeV4(PASS, ePass({ keySlot: keySlots().slotFor('secret2') })), DropReason.AuthPass, 'wrong password');
  drops(t, decodeV4(PASS, ePass({ keySlot: keySlots().slotFor('secret') })), DropReason.AuthPass, 'a prefix of the password');
  const tail = pkt(PASS);
  tail[43] = 0x78; // "secret1x": the padding byte is compared too
  drops(t, decodeV4(reseal(tail), ePass()), DropReason.AuthPass, 'all 8 bytes compared');
  const long = new AdvertV4({
    version: 2, vrid: 51, priority: 150, addrs: [ip4('10.77.0.100')], authType: AUTH_PASS, authPass: 'secret12345',
    interval: 1, src: ip4('10.77.0.1'), dst: ip4(MCAST_V4),
  });
  t.equal(long.view.subarray(32, 40).toString('latin1'), 'secret12', 'long password truncated to 8 on the wire');
  drops(t, decodeV4(long.view, ePass({ naddr: 1, keySlot: keySlots().slotFor('secret12') })), DropReason.Ok,
    'and matches an instance configured with its first 8 characters');
  drops(t, decodeV4(long.view, ePass({ naddr: 1, keySlot: keySlots().slotFor('secret12xyz') })), DropReason.Ok,
    'or any password with the same first 8 characters');
});

t.test('AhSpi', async (t) => {
  const spi = pkt(AH);
  spi.writeUInt32BE(ip4('10.77.0.9'), 24);
  drops(t, decodeV4(reseal(spi, v2ah.conf.authPass), eAh()), DropReason.AhSpi, 'SPI ≠ source, ICV valid');
  const src = pkt(AH);
  src.writeUInt32BE(ip4('10.77.0.9'), 12);
  drops(t, decodeV4(reseal(src, v2ah.conf.authPass), eAh()), DropReason.AhSpi, 'source ≠ SPI, ICV valid');
  drops(t, decodeV4(reseal(spi, v2ah.conf.authPass), eAh({ mode: M.MULTICAST | M.AH_SEQ, lastSeq: 5 })), DropReason.AhSpi,
    'SPI checked before the sequence');
});

t.test('AhSeq', async (t) => {
  const seq = (s: number) => eAh({ mode: M.MULTICAST | M.AH_SEQ, lastSeq: s });
  drops(t, decodeV4(AH, seq(0)), DropReason.Ok, 'sequence 1 after 0');
  drops(t, decodeV4(AH, seq(1)), DropReason.AhSeq, 'sequence 1 after 1 (replay)');
  drops(t, decodeV4(AH, seq(7)), DropReason.AhSeq, 'sequence 1 after 7');
  drops(t, decodeV4(AH, seq(0xffffffff)), DropReason.AhSeq, 'sequence 1 after 0xffffffff');
  drops(t, decodeV4(AH, eAh({ lastSeq: 7 })), DropReason.Ok, 'without M.AH_SEQ the sequence is not checked');
  const high = pkt(AH);
  high.writeUInt32BE(0xfffffffe, 28);
  drops(t, decodeV4(reseal(high, v2ah.conf.authPass), seq(0xfffffffd)), DropReason.Ok, 'compared unsigned (0xfffffffe > 0xfffffffd)');
  drops(t, decodeV4(high, seq(0x7fffffff)), DropReason.Ok, 'compared unsigned (0xfffffffe > 0x7fffffff)');
  const tampered = pkt(AH);
  tampered.writeUInt32BE(9, 28);
  drops(t, decodeV4(tampered, seq(1)), DropReason.AhIcv, 'a bumped sequence without a new ICV fails the ICV');
});

t.test('AhIcv', async (t) => {
  drops(t, decodeV4(AH, eAh({ keySlot: keySlots().slotFor('ahpasS') })), DropReason.AhIcv, 'wrong password');
  const icv = pkt(AH);
  icv[43] ^= 1;
  drops(t, decodeV4(icv, eAh()), DropReason.AhIcv, 'one ICV bit flipped');
  const prio = pkt(AH);
  prio[44 + 2] = 200;
  drops(t, decodeV4(reseal(prio), eAh()), DropReason.AhIcv, 'priority changed, VRRP checksum fixed, ICV not');
  drops(t, decodeV4(reseal(prio, v2ah.conf.authPass), eAh()), DropReason.Ok, '… and accepted once the ICV is redone');
  const id = pkt(AH);
  id.writeUInt16BE(99, 4);
  drops(t, decodeV4(fixIpHeaderChecksum(id), eAh()), DropReason.AhIcv, 'IP id is covered by the ICV');
  const tos = pkt(AH);
  tos[1] = 0;
  tos.writeUInt16BE(0x4000, 6);
  drops(t, decodeV4(fixIpHeaderChecksum(tos), eAh()), DropReason.Ok, 'TOS and DF are mutable fields, not covered');
  const uni = pkt(v2uniah.vrrp4[0].ip);
  uni[8] = 3;
  drops(t, decodeV4(fixIpHeaderChecksum(uni), expectationFor(v2uniah.conf)), DropReason.Ok,
    'unicast: TTL not covered by the ICV (keepalived zeroes it)');
  drops(t, decodeV4(AH, eAh({ keySlot: -1 })), DropReason.Ok, 'no key slot: ICV not checked');
});

t.test('AdvertInterval (v2 drops) and the v3 interval flag (no drop)', async (t) => {
  drops(t, decodeV4(PASS, ePass({ interval: 2 })), DropReason.AdvertInterval, 'v2 advert of 1 s to an instance of 2 s');
  const three = pkt(PASS);
  three[20 + 5] = 3;
  drops(t, decodeV4(reseal(three), ePass()), DropReason.AdvertInterval, 'v2 advert of 3 s to an instance of 1 s');
  drops(t, decodeV4(AH, eAh({ interval: 3 })), DropReason.AdvertInterval, 'v2 AH advert, interval checked after the ICV');
  drops(t, decodeV4(AH, eAh({ interval: 3, keySlot: keySlots().slotFor('bad') })), DropReason.AhIcv,
    'the ICV is checked before the interval');
  drops(t, decodeV4(V3, eV3({ interval: 100 })), DropReason.Ok, 'v3: 50 cs advert to an instance of 100 cs is accepted');
  t.ok(decoded.intervalMismatch, '… with intervalMismatch set');
  drops(t, decodeV4(V3, eV3()), DropReason.Ok, 'v3: matching interval');
  t.notOk(decoded.intervalMismatch, '… without the flag');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 255, eV6({ interval: 50 })), DropReason.Ok, 'IPv6 v3: mismatch accepted');
  t.ok(decoded.intervalMismatch, '… with intervalMismatch set');
});

t.test('address count mismatch only sets a flag', async (t) => {
  drops(t, decodeV4(PASS, ePass({ naddr: 3 })), DropReason.Ok, 'v2 advert with 2 VIPs to an instance with 3');
  t.ok(decoded.addrCountMismatch, 'addrCountMismatch set');
  drops(t, decodeV4(PASS, ePass()), DropReason.Ok, 'matching count');
  t.notOk(decoded.addrCountMismatch, 'flag clear');
  drops(t, decodeV4(V3, eV3({ naddr: 1 })), DropReason.Ok, 'v3 advert with 2 VIPs to an instance with 1');
  t.ok(decoded.addrCountMismatch);
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 255, eV6({ naddr: 5 })), DropReason.Ok, 'IPv6');
  t.ok(decoded.addrCountMismatch);
});

t.test('Type', async (t) => {
  const type = pkt(PASS);
  type[20] = 0x22;
  drops(t, decodeV4(reseal(type), ePass()), DropReason.Type, 'v2 type 2');
  const type3 = pkt(V3);
  type3[20] = 0x30;
  drops(t, decodeV4(reseal(type3), eV3()), DropReason.Type, 'v3 type 0');
  const v6 = Buffer.from(V6.payload);
  v6[0] = 0x32;
  drops(t, decodeV6(reseal6(v6, V6.src, V6.dst), V6.src, V6.dst, 255, eV6()), DropReason.Type, 'IPv6 type 2');
  const typeInterval = pkt(PASS);
  typeInterval[20] = 0x22;
  drops(t, decodeV4(reseal(typeInterval), ePass({ interval: 9 })), DropReason.AdvertInterval,
    'v2: the interval is checked before the type');
});

t.test('Vrid', async (t) => {
  drops(t, decodeV4(PASS, ePass({ vrid: 99 })), DropReason.Vrid, 'v2');
  drops(t, decodeV4(V3, eV3({ vrid: 1 })), DropReason.Vrid, 'v3');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 255, eV6({ vrid: 255 })), DropReason.Vrid, 'IPv6');
});

t.test('IpLength', async (t) => {
  const more = pkt(PASS);
  more.writeUInt16BE(45, 2);
  drops(t, decodeV4(fixIpHeaderChecksum(more), ePass()), DropReason.IpLength, 'total length 45 for 44 bytes');
  const less = pkt(PASS);
  less.writeUInt16BE(40, 2);
  drops(t, decodeV4(fixIpHeaderChecksum(less), ePass()), DropReason.IpLength, 'total length 40 for 44 bytes');
  const padded = Buffer.concat([pkt(UNI), Buffer.alloc(14)]);
  padded.writeUInt16BE(40, 2);
  drops(t, decodeV4(fixIpHeaderChecksum(padded), eUni()), DropReason.IpLength,
    'padded packet whose total length is neither the packet nor the received length');
  padded.writeUInt16BE(46, 2);
  drops(t, decodeV4(fixIpHeaderChecksum(padded), eUni()), DropReason.Ok, 'total length equal to the received length');
});

t.test('Checksum', async (t) => {
  const v2 = pkt(PASS);
  v2[20 + 7] ^= 0x10;
  drops(t, decodeV4(v2, ePass()), DropReason.Checksum, 'v2 checksum field off by one bit');
  const vip = pkt(PASS);
  vip[31] ^= 1;
  drops(t, decodeV4(vip, ePass()), DropReason.Checksum, 'v2 VIP changed, checksum not');
  const v3NoPseudo = pkt(V3);
  const v = v3NoPseudo.subarray(20);
  v.writeUInt16BE(0, 6);
  v.writeUInt16BE(inetChecksumJs(v), 6);
  drops(t, decodeV4(v3NoPseudo, eV3()), DropReason.Checksum, 'v3 with a v2-style checksum (no pseudo-header)');
  const src = pkt(V3);
  src.writeUInt32BE(ip4('10.77.0.7'), 12);
  drops(t, decodeV4(fixIpHeaderChecksum(src), eV3()), DropReason.Checksum, 'v3: source changed (pseudo-header)');
  drops(t, decodeV6(V6.payload, ip6('fe80::1'), V6.dst, 255, eV6()), DropReason.Checksum, 'IPv6: other source');
  const v6 = Buffer.from(V6.payload);
  v6[2] = 1;
  drops(t, decodeV6(v6, V6.src, V6.dst, 255, eV6()), DropReason.Checksum, 'IPv6: priority changed, checksum not');
});

t.test('DstMode', async (t) => {
  drops(t, decodeV4(UNI, eUni({ mode: M.MULTICAST })), DropReason.DstMode, 'unicast advert to a multicast instance');
  drops(t, decodeV4(PASS, ePass({ mode: M.UNICAST })), DropReason.DstMode, 'multicast advert to a unicast instance');
  drops(t, decodeV6(V6.payload, V6.src, V6.dst, 255, eV6({ mode: M.UNICAST })), DropReason.DstMode,
    'IPv6 multicast advert to a unicast instance');
  const peer = ip6('fd00:77::2');
  const uni6 = new AdvertV6({ vrid: 54, priority: 100, addrs: [ip6('fe80::54'), ip6('fd00:77::100')], interval: 100,
    src: ip6('fd00:77::1'), dst: peer });
  drops(t, decodeV6(uni6.view, ip6('fd00:77::1'), peer, 64, eV6({ mode: M.UNICAST })), DropReason.Ok,
    'IPv6 unicast advert to a unicast instance (hop limit not checked)');
  drops(t, decodeV6(uni6.view, ip6('fd00:77::1'), peer, 255, eV6({ mode: M.MULTICAST })), DropReason.DstMode,
    'IPv6 unicast advert to a multicast instance');
});

t.test('every DropReason except Ok was produced', async (t) => {
  t.same([...covered].sort((a, b) => a - b), ALL_DROPS, ALL_DROPS.map((r) => DropReason[r]).join(', '));
});
