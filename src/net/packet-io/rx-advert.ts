// The received advert an instance is handed: a plain object reused for every packet (one per endpoint), filled
// from the wasm decoder's result block. Nothing here allocates on the receive path; the text forms are for logs
// and cache the last value, so a steady master's source costs one string, once.
import { copyOut, wasmModule } from '../../core/wasm/module';
import { decoded } from '../../core/wasm/vrrp-codec';
import { ipString } from '../addon/addresses';
import { DropReason } from '../../vrrp/drop-reason';
import type { Family } from './packet-io';

const MAX_ADDRS = 255;

export class RxAdvert {
  reason: DropReason = DropReason.Ok;
  family: Family = 4;
  /** Interface the packet arrived on. */
  ifindex = 0;
  version = 0;
  type = 0;
  vrid = 0;
  priority = 0;
  /** Address count field. */
  naddr = 0;
  authType = 0;
  /** The interval field: v2 seconds, v3 centiseconds. */
  wireInterval = 0;
  /** The same in µs (the unit of the sans-IO instance). */
  advertIntervalUs = 0;
  /** µs between the kernel's arrival stamp and the receive call; -1 when unknown. */
  ageUs = -1;
  /** Bytes received: the whole IPv4 packet, or the IPv6 payload. */
  length = 0;
  /** The length the address count implies (keepalived's expected_len), and the IPv4 header's total length. */
  expectedLength = 0;
  ipTotalLength = 0;
  /** IPv4 TTL / IPv6 hop limit; -1 when unknown. */
  ttl = -1;
  /** AH sequence number (auth_type AH). */
  ahSeq = 0;
  /** Source and destination: the first 4 (IPv4) or 16 (IPv6) bytes. */
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  multicastDst = false;
  /** v3: the interval differs from ours (keepalived logs it once and accepts). */
  intervalMismatch = false;
  /** The address count differs from ours (keepalived counts addr_list_err and accepts). */
  addrCountMismatch = false;
  /** v3 unicast: it verified only with the pre-1.3.7 checksum. */
  oldUnicastChecksum = false;
  /** The carried addresses, addrLength bytes each (filled for accepted adverts only). */
  readonly addrs = new Uint8Array(MAX_ADDRS * 16);
  private srcCache = '';
  private readonly srcCacheBytes = new Uint8Array(16);
  private srcCacheValid = false;

  /**
   * Numeric IPv4 source (family 4), for logs and tests: a number above 2^31 is a heap number whether stored in a
   * field or returned from a getter V8 does not inline, so the receive path reads the bytes (src) instead.
   */
  get src4(): number {
    const s = this.src;
    return ((s[0] << 24) | (s[1] << 16) | (s[2] << 8) | s[3]) >>> 0;
  }

  get addrLength(): 4 | 16 {
    return this.family === 4 ? 4 : 16;
  }

  /** The i-th carried IPv4 address as a number. */
  addr4(i: number): number {
    const a = this.addrs;
    const o = i * 4;
    return ((a[o] << 24) | (a[o + 1] << 16) | (a[o + 2] << 8) | a[o + 3]) >>> 0;
  }

  /** The i-th carried address as text (allocates). */
  addrText(i: number): string {
    return ipString(this.addrs, i * this.addrLength, this.addrLength);
  }

  /** The source as text; cached while the source bytes stay the same. */
  sourceText(): string {
    const n = this.addrLength;
    let same = this.srcCacheValid;
    for (let i = 0; same && i < n; i++) same = this.src[i] === this.srcCacheBytes[i];
    if (!same) {
      this.srcCache = ipString(this.src, 0, n);
      this.srcCacheBytes.set(this.src);
      this.srcCacheValid = true;
    }
    return this.srcCache;
  }

  /** The destination as text (allocates). */
  destinationText(): string {
    return ipString(this.dst, 0, this.addrLength);
  }

  /** Copies what the wasm decoder just reported (the `decoded` result block) into this object. */
  fillFromDecoded(reason: DropReason, ifindex: number, length: number): void {
    const d = decoded;
    this.reason = reason;
    this.length = length;
    this.expectedLength = d.vrrpOffset + d.vrrpLength;
    this.ipTotalLength = d.family === 4 ? d.ipTotalLength : 0;
    this.family = d.family;
    this.ifindex = ifindex;
    this.version = d.version;
    this.type = d.type;
    this.vrid = d.vrid;
    this.priority = d.priority;
    this.naddr = d.naddr;
    this.authType = d.authType;
    this.wireInterval = d.interval;
    this.advertIntervalUs = d.version === 2 ? d.interval * 1_000_000 : d.interval * 10_000;
    const ttl = d.ttl;
    this.ttl = ttl === 0xffffffff ? -1 : ttl;
    this.ahSeq = d.ahSeq;
    this.multicastDst = d.multicastDst;
    this.intervalMismatch = d.intervalMismatch;
    this.addrCountMismatch = d.addrCountMismatch;
    this.oldUnicastChecksum = d.oldUnicastChecksum;
    d.srcInto(this.src);
    d.dstInto(this.dst);
    if (reason === DropReason.Ok) {
      const n = Math.min(this.naddr, MAX_ADDRS) * this.addrLength;
      copyOut(wasmModule().mem, d.ptr + d.addrOffset, this.addrs, n);
    }
  }
}
