// Golden encode: building an advert from the fields decoded out of a captured one gives keepalived's bytes exactly
// (IPv4: the whole IP packet including the header checksum and the AH ICV; IPv6: the VRRP payload the kernel would
// wrap), and re-stamping a template with refresh() walks through the capture's later adverts to the shutdown one.
import t from 'tap';
import { DropReason } from '../../src/vrrp/drop-reason';
import {
  AdvertV4, AdvertV6, AuthType, decoded, decodeV4, decodeV6, NO_EXPECTATION, VrrpVersion,
} from '../../src/core/wasm/vrrp-codec';
import { Capture, CAPTURE_NAMES, loadCapture, Vrrp4Frame, Vrrp6Frame } from './fixtures/captures';

const captures = CAPTURE_NAMES.map(loadCapture);
const v4 = captures.filter((c) => c.conf.family === 4);
const v6 = captures.filter((c) => c.conf.family === 6);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Everything AdvertV4 needs, read back from the decoder (the conf only supplies the password). */
function v4Fields(c: Capture, f: Vrrp4Frame) {
  if (decodeV4(f.ip, NO_EXPECTATION) !== DropReason.Ok) throw new Error(`${c.name} frame ${f.frame.index} does not decode`);
  return {
    version: decoded.version as VrrpVersion,
    vrid: decoded.vrid,
    priority: decoded.priority,
    addrs: Array.from({ length: decoded.naddr }, (_, i) => decoded.addr4(i)),
    authType: (decoded.hasAh ? 2 : decoded.authType) as AuthType,
    authPass: c.conf.authPass,
    interval: decoded.interval,
    src: decoded.src4,
    dst: decoded.dst4,
    ttl: decoded.ttl,
    ipId: decoded.ipId,
    ahSeq: decoded.hasAh ? decoded.ahSeq : undefined,
  };
}

function v6Fields(c: Capture, f: Vrrp6Frame) {
  if (decodeV6(f.payload, f.src, f.dst, f.hopLimit, NO_EXPECTATION) !== DropReason.Ok) {
    throw new Error(`${c.name} frame ${f.frame.index} does not decode`);
  }
  return {
    vrid: decoded.vrid,
    priority: decoded.priority,
    addrs: Array.from({ length: decoded.naddr }, (_, i) => {
      const a = new Uint8Array(16);
      decoded.addr6Into(i, a);
      return a;
    }),
    interval: decoded.interval,
    src: f.src,
    dst: f.dst,
  };
}

t.test('IPv4: every advert re-encodes byte for byte', async (t) => {
  for (const c of v4) {
    for (const f of c.vrrp4) {
      const a = new AdvertV4(v4Fields(c, f));
      t.equal(a.length, f.ip.length, `${c.name} frame ${f.frame.index}: length`);
      t.equal(hex(a.view), hex(f.ip), `${c.name} frame ${f.frame.index}: bytes`);
    }
  }
});

t.test('IPv6: every advert re-encodes byte for byte', async (t) => {
  for (const c of v6) {
    for (const f of c.vrrp6) {
      const a = new AdvertV6(v6Fields(c, f));
      t.equal(a.length, f.payload.length, `${c.name} frame ${f.frame.index}: length`);
      t.equal(hex(a.view), hex(f.payload), `${c.name} frame ${f.frame.index}: bytes`);
    }
  }
});

t.test('IPv4: refresh() on the first advert reproduces every later one, ending with priority 0', async (t) => {
  for (const c of v4) {
    const [first, ...later] = c.vrrp4;
    const a = new AdvertV4(v4Fields(c, first));
    t.equal(hex(a.view), hex(first.ip), `${c.name}: template is the first advert`);
    for (const f of later) {
      const want = v4Fields(c, f);
      a.refresh(want.priority, want.ipId, want.ahSeq);
      t.equal(hex(a.view), hex(f.ip), `${c.name}: refresh(${want.priority}, ${want.ipId}, ${want.ahSeq}) gives frame ${f.frame.index}`);
    }
    t.equal(later[later.length - 1].ip[20 + (first.proto === 51 ? 24 : 0) + 2], 0, `${c.name}: the last one is the priority-0 advert`);
  }
});

t.test('IPv6: refresh(0) on the first advert reproduces the shutdown advert', async (t) => {
  for (const c of v6) {
    const first = c.vrrp6[0];
    const final = c.vrrp6[c.vrrp6.length - 1];
    const a = new AdvertV6(v6Fields(c, first));
    t.equal(hex(a.view), hex(first.payload), `${c.name}: template is the first advert`);
    a.refresh(0);
    t.equal(hex(a.view), hex(final.payload), `${c.name}: refresh(0) gives the final advert`);
    a.refresh(c.conf.priority);
    t.equal(hex(a.view), hex(first.payload), `${c.name}: refresh back to the conf priority gives the first again`);
  }
});
