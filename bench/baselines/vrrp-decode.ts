// Benchmark baseline only (never used by src/): a plain TypeScript IPv4 VRRP advert decoder running the same checks
// in the same order as the wasm decoder (IP header, AH presence, length, TTL, version, auth, interval, type, VRID,
// IP length, checksum, destination mode), returning the same drop-reason numbers.
import { foldChecksum, sumWords } from './checksum';

export interface TsExpectation {
  /** 1 multicast, 2 unicast (as the wasm M_* bits). */
  mode: number;
  version: number;
  vrid: number;
  authType: number;
  interval: number;
  naddr: number;
  /** 8-byte auth_pass for PASS; null to skip. */
  authData: Uint8Array | null;
  /** AH ICV check (HMAC-MD5-96 of the ICV input into out[outOff...]); null to skip. */
  icv: ((input: Uint8Array, out: Uint8Array, outOff: number) => void) | null;
}

export class TsDecoded {
  reason = 0;
  version = 0;
  type = 0;
  vrid = 0;
  priority = 0;
  naddr = 0;
  authType = 0;
  interval = 0;
  ttl = 0;
  src = 0;
  dst = 0;
  addrOffset = 0;
  flags = 0;
}

const PROTO_VRRP = 112;
const PROTO_AH = 51;
const AH_LEN = 24;
const ETH_MIN_PAYLOAD = 46;
const scratch = new Uint8Array(2048);
const icvOut = new Uint8Array(12);

const be16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
const be32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

function ahIcvOk(p: Uint8Array, len: number, ihl: number, zeroTtl: boolean, e: TsExpectation): boolean {
  for (let i = 0; i < len; i++) scratch[i] = p[i];
  scratch[1] = 0;
  scratch[6] = 0;
  scratch[7] = 0;
  if (zeroTtl) scratch[8] = 0;
  scratch[10] = 0;
  scratch[11] = 0;
  for (let i = 0; i < 12; i++) scratch[ihl + 12 + i] = 0;
  e.icv!(scratch.subarray(0, len), icvOut, 0);
  let diff = 0;
  for (let i = 0; i < 12; i++) diff |= icvOut[i] ^ p[ihl + 12 + i];
  return diff === 0;
}

/** Decodes and validates the IPv4 packet p into out; returns the drop reason (0 = accepted). */
export function decodeV4Ts(p: Uint8Array, e: TsExpectation, out: TsDecoded): number {
  const len = p.length;
  out.reason = 1;
  if (len < 20 || p[0] >> 4 !== 4) return 1;
  const ihl = (p[0] & 0x0f) << 2;
  if (ihl < 20 || len < ihl) return 1;
  const proto = p[9];
  if (proto !== PROTO_VRRP && proto !== PROTO_AH) return 1;
  const ttl = p[8];
  const dst = be32(p, 16);
  out.ttl = ttl;
  out.src = be32(p, 12);
  out.dst = dst;
  const isAh = proto === PROTO_AH;
  const mcast = dst >>> 28 === 0xe;
  let flags = (isAh ? 1 : 0) | (mcast ? 2 : 0);
  if (e.authType >= 0 && isAh !== (e.authType === 2)) return (out.reason = 2);
  const vOff = ihl + (isAh ? AH_LEN : 0);
  if (len < vOff + 8) return (out.reason = 3);
  const pktVersion = p[vOff] >> 4;
  const version = e.version >= 0 ? e.version : pktVersion;
  out.version = pktVersion;
  out.type = p[vOff] & 0x0f;
  out.vrid = p[vOff + 1];
  out.priority = p[vOff + 2];
  const naddr = (out.naddr = p[vOff + 3]);
  out.authType = pktVersion === 2 ? p[vOff + 4] : 0;
  out.interval = pktVersion === 2 ? p[vOff + 5] : be16(p, vOff + 4) & 0x0fff;
  out.addrOffset = vOff + 8;
  if (isAh && p[ihl] !== PROTO_VRRP) return (out.reason = 1);
  const vrrpLen = 8 + 4 * naddr + (version === 2 ? 8 : 0);
  const expected = vOff + vrrpLen;
  if (len < expected) return (out.reason = 3);
  if (len > expected && len > ETH_MIN_PAYLOAD) return (out.reason = 4);
  if ((e.mode & 1) !== 0 && ttl !== 255) return (out.reason = 5);
  if ((pktVersion !== 2 && pktVersion !== 3) || pktVersion !== version) return (out.reason = 6);
  if (version === 2) {
    const authType = p[vOff + 4];
    if (authType > 2) return (out.reason = 7);
    if (e.authType >= 0 && authType !== e.authType) return (out.reason = 8);
    if (authType === 1 && e.authData) {
      const a = vOff + 8 + 4 * naddr;
      for (let i = 0; i < 8; i++) if (p[a + i] !== e.authData[i]) return (out.reason = 9);
    }
    if (isAh && e.icv) {
      if (be32(p, ihl + 4) !== out.src) return (out.reason = 10);
      if (!ahIcvOk(p, expected, ihl, !mcast, e)) return (out.reason = 12);
    }
    if (e.interval >= 0 && p[vOff + 5] !== e.interval) return (out.reason = 13);
  }
  if ((p[vOff] & 0x0f) !== 1) return (out.reason = 14);
  if (e.vrid >= 0 && p[vOff + 1] !== e.vrid) return (out.reason = 15);
  const totLen = be16(p, 2);
  if (totLen !== len && !(totLen === expected && len <= ETH_MIN_PAYLOAD)) return (out.reason = 16);
  if (version === 3 && e.interval >= 0 && (be16(p, vOff + 4) & 0x0fff) !== e.interval) flags |= 8;
  let sum = 0;
  if (version === 3) sum = be16(p, 12) + be16(p, 14) + be16(p, 16) + be16(p, 18) + PROTO_VRRP + vrrpLen;
  if (foldChecksum(sumWords(p, vOff, vrrpLen, sum)) !== 0) return (out.reason = 17);
  if (((e.mode & 1) !== 0 && !mcast) || ((e.mode & 2) !== 0 && mcast)) return (out.reason = 18);
  if (e.naddr >= 0 && naddr !== e.naddr) flags |= 16;
  out.flags = flags;
  return (out.reason = 0);
}

/** The same decoder written the common way, returning a fresh result object per packet (it allocates). */
export function decodeV4TsAlloc(p: Uint8Array, e: TsExpectation): TsDecoded {
  const out = new TsDecoded();
  decodeV4Ts(p, e, out);
  return out;
}
