// Robustness of the decoders: garbage, every truncation of every captured advert, and randomly mutated captured
// adverts (fixed-seed PRNG, so failures reproduce) never throw, always come back with a DropReason, and only come
// back Ok when the packet really is valid: checksum right (checked here in JS), length consistent, and for an
// instance with an AH key, ICV right (checked with node:crypto).
import t, { Test } from 'tap';
import { createHmac } from 'node:crypto';
import { DropReason } from '../../src/vrrp/drop-reason';
import { M } from '../../src/core/wasm/module';
import { decoded, decodeV4, decodeV6, Expectation, NO_EXPECTATION } from '../../src/core/wasm/vrrp-codec';
import { authData } from '../helpers/keepalived-conf';
import { CAPTURE_NAMES, expectationFor, inetChecksumJs, ip4, loadCapture, MCAST_V4 } from './fixtures/captures';
import { mulberry32 } from '../helpers/prng';


const captures = CAPTURE_NAMES.map(loadCapture);
const REASONS = new Set(Object.values(DropReason).filter((v) => typeof v === 'number'));

interface Src4 {
  ip: Buffer;
  e: Expectation;
  pass?: string;
}
const sources4: Src4[] = captures.flatMap((c) => c.vrrp4.map((f) => ({ ip: f.ip, e: expectationFor(c.conf), pass: c.conf.authPass })));
const sources6 = captures.flatMap((c) => c.vrrp6.map((f) => ({ ...f, e: expectationFor(c.conf) })));

/** Why an IPv4 packet the decoder accepted is not valid, or '' when it is (independent JS checks). */
function v4Invalid(ip: Buffer, e: Readonly<Expectation>, pass: string | undefined): string {
  if (ip.length < 20 || ip[0] >> 4 !== 4) return 'no IPv4 header';
  const ihl = (ip[0] & 0x0f) * 4;
  const ah = ip[9] === 51;
  if (ip[9] !== 112 && !ah) return `protocol ${ip[9]}`;
  const off = ihl + (ah ? 24 : 0);
  if (ip.length < off + 8) return 'no VRRP header';
  const version = ip[off] >> 4;
  if (version !== 2 && version !== 3) return `version ${version}`;
  if (e.version >= 0 && version !== e.version) return `version ${version} to a v${e.version} instance`;
  const vrrpLen = 8 + ip[off + 3] * 4 + (version === 2 ? 8 : 0);
  if (ip.length < off + vrrpLen) return 'shorter than its VRRP length';
  if (ip.length > off + vrrpLen && ip.length > 46) return 'longer than its VRRP length';
  const totLen = ip.readUInt16BE(2);
  if (totLen !== ip.length && !(totLen === off + vrrpLen && ip.length <= 46)) return `IP total length ${totLen}`;
  if ((e.mode & M.MULTICAST) !== 0 && ip[8] !== 255) return `TTL ${ip[8]} in multicast mode`;
  const v = ip.subarray(off, off + vrrpLen);
  if (version === 2) {
    if (inetChecksumJs(v) !== 0) return 'bad v2 checksum';
  } else {
    const pseudo = Buffer.alloc(12);
    ip.copy(pseudo, 0, 12, 20);
    pseudo[9] = 112;
    pseudo.writeUInt16BE(vrrpLen, 10);
    if (inetChecksumJs(pseudo, v) !== 0) return 'bad v3 checksum';
  }
  if (e.vrid >= 0 && v[1] !== e.vrid) return 'other VRID';
  if ((v[0] & 0x0f) !== 1) return 'not an advertisement';
  if (ah && e.keySlot >= 0 && pass !== undefined && version === 2) {
    const s = Buffer.from(ip.subarray(0, off + vrrpLen));
    s[1] = 0;
    s.writeUInt16BE(0, 6);
    if (s.readUInt32BE(16) !== ip4(MCAST_V4)) s[8] = 0;
    s.writeUInt16BE(0, 10);
    s.fill(0, ihl + 12, ihl + 24);
    if (!createHmac('md5', authData(pass)).update(s).digest().subarray(0, 12).equals(ip.subarray(ihl + 12, ihl + 24))) return 'bad ICV';
    if (ip.readUInt32BE(ihl + 4) !== ip.readUInt32BE(12)) return 'SPI is not the source';
  }
  if (version === 2 && ip[9] !== 51 && v[4] === 1 && e.keySlot >= 0 && pass !== undefined
    && !v.subarray(vrrpLen - 8).equals(authData(pass))) return 'wrong password';
  return '';
}

function v6Invalid(payload: Buffer, src: Buffer, dst: Buffer, e: Readonly<Expectation>): string {
  if (payload.length < 8) return 'no VRRP header';
  const vrrpLen = 8 + payload[3] * 16;
  if (payload.length !== vrrpLen) return 'length does not match the address count';
  if (payload[0] !== 0x31) return `version/type 0x${payload[0].toString(16)}`;
  if (e.vrid >= 0 && payload[1] !== e.vrid) return 'other VRID';
  const pseudo = Buffer.alloc(40);
  src.copy(pseudo, 0);
  dst.copy(pseudo, 16);
  pseudo.writeUInt32BE(vrrpLen, 32);
  pseudo[39] = 112;
  if (inetChecksumJs(pseudo, payload) !== 0) return 'bad checksum';
  return '';
}

/** Runs fn over many cases and reports the failures in one assertion (a bounded list of them). */
function sweep(t: Test, name: string, cases: number, fn: (i: number) => string): void {
  const failures: string[] = [];
  for (let i = 0; i < cases; i++) {
    let why: string;
    try {
      why = fn(i);
    } catch (err) {
      why = `threw ${(err as Error).stack ?? String(err)}`;
    }
    if (why && failures.length < 20) failures.push(`case ${i}: ${why}`);
  }
  t.same(failures, [], `${name}: ${cases} cases`);
}

function check4(ip: Buffer, e: Readonly<Expectation>, pass?: string): string {
  const r = decodeV4(ip, e);
  if (!REASONS.has(r)) return `returned ${r}, not a DropReason`;
  if (decoded.reason !== r) return `result block says ${decoded.reason}, return value ${r}`;
  if (r !== DropReason.Ok) return '';
  const why = v4Invalid(ip, e, pass);
  return why ? `Ok for an invalid packet (${why}): ${ip.toString('hex')}` : '';
}

function check6(payload: Buffer, src: Buffer, dst: Buffer, hop: number, e: Readonly<Expectation>): string {
  const r = decodeV6(payload, src, dst, hop, e);
  if (!REASONS.has(r)) return `returned ${r}, not a DropReason`;
  if (r !== DropReason.Ok) return '';
  const why = v6Invalid(payload, src, dst, e);
  return why ? `Ok for an invalid payload (${why}): ${payload.toString('hex')}` : '';
}

t.test('random garbage of every length 0..60', async (t) => {
  const rnd = mulberry32(0x5eed0001);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
  const addr = () => bytes(16);
  for (const e of [NO_EXPECTATION, ...sources4.map((s) => s.e).slice(0, 3)]) {
    sweep(t, `IPv4 garbage, expectation vrid ${e.vrid}`, 61 * 40, (i) => {
      const ip = bytes(i % 61);
      if (ip.length > 0 && rnd() < 0.5) ip[0] = 0x45; // get past the first check more often
      if (ip.length > 9 && rnd() < 0.5) ip[9] = rnd() < 0.5 ? 112 : 51;
      return check4(ip, e);
    });
  }
  sweep(t, 'IPv6 garbage', 61 * 40, (i) => check6(bytes(i % 61), addr(), addr(), rnd() < 0.5 ? 255 : -1, NO_EXPECTATION));
});

t.test('every truncation of every captured advert', async (t) => {
  for (const s of sources4) {
    sweep(t, `IPv4 ${s.ip.length}-byte advert cut to 0..${s.ip.length}`, s.ip.length + 1, (n) =>
      check4(s.ip.subarray(0, n), s.e, s.pass) || check4(s.ip.subarray(0, n), NO_EXPECTATION));
    // Shorter than the full packet is never accepted.
    sweep(t, 'no truncation is accepted', s.ip.length, (n) =>
      decodeV4(s.ip.subarray(0, n), s.e) === DropReason.Ok ? `accepted ${n} bytes` : '');
  }
  for (const s of sources6) {
    sweep(t, `IPv6 ${s.payload.length}-byte payload cut`, s.payload.length + 1, (n) =>
      check6(s.payload.subarray(0, n), s.src, s.dst, s.hopLimit, s.e)
      || (n < s.payload.length && decodeV6(s.payload.subarray(0, n), s.src, s.dst, 255, s.e) === DropReason.Ok ? 'accepted' : ''));
  }
});

t.test('randomly mutated captured adverts', async (t) => {
  const rnd = mulberry32(0x5eed0002);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const counts = new Map<DropReason, number>();
  const mutate = (orig: Buffer): Buffer => {
    let b = Buffer.from(orig);
    const edits = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < edits; k++) {
      const what = rnd();
      if (what < 0.6 && b.length > 0) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      else if (what < 0.75 && b.length > 0) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
      else if (what < 0.85) b = b.subarray(0, Math.floor(rnd() * b.length));
      else b = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 256)))]);
    }
    return b;
  };
  sweep(t, 'IPv4 mutations', 20000, () => {
    const s = pick(sources4);
    const ip = mutate(s.ip);
    const e = rnd() < 0.5 ? s.e : NO_EXPECTATION;
    const why = check4(ip, e, s.pass);
    counts.set(decoded.reason, (counts.get(decoded.reason) ?? 0) + 1);
    return why;
  });
  sweep(t, 'IPv6 mutations', 5000, () => {
    const s = pick(sources6);
    const payload = mutate(s.payload);
    const src = rnd() < 0.1 ? mutate(s.src).subarray(0, 16) : s.src;
    const hop = pick([255, 255, 254, -1, 64]);
    return check6(payload, Buffer.concat([src, Buffer.alloc(16)]).subarray(0, 16), s.dst, hop, rnd() < 0.5 ? s.e : NO_EXPECTATION);
  });
  // Not an assertion about the decoder: shows the mutations reach deep into the checks.
  t.ok(counts.size >= 10, `IPv4 mutations produced ${counts.size} distinct outcomes: ${
    [...counts].sort((a, b) => a[0] - b[0]).map(([r, n]) => `${DropReason[r]} ${n}`).join(', ')}`);
});
