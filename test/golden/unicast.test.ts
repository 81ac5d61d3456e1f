// Unicast adverts: the v3uni / v2uniah captures against unicast and multicast instances, and the pre-1.3.7 VRRPv3
// unicast checksum (pseudo-header destination 224.0.0.18) that keepalived still accepts when asked to.
import t from 'tap';
import { DropReason } from '../../src/vrrp/drop-reason';
import { M } from '../../src/core/wasm/module';
import { AdvertV4, AdvertV4Fields, AUTH_NONE, decoded, decodeV4 } from '../../src/core/wasm/vrrp-codec';
import { wireInterval } from '../helpers/keepalived-conf';
import { expectationFor, inetChecksumJs, ip4, loadCapture, MCAST_V4 } from './fixtures/captures';

const v3uni = loadCapture('v3uni');
const v2uniah = loadCapture('v2uniah');

t.test('v3uni: a unicast instance accepts the captured adverts, a multicast one rejects them on the destination', async (t) => {
  for (const f of v3uni.vrrp4) {
    t.equal(f.ttl, 255, 'keepalived sends unicast adverts with TTL 255 (unicast_ttl default), so the TTL check passes');
    t.equal(decodeV4(f.ip, expectationFor(v3uni.conf, { mode: M.UNICAST })), DropReason.Ok, `frame ${f.frame.index}: M.UNICAST`);
    t.notOk(decoded.multicastDst);
    t.equal(decodeV4(f.ip, expectationFor(v3uni.conf, { mode: M.MULTICAST })), DropReason.DstMode,
      `frame ${f.frame.index}: M.MULTICAST is DstMode`);
    t.equal(decodeV4(f.ip, expectationFor(v3uni.conf, { mode: 0 })), DropReason.Ok, 'no mode: destination not checked');
  }
});

t.test('v2uniah: unicast AH adverts (ICV over a zeroed TTL) accepted in unicast mode only', async (t) => {
  for (const [i, f] of v2uniah.vrrp4.entries()) {
    t.equal(decodeV4(f.ip, expectationFor(v2uniah.conf, { mode: M.UNICAST | M.AH_SEQ, lastSeq: i })), DropReason.Ok,
      `frame ${f.frame.index}: M.UNICAST`);
    // A multicast instance computes the ICV with TTL kept, as keepalived does (it decides by the instance's mode,
    // not the packet's destination), so a unicast sender's ICV fails there: keepalived counts auth_failure.
    t.equal(decodeV4(f.ip, expectationFor(v2uniah.conf, { mode: M.MULTICAST })), DropReason.AhIcv,
      `frame ${f.frame.index}: M.MULTICAST is AhIcv`);
  }
});

t.test('multicast adverts to a unicast instance are DstMode', async (t) => {
  for (const name of ['v2pass', 'v3v4'] as const) {
    const c = loadCapture(name);
    t.equal(decodeV4(c.vrrp4[0].ip, expectationFor(c.conf, { mode: M.UNICAST })), DropReason.DstMode, name);
  }
});

t.test('old unicast VRRPv3 checksum (pseudo-header dst 224.0.0.18)', async (t) => {
  const f = v3uni.vrrp4[0];
  const fields: AdvertV4Fields = {
    version: 3, vrid: v3uni.conf.vrid, priority: v3uni.conf.priority,
    addrs: v3uni.conf.vips.map((v) => ip4(v.address)), authType: AUTH_NONE, interval: wireInterval(v3uni.conf),
    src: ip4(v3uni.src), dst: ip4(v3uni.dst),
  };
  const rfc = new AdvertV4(fields);
  t.same(Buffer.from(rfc.view), f.ip, 'without the option: the captured (RFC) packet');
  const old = Buffer.from(new AdvertV4({ ...fields, oldUnicastChecksum: true }).view);
  t.not(old.readUInt16BE(26), f.ip.readUInt16BE(26), 'the checksum differs');
  t.same(old.subarray(0, 26), f.ip.subarray(0, 26), 'nothing else before it differs');
  t.same(old.subarray(28), f.ip.subarray(28), 'nothing after it differs');
  const pseudo = Buffer.alloc(12);
  old.copy(pseudo, 0, 12, 16);
  pseudo.writeUInt32BE(ip4(MCAST_V4), 4);
  pseudo[9] = 112;
  pseudo.writeUInt16BE(old.length - 20, 10);
  t.equal(inetChecksumJs(pseudo, old.subarray(20)), 0, 'it verifies with 224.0.0.18 as the pseudo-header destination (JS)');

  t.equal(decodeV4(old, expectationFor(v3uni.conf, { mode: M.UNICAST | M.OLD_CKSUM })), DropReason.Ok,
    'M.UNICAST|M.OLD_CKSUM accepts it');
  t.equal(decoded.oldUnicastChecksum, true, '… and reports the old form');
  t.equal(decodeV4(old, expectationFor(v3uni.conf, { mode: M.UNICAST })), DropReason.Checksum, 'M.UNICAST alone: Checksum');
  t.equal(decodeV4(f.ip, expectationFor(v3uni.conf, { mode: M.UNICAST | M.OLD_CKSUM })), DropReason.Ok,
    'M.OLD_CKSUM still accepts the RFC form');
  t.equal(decoded.oldUnicastChecksum, false, '… reported as the RFC form');
});

t.test('setDst() re-targets a unicast template and back', async (t) => {
  const c = v2uniah;
  const f = c.vrrp4[0];
  const a = new AdvertV4({
    version: 2, vrid: c.conf.vrid, priority: c.conf.priority, addrs: c.conf.vips.map((v) => ip4(v.address)),
    authType: 2, authPass: c.conf.authPass, interval: wireInterval(c.conf), src: ip4(c.src), dst: ip4(c.dst), ipId: 1, ahSeq: 1,
  });
  t.same(Buffer.from(a.view), f.ip, 'template equals the captured advert');
  a.setDst(ip4('10.77.0.3'));
  t.equal(decodeV4(a.view, expectationFor(c.conf)), DropReason.Ok, 'still valid (checksum and ICV redone) for another peer');
  t.equal(decoded.dst4, ip4('10.77.0.3'));
  a.setDst(ip4(c.dst));
  t.same(Buffer.from(a.view), f.ip, 'pointing it back gives the captured bytes again');
});
