// Golden decode: every VRRP advert keepalived 2.2.7 put on the wire in the fixture captures decodes with
// DropReason.Ok against the expectations its .conf implies, with the right fields; checksums verify (also by an
// independent JS computation); AH ICVs verify with the conf's auth_pass (also by node:crypto) and fail with a wrong one.
import t, { Test } from 'tap';
import { createHmac } from 'node:crypto';
import { DropReason } from '../../src/vrrp/drop-reason';
import { keySlots } from '../../src/core/wasm/key-slots';
import { M } from '../../src/core/wasm/module';
import { AUTH_AH, AUTH_NONE, AUTH_PASS, decoded, decodeV4, decodeV6, NO_EXPECTATION } from '../../src/core/wasm/vrrp-codec';
import { authData, wireInterval } from '../helpers/keepalived-conf';
import {
  authTypeCode, Capture, CAPTURE_NAMES, expectationFor, inetChecksumJs, ip4, ip6, loadCapture, MCAST_V4, Vrrp4Frame,
} from './fixtures/captures';

const captures = CAPTURE_NAMES.map(loadCapture);

/** The ICV keepalived puts in an AH advert, computed with node:crypto (RFC 2402 mutable fields zeroed). */
function icvByNodeCrypto(ip: Buffer, pass: string): Buffer {
  const s = Buffer.from(ip);
  s[1] = 0; // TOS
  s.writeUInt16BE(0, 6); // flags + fragment offset
  if (s.readUInt32BE(16) !== ip4(MCAST_V4)) s[8] = 0; // TTL, unicast only (keepalived keeps it in multicast)
  s.writeUInt16BE(0, 10); // header checksum
  s.fill(0, 20 + 12, 20 + 24); // the ICV itself
  return createHmac('md5', authData(pass)).update(s).digest().subarray(0, 12);
}

function checkV4Frame(t: Test, c: Capture, f: Vrrp4Frame, i: number, n: number): void {
  const { conf } = c;
  const last = i === n - 1;
  const isAh = conf.authType === 'AH';
  const e = expectationFor(conf, isAh ? { mode: expectationFor(conf).mode | M.AH_SEQ, lastSeq: i } : {});
  t.equal(decodeV4(f.ip, e), DropReason.Ok, 'accepted with the expectations the conf implies');
  t.equal(decoded.reason, DropReason.Ok);
  t.equal(decoded.family, 4);
  t.equal(decoded.version, conf.version, 'version');
  t.equal(decoded.type, 1, 'type advertisement');
  t.equal(decoded.vrid, conf.vrid, 'vrid');
  t.equal(decoded.priority, last ? 0 : conf.priority, last ? 'priority 0 in the shutdown advert' : 'priority');
  t.equal(decoded.naddr, conf.vips.length, 'address count');
  t.same(Array.from({ length: decoded.naddr }, (_, k) => decoded.addr4(k)), conf.vips.map((v) => ip4(v.address)),
    'addresses are the conf VIPs in order');
  t.equal(decoded.interval, wireInterval(conf), conf.version === 2 ? 'interval in seconds' : 'interval in centiseconds');
  t.equal(decoded.authType, conf.version === 2 ? authTypeCode(conf) : AUTH_NONE, 'auth type');
  t.equal(decoded.ttl, 255, 'TTL 255');
  t.equal(decoded.ipId, i + 1, 'IP id counts up from 1');
  t.equal(decoded.ipTotalLength, f.ip.length, 'IP total length');
  t.equal(decoded.src4, ip4(c.src), 'source');
  t.equal(decoded.dst4, ip4(c.dst), 'destination');
  t.equal(decoded.multicastDst, !c.unicast, 'multicast destination flag');
  t.equal(decoded.hasAh, isAh, 'AH flag');
  t.notOk(decoded.intervalMismatch, 'no interval mismatch');
  t.notOk(decoded.addrCountMismatch, 'no address count mismatch');
  t.notOk(decoded.oldUnicastChecksum, 'RFC checksum form');
  t.equal(decoded.vrrpOffset, 20 + (isAh ? 24 : 0), 'VRRP offset');
  const vrrp = f.ip.subarray(decoded.vrrpOffset, decoded.vrrpOffset + decoded.vrrpLength);
  t.equal(decoded.vrrpOffset + decoded.vrrpLength, f.ip.length, 'VRRP runs to the end of the packet');
  t.equal(decoded.checksum, vrrp.readUInt16BE(6), 'checksum field reported');
  // Independent checks of the checksums keepalived computed.
  t.equal(inetChecksumJs(f.ip.subarray(0, 20)), 0, 'IPv4 header checksum verifies (JS)');
  if (conf.version === 2) {
    t.equal(inetChecksumJs(vrrp), 0, 'v2 checksum verifies without a pseudo-header (JS)');
  } else {
    const pseudo = Buffer.alloc(12);
    f.ip.copy(pseudo, 0, 12, 20);
    pseudo[9] = 112;
    pseudo.writeUInt16BE(vrrp.length, 10);
    t.equal(inetChecksumJs(pseudo, vrrp), 0, 'v3 checksum verifies with the IPv4 pseudo-header (JS)');
  }
  if (conf.authType === 'PASS') {
    t.same(f.ip.subarray(decoded.authOffset, decoded.authOffset + 8), authData(conf.authPass!), 'PASS bytes zero-padded to 8');
    t.equal(decodeV4(f.ip, expectationFor(conf, { keySlot: keySlots().slotFor('secret2') })), DropReason.AuthPass,
      'wrong password is AuthPass');
  }
  if (conf.version === 2 && conf.authType !== 'PASS') {
    t.same(f.ip.subarray(f.ip.length - 8), Buffer.alloc(8), 'auth data zero');
  }
  if (isAh) {
    decodeV4(f.ip, e);
    t.equal(decoded.ahSpi, ip4(c.src), 'AH SPI = sender address');
    t.equal(decoded.ahSeq, i + 1, 'AH sequence counts up from 1');
    t.equal(f.ip[20], 112, 'AH next header VRRP');
    t.equal(f.ip[21], 4, 'AH payload length 4');
    t.same(f.ip.subarray(32, 44), icvByNodeCrypto(f.ip, conf.authPass!), 'ICV = HMAC-MD5-96 by node:crypto');
    t.equal(decodeV4(f.ip, expectationFor(conf, { keySlot: keySlots().slotFor(`${conf.authPass}x`) })), DropReason.AhIcv,
      'wrong password is AhIcv');
  }
  t.equal(decodeV4(f.ip, NO_EXPECTATION), DropReason.Ok, 'plain decode accepts it too');
}

for (const c of captures) {
  t.test(c.name, async (t) => {
    const frames = c.conf.family === 4 ? c.vrrp4 : c.vrrp6;
    t.ok(frames.length >= 2, 'first advert(s) and the shutdown advert captured');
    t.equal(c.conf.family === 4 ? c.vrrp6.length : c.vrrp4.length, 0, 'no adverts of the other family');
    if (c.conf.family === 4) {
      c.vrrp4.forEach((f, i) => t.test(`advert ${i + 1} (frame ${f.frame.index})`, async (t) => checkV4Frame(t, c, f, i, c.vrrp4.length)));
      return;
    }
    const { conf } = c;
    c.vrrp6.forEach((f, i) => t.test(`advert ${i + 1} (frame ${f.frame.index})`, async (t) => {
      const last = i === c.vrrp6.length - 1;
      t.same(f.src, ip6(c.src), 'source is the link-local address');
      t.same(f.dst, ip6(c.dst), 'destination ff02::12');
      t.equal(decodeV6(f.payload, f.src, f.dst, f.hopLimit, expectationFor(conf)), DropReason.Ok, 'accepted');
      t.equal(decoded.family, 6);
      t.equal(decoded.version, 3, 'version');
      t.equal(decoded.type, 1, 'type');
      t.equal(decoded.vrid, conf.vrid, 'vrid');
      t.equal(decoded.priority, last ? 0 : conf.priority, last ? 'priority 0 in the shutdown advert' : 'priority');
      t.equal(decoded.naddr, conf.vips.length, 'address count');
      const addrs = Array.from({ length: decoded.naddr }, (_, k) => {
        const out = Buffer.alloc(16);
        decoded.addr6Into(k, out);
        return out.toString('hex');
      });
      t.same(addrs, conf.vips.map((v) => ip6(v.address).toString('hex')), 'addresses are the conf VIPs in order');
      t.equal(decoded.interval, wireInterval(conf), 'interval in centiseconds');
      t.equal(decoded.ttl, 255, 'hop limit 255');
      t.equal(f.hopLimit, 255);
      t.ok(decoded.multicastDst, 'multicast destination');
      t.notOk(decoded.intervalMismatch);
      t.notOk(decoded.addrCountMismatch);
      const src = Buffer.alloc(16);
      const dst = Buffer.alloc(16);
      decoded.srcInto(src);
      decoded.dstInto(dst);
      t.same(src, f.src, 'source reported');
      t.same(dst, f.dst, 'destination reported');
      t.equal(decoded.checksum, f.payload.readUInt16BE(6), 'checksum field reported');
      const pseudo = Buffer.alloc(40);
      f.src.copy(pseudo, 0);
      f.dst.copy(pseudo, 16);
      pseudo.writeUInt32BE(f.payload.length, 32);
      pseudo[39] = 112;
      t.equal(inetChecksumJs(pseudo, f.payload), 0, 'checksum verifies with the IPv6 pseudo-header (JS)');
      t.equal(decodeV6(f.payload, f.src, f.dst, -1, NO_EXPECTATION), DropReason.Ok, 'plain decode accepts it too');
    }));
  });
}

t.test('auth types seen in the captures', async (t) => {
  const seen = new Set(captures.filter((c) => c.conf.version === 2).map((c) => authTypeCode(c.conf)));
  t.same([...seen].sort(), [AUTH_PASS, AUTH_AH], 'PASS and AH both exercised');
});
