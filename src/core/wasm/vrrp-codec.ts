// VRRP adverts through the wasm module: templates that live in wasm memory and are re-stamped and sent from a
// zero-copy view, and a decoder whose result is read straight out of the module's result block. Nothing on the
// per-packet paths (refresh, decode, field reads) allocates.
import { DropReason } from '../../vrrp/drop-reason';
import { arena } from './arena';
import { keySlots } from './key-slots';
import { copyOut, F, M, W, wasmModule } from './module';

export type VrrpVersion = 2 | 3;
export const AUTH_NONE = 0;
export const AUTH_PASS = 1;
export const AUTH_AH = 2;
export type AuthType = typeof AUTH_NONE | typeof AUTH_PASS | typeof AUTH_AH;

export interface AdvertV4Fields {
  version: VrrpVersion;
  vrid: number;
  priority: number;
  /** VIPs as numeric IPv4 addresses. */
  addrs: readonly number[];
  authType: AuthType;
  authPass?: string | Uint8Array;
  /** v2: seconds; v3: centiseconds. */
  interval: number;
  /** Numeric IPv4 source and destination. */
  src: number;
  dst: number;
  ttl?: number;
  ipId?: number;
  ahSeq?: number;
  /** v3 unicast: checksum with 224.0.0.18 as the pseudo-header destination (keepalived ≤ 1.3.6). */
  oldUnicastChecksum?: boolean;
}

export interface AdvertV6Fields {
  vrid: number;
  priority: number;
  /** VIPs, 16 bytes each. */
  addrs: readonly Uint8Array[];
  /** centiseconds */
  interval: number;
  src: Uint8Array;
  dst: Uint8Array;
}

const MAX_ADDRS = 255;
const V4_MAX_LEN = 20 + 24 + 8 + 4 * MAX_ADDRS + 8;

function checkCommon(vrid: number, priority: number, naddr: number, interval: number, maxInterval: number): void {
  if (!Number.isInteger(vrid) || vrid < 1 || vrid > 255) throw new RangeError(`VRID ${vrid} out of range 1..255`);
  if (!Number.isInteger(priority) || priority < 0 || priority > 255) throw new RangeError(`priority ${priority} out of range 0..255`);
  if (naddr > MAX_ADDRS) throw new RangeError(`${naddr} addresses do not fit in one advert (max ${MAX_ADDRS})`);
  if (!Number.isInteger(interval) || interval < 1 || interval > maxInterval) {
    throw new RangeError(`advert interval ${interval} out of range 1..${maxInterval}`);
  }
}

/** An IPv4 advert (IP header, optional AH, VRRP) held in wasm memory, ready for an IP_HDRINCL socket. */
export class AdvertV4 {
  readonly ptr: number;
  readonly length: number;
  /** Zero-copy view of the whole packet; valid for the life of the process. */
  readonly view: Buffer;
  private readonly keySlot: number;
  private readonly mode: number;

  constructor(f: AdvertV4Fields) {
    checkCommon(f.vrid, f.priority, f.addrs.length, f.interval, f.version === 2 ? 255 : 4095);
    if (f.version === 3 && f.authType !== AUTH_NONE) throw new RangeError('VRRPv3 carries no authentication');
    if (f.authType !== AUTH_NONE && f.authPass === undefined) throw new RangeError('auth_type set without auth_pass');
    const { x, mem, dv } = wasmModule();
    this.keySlot = f.authType === AUTH_NONE ? 0 : keySlots().slotFor(f.authPass!);
    this.mode = f.oldUnicastChecksum ? M.OLD_CKSUM : 0;
    const a = arena();
    const addrPtr = a.alloc(f.addrs.length * 4 || 4, 4);
    f.addrs.forEach((addr, i) => dv.setUint32(addrPtr + 4 * i, addr >>> 0, false));
    this.ptr = a.alloc(V4_MAX_LEN);
    this.length = x.vrrpEncode4(this.ptr, f.version, f.vrid, f.priority, f.addrs.length, addrPtr, f.authType,
      this.keySlot, f.interval, f.src, f.dst, f.ttl ?? 255, f.ipId ?? 1, f.ahSeq ?? 1, this.mode);
    this.view = mem.subarray(this.ptr, this.ptr + this.length);
  }

  /** Re-stamps priority, IP id and AH sequence for the next send (checksums and ICV recomputed in wasm). */
  refresh(priority: number, ipId: number, ahSeq = 0): void {
    wasmModule().x.vrrpRefresh4(this.ptr, priority, ipId, ahSeq, this.keySlot, this.mode);
  }

  /** Points the advert at another unicast peer. */
  setDst(dst: number): void {
    wasmModule().x.vrrpSetDst4(this.ptr, dst, this.keySlot, this.mode);
  }
}

/** The VRRPv3 part of an IPv6 advert held in wasm memory (the kernel adds the IPv6 header). */
export class AdvertV6 {
  readonly ptr: number;
  readonly length: number;
  readonly view: Buffer;
  private readonly srcPtr: number;
  private readonly dstPtr: number;

  constructor(f: AdvertV6Fields) {
    checkCommon(f.vrid, f.priority, f.addrs.length, f.interval, 4095);
    const { x, mem } = wasmModule();
    const a = arena();
    this.srcPtr = a.alloc(32);
    this.dstPtr = this.srcPtr + 16;
    mem.set(f.src.subarray(0, 16), this.srcPtr);
    mem.set(f.dst.subarray(0, 16), this.dstPtr);
    const addrPtr = a.alloc(f.addrs.length * 16 || 16);
    f.addrs.forEach((addr, i) => mem.set(addr.subarray(0, 16), addrPtr + 16 * i));
    this.ptr = a.alloc(8 + 16 * f.addrs.length);
    this.length = x.vrrpEncode6(this.ptr, f.vrid, f.priority, f.addrs.length, addrPtr, f.interval, this.srcPtr, this.dstPtr);
    this.view = mem.subarray(this.ptr, this.ptr + this.length);
  }

  refresh(priority: number): void {
    wasmModule().x.vrrpRefresh6(this.ptr, this.length, priority, this.srcPtr, this.dstPtr);
  }
}

/** What the decoder checks a packet against; -1 skips a check. One object per instance, built at config time. */
export interface Expectation {
  /** M.MULTICAST / M.UNICAST / M.OLD_CKSUM / M.AH_SEQ bits. */
  mode: number;
  version: number;
  vrid: number;
  authType: number;
  interval: number;
  naddr: number;
  /** Key slot of the instance's auth_pass, or -1. */
  keySlot: number;
  /** Last accepted AH sequence number (checked with M.AH_SEQ). */
  lastSeq: number;
}

/** Decode only: every expectation skipped. */
export const NO_EXPECTATION: Readonly<Expectation> = Object.freeze({
  mode: 0, version: -1, vrid: -1, authType: -1, interval: -1, naddr: -1, keySlot: -1, lastSeq: 0,
});

/** The fields of the last decoded advert, read from the wasm result block (typed-array reads, no calls). */
export class DecodedAdvert {
  /** Where the decoded packet sits in wasm memory (its IPv4 header, or its VRRP header for IPv6). */
  ptr = 0;
  private readonly r = wasmModule().result;
  private readonly dv = wasmModule().dv;
  private readonly mem = wasmModule().mem;
  private readonly resultBase = wasmModule().x.resultBase();
  get reason(): DropReason { return this.r[W.REASON]; }
  get family(): 4 | 6 { return this.r[W.FAMILY] as 4 | 6; }
  get version(): number { return this.r[W.VERSION]; }
  get type(): number { return this.r[W.TYPE]; }
  get vrid(): number { return this.r[W.VRID]; }
  get priority(): number { return this.r[W.PRIORITY]; }
  get naddr(): number { return this.r[W.NADDR]; }
  get authType(): number { return this.r[W.AUTHTYPE]; }
  /** v2: seconds; v3: centiseconds. */
  get interval(): number { return this.r[W.INTERVAL]; }
  get checksum(): number { return this.r[W.CHECKSUM]; }
  /** TTL (IPv4) or hop limit (IPv6; 0xffffffff when the socket could not tell). */
  get ttl(): number { return this.r[W.TTL]; }
  get ipId(): number { return this.r[W.IP_ID]; }
  get ipTotalLength(): number { return this.r[W.IP_TOTLEN]; }
  get vrrpOffset(): number { return this.r[W.VRRP_OFF]; }
  get vrrpLength(): number { return this.r[W.VRRP_LEN]; }
  get addrOffset(): number { return this.r[W.ADDR_OFF]; }
  /** Offset of the 8 v2 auth bytes. */
  get authOffset(): number { return this.r[W.AUTH_OFF]; }
  get ahSeq(): number { return this.r[W.AH_SEQ]; }
  get ahSpi(): number { return this.r[W.AH_SPI]; }
  get flags(): number { return this.r[W.FLAGS]; }
  get hasAh(): boolean { return (this.r[W.FLAGS] & F.AH) !== 0; }
  get multicastDst(): boolean { return (this.r[W.FLAGS] & F.MULTICAST_DST) !== 0; }
  get oldUnicastChecksum(): boolean { return (this.r[W.FLAGS] & F.OLD_CHECKSUM) !== 0; }
  get intervalMismatch(): boolean { return (this.r[W.FLAGS] & F.INTERVAL_MISMATCH) !== 0; }
  get addrCountMismatch(): boolean { return (this.r[W.FLAGS] & F.ADDR_COUNT_MISMATCH) !== 0; }
  /** IPv4 source as a number. */
  get src4(): number { return this.dv.getUint32(this.resultBase + W.SRC * 4, false); }
  get dst4(): number { return this.dv.getUint32(this.resultBase + W.DST * 4, false); }
  /** Copies the source address (4 or 16 bytes) into out. */
  srcInto(out: Uint8Array): void { this.addrField(W.SRC, out); }
  dstInto(out: Uint8Array): void { this.addrField(W.DST, out); }
  /** The i-th IPv4 VIP of the advert as a number. */
  addr4(i: number): number { return this.dv.getUint32(this.ptr + this.r[W.ADDR_OFF] + 4 * i, false); }
  /** Copies the i-th IPv6 VIP into out (16 bytes). */
  addr6Into(i: number, out: Uint8Array): void {
    const start = this.ptr + this.r[W.ADDR_OFF] + 16 * i;
    copyOut(this.mem, start, out, 16);
  }
  private addrField(word: number, out: Uint8Array): void {
    const start = this.resultBase + word * 4;
    copyOut(this.mem, start, out, this.family === 4 ? 4 : 16);
  }
}

export const decoded = new DecodedAdvert();

/** The receive slot the copying decoders use; kept out of receiveSlots() so a socket's batch is never overwritten. */
interface CopyIn { mem: Buffer; ptr: number; size: number }
let copyIn: CopyIn | undefined;
function copyInSlot(): CopyIn {
  if (copyIn) return copyIn;
  const { x, mem } = wasmModule();
  copyIn = { mem, ptr: x.rxBase() + (x.rxSlotCount() - 1) * x.rxSlotSize(), size: x.rxSlotSize() };
  return copyIn;
}

/** Copies a received packet into the copy-in slot once (truncated to a slot); returns its length there. */
function copyInto(c: CopyIn, packet: Uint8Array): number {
  const len = Math.min(packet.length, c.size);
  c.mem.set(len === packet.length ? packet : packet.subarray(0, len), c.ptr);
  return len;
}

/** The module's receive slots, for a socket to receive into directly (RawSocket startReceive's `area`). */
export function receiveSlots(): { area: Buffer; slots: number; slotSize: number; ptr(i: number): number } {
  const { x, mem } = wasmModule();
  const base = x.rxBase();
  const slots = x.rxSlotCount() - 1;
  const slotSize = x.rxSlotSize();
  return { area: mem.subarray(base, base + slots * slotSize), slots, slotSize, ptr: (i) => base + i * slotSize };
}

/** Decodes an IPv4 packet already in wasm memory (e.g. an addon receive slot). */
export function decodeV4At(ptr: number, len: number, e: Readonly<Expectation>): DropReason {
  decoded.ptr = ptr;
  return wasmModule().x.vrrpDecode4(ptr, len, e.mode, e.version, e.vrid, e.authType, e.interval, e.naddr, e.keySlot,
    e.lastSeq);
}

/** Copies a received IPv4 packet (IP header first) into the receive slot once and decodes it. */
export function decodeV4(packet: Uint8Array, e: Readonly<Expectation> = NO_EXPECTATION): DropReason {
  const c = copyInSlot();
  return decodeV4At(c.ptr, copyInto(c, packet), e);
}

/**
 * Decodes the VRRP part of an IPv6 advert already in wasm memory. src/dst are 16 bytes; hopLimit -1 when the
 * socket cannot report it (then the hop-limit check is skipped).
 */
export function decodeV6At(ptr: number, len: number, src: Uint8Array, dst: Uint8Array, hopLimit: number,
  e: Readonly<Expectation>): DropReason {
  const { x, mem, dv } = wasmModule();
  const meta = x.meta6Base();
  mem.set(src, meta);
  mem.set(dst, meta + 16);
  dv.setUint32(meta + 32, hopLimit >>> 0, true);
  decoded.ptr = ptr;
  return x.vrrpDecode6(ptr, len, e.mode, e.vrid, e.interval, e.naddr);
}

/** Copies a received IPv6 VRRP payload into the receive slot once and decodes it. */
export function decodeV6(payload: Uint8Array, src: Uint8Array, dst: Uint8Array, hopLimit: number,
  e: Readonly<Expectation> = NO_EXPECTATION): DropReason {
  const c = copyInSlot();
  return decodeV6At(c.ptr, copyInto(c, payload), src, dst, hopLimit, e);
}
