// Benchmark baseline only (never used by src/): a plain TypeScript IPv4 VRRP advert encoder writing into a
// preallocated buffer: IP header and its checksum, v2 (plain checksum) or v3 (IPv4 pseudo-header checksum), and
// for v2 AH the ICV computed by a pluggable HMAC-MD5-96.
import { foldChecksum, sumWords } from './checksum';

export interface TsAdvertV4 {
  version: 2 | 3;
  vrid: number;
  priority: number;
  addrs: readonly number[];
  /** 0 none, 1 PASS, 2 AH (v2 only). */
  authType: number;
  /** 8 bytes: PASS value or AH key. */
  authData?: Uint8Array;
  /** v2 seconds, v3 centiseconds. */
  interval: number;
  src: number;
  dst: number;
  ttl: number;
  ipId: number;
  ahSeq: number;
}

/** Writes the 12-byte ICV of input into out[outOff...]. */
export type Icv96 = (input: Uint8Array, out: Uint8Array, outOff: number) => void;

const PROTO_VRRP = 112;
const PROTO_AH = 51;
const AH_LEN = 24;

function be16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

function be32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

export class TsAdvertEncoder {
  private readonly scratch = new Uint8Array(2048);

  constructor(private readonly icv?: Icv96) {}

  /** Encodes f at out[0...] and returns the packet length. */
  encode(out: Uint8Array, f: TsAdvertV4): number {
    const ah = f.version === 2 && f.authType === 2;
    const ahLen = ah ? AH_LEN : 0;
    const n = f.addrs.length;
    const vrrpLen = 8 + 4 * n + (f.version === 2 ? 8 : 0);
    const total = 20 + ahLen + vrrpLen;
    // IPv4 header: version 4, IHL 5, TOS 0xc0, no DF.
    out[0] = 0x45;
    out[1] = 0xc0;
    be16(out, 2, total);
    be16(out, 4, f.ipId);
    out[6] = 0;
    out[7] = 0;
    out[8] = f.ttl;
    out[9] = ah ? PROTO_AH : PROTO_VRRP;
    out[10] = 0;
    out[11] = 0;
    be32(out, 12, f.src);
    be32(out, 16, f.dst);
    if (ah) {
      out[20] = PROTO_VRRP;
      out[21] = 4;
      out[22] = 0;
      out[23] = 0;
      be32(out, 24, f.src);
      be32(out, 28, f.ahSeq);
      for (let i = 32; i < 44; i++) out[i] = 0;
    }
    const v = 20 + ahLen;
    out[v] = (f.version << 4) | 1;
    out[v + 1] = f.vrid;
    out[v + 2] = f.priority;
    out[v + 3] = n;
    if (f.version === 2) {
      out[v + 4] = f.authType;
      out[v + 5] = f.interval;
    } else {
      be16(out, v + 4, f.interval & 0x0fff);
    }
    out[v + 6] = 0;
    out[v + 7] = 0;
    for (let i = 0; i < n; i++) be32(out, v + 8 + 4 * i, f.addrs[i]);
    if (f.version === 2) {
      const a = v + 8 + 4 * n;
      for (let i = 0; i < 8; i++) out[a + i] = f.authType === 1 && f.authData ? f.authData[i] : 0;
    }
    let sum = 0;
    if (f.version === 3) {
      sum = ((f.src >>> 16) & 0xffff) + (f.src & 0xffff) + ((f.dst >>> 16) & 0xffff) + (f.dst & 0xffff) + PROTO_VRRP + vrrpLen;
    }
    be16(out, v + 6, foldChecksum(sumWords(out, v, vrrpLen, sum)));
    be16(out, 10, foldChecksum(sumWords(out, 0, 20, 0)));
    if (ah) this.fillIcv(out, total, (f.dst >>> 28) !== 0xe);
    return total;
  }

  /** keepalived's ICV input: the packet with TOS, fragment field, IP checksum (and TTL when unicast) and ICV zeroed. */
  private fillIcv(out: Uint8Array, total: number, zeroTtl: boolean): void {
    const s = this.scratch;
    for (let i = 0; i < total; i++) s[i] = out[i];
    s[1] = 0;
    s[6] = 0;
    s[7] = 0;
    if (zeroTtl) s[8] = 0;
    s[10] = 0;
    s[11] = 0;
    this.icv!(s.subarray(0, total), out, 32);
  }
}
