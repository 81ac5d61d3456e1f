// The pcap reader the golden tests rely on (test/helpers/pcap.ts): both classic little-endian timestamp flavours,
// clear errors for everything else, and the golden captures themselves reading cleanly.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKTYPE_ETHERNET, parsePcap, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PcapFormatError } from '../helpers/pcap';
import { CAPTURE_DIR, CAPTURE_NAMES, loadCapture } from './fixtures/captures';

function globalHeader(magic: number, linkType = LINKTYPE_ETHERNET, snapLen = 262144): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(magic, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(snapLen, 16);
  b.writeUInt32LE(linkType, 20);
  return b;
}

function record(sec: number, frac: number, data: Buffer, origLen = data.length): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(sec, 0);
  h.writeUInt32LE(frac, 4);
  h.writeUInt32LE(data.length, 8);
  h.writeUInt32LE(origLen, 12);
  return Buffer.concat([h, data]);
}

t.test('microsecond file', async (t) => {
  const p = parsePcap(Buffer.concat([
    globalHeader(PCAP_MAGIC_USEC),
    record(1700000000, 123456, Buffer.from('0102', 'hex')),
    record(1700000001, 999999, Buffer.from('030405', 'hex'), 60),
  ]));
  t.equal(p.nanosecond, false);
  t.equal(p.linkType, LINKTYPE_ETHERNET);
  t.equal(p.versionMajor, 2);
  t.equal(p.versionMinor, 4);
  t.equal(p.snapLen, 262144);
  t.equal(p.frames.length, 2);
  t.equal(p.frames[0].tsSec, 1700000000);
  t.equal(p.frames[0].tsNsec, 123456000);
  t.equal(p.frames[0].timeNs, 1700000000123456000n);
  t.same([...p.frames[0].data], [1, 2]);
  t.equal(p.frames[1].index, 1);
  t.equal(p.frames[1].origLen, 60, 'original length kept when the snap length cut the frame');
  t.same([...p.frames[1].data], [3, 4, 5]);
});

t.test('nanosecond file', async (t) => {
  const p = parsePcap(Buffer.concat([globalHeader(PCAP_MAGIC_NSEC), record(5, 999999999, Buffer.from('ff', 'hex'))]));
  t.equal(p.nanosecond, true);
  t.equal(p.frames[0].tsNsec, 999999999);
  t.equal(p.frames[0].timeNs, 5999999999n);
});

t.test('empty capture (header only)', async (t) => {
  t.same(parsePcap(globalHeader(PCAP_MAGIC_USEC)).frames, []);
});

t.test('rejects what it cannot read, saying why', async (t) => {
  const be = Buffer.alloc(24);
  be.writeUInt32BE(PCAP_MAGIC_USEC, 0);
  const ng = Buffer.alloc(24);
  ng.writeUInt32LE(0x0a0d0d0a, 0);
  const junk = Buffer.from('this is not a pcap file at all');
  t.throws(() => parsePcap(be, 'be.pcap'), { name: 'PcapFormatError', message: /be\.pcap: big-endian/ });
  t.throws(() => parsePcap(ng, 'ng.pcap'), { name: 'PcapFormatError', message: /pcapng/ });
  t.throws(() => parsePcap(junk, 'junk'), { name: 'PcapFormatError', message: /junk: unknown magic 0x73696874/ });
  t.throws(() => parsePcap(Buffer.alloc(10)), { message: /too short for a pcap global header/ });
  const good = Buffer.concat([globalHeader(PCAP_MAGIC_USEC), record(1, 2, Buffer.alloc(40))]);
  t.throws(() => parsePcap(good.subarray(0, good.length - 1)), { message: /record 0 at offset 24: 40 captured bytes but only 39 left/ });
  t.throws(() => parsePcap(good.subarray(0, 30)), { message: /truncated record header/ });
  t.throws(() => parsePcap(Buffer.concat([globalHeader(PCAP_MAGIC_USEC), record(1, 1_000_000, Buffer.alloc(1))])),
    { message: /sub-second field 1000000 out of range/ });
  t.ok(new PcapFormatError('x') instanceof Error);
});

t.test('the golden captures', async (t) => {
  for (const name of CAPTURE_NAMES) {
    const raw = readFileSync(join(CAPTURE_DIR, `${name}.pcap`));
    const c = loadCapture(name);
    t.equal(c.pcap.linkType, LINKTYPE_ETHERNET, `${name}: Ethernet`);
    t.equal(c.pcap.nanosecond, false, `${name}: microsecond timestamps`);
    t.ok(c.pcap.frames.length > 0, `${name}: has frames`);
    // Every byte of the file accounted for: global header + records.
    t.equal(24 + c.pcap.frames.reduce((n, f) => n + 16 + f.data.length, 0), raw.length, `${name}: whole file read`);
    t.ok(c.pcap.frames.every((f) => f.origLen === f.data.length), `${name}: nothing cut by the snap length`);
    const times = c.pcap.frames.map((f) => f.timeNs);
    t.ok(times.every((ts, i) => i === 0 || ts >= times[i - 1]), `${name}: timestamps never go back`);
    // Fixture README: keepalived ran for about 4.5 s per capture.
    t.ok(times[times.length - 1] - times[0] < 6_000_000_000n, `${name}: spans under 6 s`);
    t.same(c.frames.filter((f) => f.kind === 'other'), [], `${name}: every frame is VRRP, ARP or NA`);
  }
  // advert_int 0.5 in v3v4: the periodic adverts are 0.5 s apart (all but the shutdown advert).
  const v3v4 = loadCapture('v3v4').vrrp4.slice(0, -1).map((f) => f.frame.timeNs);
  for (let i = 1; i < v3v4.length; i++) {
    const gapMs = Number(v3v4[i] - v3v4[i - 1]) / 1e6;
    t.ok(gapMs > 400 && gapMs < 600, `v3v4 advert ${i} follows ${gapMs.toFixed(1)} ms after the previous one`);
  }
});
