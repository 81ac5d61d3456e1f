// Typed wrapper of the in-repo native addon (native/, plain C on node_api.h).
//
// This is the only TypeScript file that knows the addon's raw function signatures and memory
// layouts. It offers:
// - PacketSocket: AF_PACKET bound to one interface, sends whole Ethernet frames (gratuitous ARP,
//   keepalived-identical unsolicited NA with the VIP as IPv6 source).
// - RawSocket: raw IPv4/IPv6 socket (VRRP 112, AH 51) with sendmmsg batches, per-packet pktinfo and
//   hop limit, and a recvmmsg receive path that fills preallocated slots and reports TTL / hop limit,
//   destination and ifindex per packet without allocating.
// - SendBatch: the preallocated buffer + descriptor table that RawSocket.sendBatch sends from.
// - interface look-ups (index, name, MAC) in the calling process's network namespace.
//
// Lifetime: a socket is closed by close() (idempotent). A receiving socket is held alive by the addon
// itself until stopReceive()/close(), so it is never garbage-collected while in use. A socket that is
// dropped without close() is closed by its finalizer when collected.
import { existsSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { getSystemErrorName } from 'node:util';
import { packageRoot } from '../core/package-root';

// ---------------------------------------------------------------------------------------------------
// The raw addon interface (keep in sync with native/*.c)

declare const nativeHandleBrand: unique symbol;
/** An opaque socket handle created by the addon. */
type NativeHandle = { readonly [nativeHandleBrand]: true };

/** What openRaw in C takes: the same fields as RawSocketOptions, with the wrapper's defaults filled in. */
type NativeRawOptions = RawSocketOptions;

interface NativeAddon {
  openPacket(ifindex: number, ethertype: number): NativeHandle;
  sendFrame(h: NativeHandle, data: Uint8Array, offset: number, length: number): number;
  openRaw(options: NativeRawOptions): NativeHandle;
  joinGroup(h: NativeHandle, group: Uint8Array, ifindex: number): void;
  leaveGroup(h: NativeHandle, group: Uint8Array, ifindex: number): void;
  sendTo(
    h: NativeHandle,
    data: Uint8Array,
    offset: number,
    length: number,
    dst: Uint8Array,
    ifindex: number,
    hops: number,
    src: Uint8Array | null,
  ): number;
  sendBatch(h: NativeHandle, data: Uint8Array, desc: Int32Array, start: number, count: number): number;
  startReceive(
    h: NativeHandle,
    buffer: Uint8Array,
    slotSize: number,
    meta: Int32Array,
    callback: (count: number) => void,
  ): number;
  stopReceive(h: NativeHandle): void;
  close(h: NativeHandle): void;
  isOpen(h: NativeHandle): boolean;
  ifIndex(name: string): number;
  ifName(ifindex: number): string;
  ifMac(name: string): Buffer;
  readonly META_STRIDE: number;
  readonly DESC_STRIDE: number;
  readonly MAX_RECV_SLOTS: number;
}

// Receive metadata layout: int32 words per packet (native/common.h KA_META_*).
const META_STRIDE = 16;
const META_LEN = 0;
const META_WIRE_LEN = 1;
const META_FLAGS = 2;
const META_HOPS = 3;
const META_IFINDEX = 4;
const META_SRC = 8; // 16 bytes
const META_DST = 12; // 16 bytes
const RECV_F_TRUNC = 1;
const RECV_F_CTRUNC = 2;

// Send descriptor layout: int32 words per packet (native/common.h KA_DESC_*).
const DESC_STRIDE = 16;
const DESC_OFFSET = 0;
const DESC_LEN = 1;
const DESC_FLAGS = 2;
const DESC_IFINDEX = 3;
const DESC_HOPS = 4;
const DESC_DST = 8; // 16 bytes
const DESC_SRC = 12; // 16 bytes
const SEND_F_PKTINFO = 1;
const SEND_F_HOPS = 2;

// ---------------------------------------------------------------------------------------------------
// Loading

const ADDON_FILE = 'keepalived_native.node';
let addon: NativeAddon | undefined;
let loadError: Error | undefined;

/** Where the built addon is expected. */
export function addonPath(): string {
  return join(packageRoot(), 'native', 'build', 'Release', ADDON_FILE);
}

function tryLoad(): NativeAddon | undefined {
  if (addon || loadError) return addon;
  const file = addonPath();
  if (!existsSync(file)) {
    loadError = Object.assign(new Error(`native addon not built: run npm run build (${file} is missing)`), {
      code: 'ERR_ADDON_NOT_BUILT',
    });
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as NativeAddon;
    if (loaded.META_STRIDE !== META_STRIDE || loaded.DESC_STRIDE !== DESC_STRIDE) {
      throw new Error('layout mismatch between native/common.h and src/net/addon.ts; rebuild the addon');
    }
    addon = loaded;
  } catch (e) {
    const err = e as Error;
    loadError = Object.assign(new Error(`native addon could not be loaded from ${file}: ${err.message}`), {
      code: 'ERR_ADDON_LOAD',
    });
  }
  return addon;
}

/** Whether the native addon is built and loads. */
export function isAddonBuilt(): boolean {
  return tryLoad() !== undefined;
}

/** The addon, or throws "native addon not built: run npm run build". */
function native(): NativeAddon {
  const a = tryLoad();
  if (!a) throw loadError as Error;
  return a;
}

// ---------------------------------------------------------------------------------------------------
// Addresses

/** Parses an IPv4 or IPv6 address (no zone) to 4 or 16 bytes in network order. Throws on bad input. */
export function ipBytes(text: string): Uint8Array {
  if (isIPv4(text)) return Uint8Array.from(text.split('.'), Number);
  const at = text.indexOf('%');
  const addr = at >= 0 ? text.slice(0, at) : text;
  if (!isIPv6(addr)) throw new TypeError(`not an IP address: ${text}`);
  const out = new Uint8Array(16);
  let head = addr;
  let tail = '';
  const gap = addr.indexOf('::');
  if (gap >= 0) {
    head = addr.slice(0, gap);
    tail = addr.slice(gap + 2);
  }
  const words = (part: string): number[] => {
    if (part === '') return [];
    const r: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const b = g.split('.').map(Number);
        r.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
      } else {
        r.push(parseInt(g, 16));
      }
    }
    return r;
  };
  const h = words(head);
  const t = words(tail);
  h.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  t.forEach((w, i) => {
    const j = 8 - t.length + i;
    out[j * 2] = w >> 8;
    out[j * 2 + 1] = w & 0xff;
  });
  return out;
}

/** Formats 4 or 16 bytes as an IPv4 dotted quad or an RFC 5952 IPv6 string. */
export function ipString(bytes: Uint8Array, offset = 0, length: 4 | 16 = bytes.length - offset === 4 ? 4 : 16): string {
  if (length === 4) return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((bytes[offset + i * 2] << 8) | bytes[offset + i * 2 + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

function addrBytes(a: Uint8Array | string): Uint8Array {
  return typeof a === 'string' ? ipBytes(a) : a;
}

/** An Error like the addon's: message "<what> on <ifname>: ENAME", code = ENAME, errno = -n. */
function errnoError(negErrno: number, what: string, ifname: string): NodeJS.ErrnoException {
  let name: string;
  try {
    name = getSystemErrorName(negErrno);
  } catch {
    name = `E${-negErrno}`;
  }
  const where = ifname ? ` on ${ifname}` : '';
  const err: NodeJS.ErrnoException = new Error(`${what}${where}: ${name}`);
  err.code = name;
  err.errno = negErrno;
  err.syscall = what;
  return err;
}

// ---------------------------------------------------------------------------------------------------
// Interfaces

/** The ifindex of an interface in this process's network namespace; throws code ENODEV if absent. */
export function interfaceIndex(ifname: string): number {
  return native().ifIndex(ifname);
}

/** The name of the interface with this index; throws code ENXIO if absent. */
export function interfaceName(ifindex: number): string {
  return native().ifName(ifindex);
}

/** The 6-byte hardware address of an interface (SIOCGIFHWADDR). */
export function interfaceMac(ifname: string): Buffer {
  return native().ifMac(ifname);
}

// ---------------------------------------------------------------------------------------------------
// AF_PACKET

export const ETH_P_ARP = 0x0806;
export const ETH_P_IPV6 = 0x86dd;

/** An AF_PACKET socket bound to one interface, for sending complete Ethernet frames. */
export class PacketSocket {
  private handle: NativeHandle;

  private constructor(
    handle: NativeHandle,
    readonly ifindex: number,
    readonly ethertype: number,
  ) {
    this.handle = handle;
  }

  /**
   * Opens socket(AF_PACKET, SOCK_RAW, htons(ethertype)) bound to ifindex. ethertype 0 (the default)
   * gives a send-only socket that receives nothing.
   */
  static open(ifindex: number, ethertype = 0): PacketSocket {
    return new PacketSocket(native().openPacket(ifindex, ethertype), ifindex, ethertype);
  }

  /** As open(), by interface name. */
  static openByName(ifname: string, ethertype = 0): PacketSocket {
    return PacketSocket.open(interfaceIndex(ifname), ethertype);
  }

  /** Sends frame[offset, offset+length) as one Ethernet frame. Returns the bytes sent or throws. */
  send(frame: Uint8Array, offset = 0, length = frame.length - offset): number {
    return native().sendFrame(this.handle, frame, offset, length);
  }

  get isOpen(): boolean {
    return native().isOpen(this.handle);
  }

  /** Closes the socket; further calls do nothing. */
  close(): void {
    native().close(this.handle);
  }
}

// ---------------------------------------------------------------------------------------------------
// Raw IP sockets

export const IPPROTO_AH = 51;
export const IPPROTO_VRRP = 112;

export interface RawSocketOptions {
  family: 4 | 6;
  /** IP protocol: 112 (VRRP) or 51 (AH). */
  protocol: number;
  /** SO_BINDTODEVICE. */
  ifname?: string;
  /** IPv4: IP_HDRINCL, the caller builds the IP header. Default false. */
  hdrincl?: boolean;
  /** IP(V6)_MULTICAST_ALL. Default false: only groups joined on this socket are received. */
  multicastAll?: boolean;
  /** IP(V6)_MULTICAST_LOOP. Default false. */
  multicastLoop?: boolean;
  /** IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS. Default 255. */
  multicastHops?: number;
  /** IP_TTL / IPV6_UNICAST_HOPS. Default 255. */
  unicastHops?: number;
  /** IP(V6)_MULTICAST_IF. Default: the index of ifname when given. */
  multicastIfindex?: number;
  /** IP_TOS / IPV6_TCLASS. Default not set (VRRP uses 0xc0). */
  tclass?: number;
  /** IPv6 only: IPV6_CHECKSUM offset (6 for VRRP): the kernel fills and verifies it. Default not set. */
  checksumOffset?: number;
  /** SO_RCVBUFFORCE (SO_RCVBUF without CAP_NET_ADMIN), bytes. Default not set. */
  rcvbuf?: number;
  /** SO_SNDBUFFORCE (SO_SNDBUF without CAP_NET_ADMIN), bytes. Default not set. */
  sndbuf?: number;
  /** Ask for TTL/hop limit, destination and ifindex per received packet. Default true. */
  recvMeta?: boolean;
  /** Attach a drop-all BPF filter, as keepalived does on its send sockets. Default false. */
  sendOnly?: boolean;
}

export interface ReceiveOptions {
  /** Number of receive slots, i.e. the largest batch. Default 64. */
  slots?: number;
  /** Bytes per slot; longer packets are truncated (see truncated()). Default 2048. */
  slotSize?: number;
  /** Called for receive errors. Without it, errors are only counted in receiveErrors. */
  onError?: (err: NodeJS.ErrnoException) => void;
  /**
   * Where the slots live, at least slots × slotSize bytes: e.g. a view of the wasm module's receive slots, so
   * packets land where the decoder reads them and are never copied. Default: a buffer of the socket's own.
   */
  area?: Buffer;
}

/**
 * A raw IPv4/IPv6 socket.
 *
 * Receive: startReceive(onBatch) calls onBatch(count) once per recvmmsg batch. Packet i (0 <= i < count)
 * is in slot i; read it with slot(i)/packetLength(i) or packet(i) and its metadata with hops(i),
 * ifindex(i), copySource(i, out), copyDestination(i, out). THE SLOTS ARE REUSED BY THE NEXT BATCH:
 * decode or copy everything before onBatch returns. An exception thrown by onBatch is an uncaught
 * exception of the process.
 *
 * On IPv4 the data starts with the IP header; on IPv6 it starts after the IPv6 header.
 */
export class RawSocket {
  private handle: NativeHandle;
  private recvBuffer: Buffer | undefined;
  private meta: Int32Array | undefined;
  private metaBytes: Uint8Array | undefined;
  private slotViews: Buffer[] = [];
  private slotSize = 0;
  private onBatch: ((count: number) => void) | undefined;
  private onError: ((err: NodeJS.ErrnoException) => void) | undefined;
  private readonly receiveCallback = (count: number): void => this.dispatch(count);
  /** Receive errors seen since open. */
  receiveErrors = 0;

  private constructor(
    handle: NativeHandle,
    readonly family: 4 | 6,
    readonly protocol: number,
    readonly ifname: string,
    /** The ifindex of ifname (0 when not bound to a device). */
    readonly boundIfindex: number,
  ) {
    this.handle = handle;
  }

  /** Opens a raw socket; the options not given take the VRRP defaults documented on RawSocketOptions. */
  static open(options: RawSocketOptions): RawSocket {
    const a = native();
    let ifindex = 0;
    if (options.ifname) {
      try {
        ifindex = a.ifIndex(options.ifname);
      } catch {
        // a missing device is reported by openRaw: "setsockopt(SO_BINDTODEVICE) on <ifname>: ENODEV"
      }
    }
    const o: NativeRawOptions = {
      multicastAll: false,
      multicastLoop: false,
      multicastHops: 255,
      unicastHops: 255,
      recvMeta: true,
      ...options,
    };
    if (o.multicastIfindex === undefined && ifindex > 0) o.multicastIfindex = ifindex;
    const h = a.openRaw(o);
    return new RawSocket(h, options.family, options.protocol, options.ifname ?? '', ifindex);
  }

  get isOpen(): boolean {
    return native().isOpen(this.handle);
  }

  /** Joins a multicast group (IP_ADD_MEMBERSHIP / IPV6_ADD_MEMBERSHIP) on ifindex (default: the bound one). */
  join(group: Uint8Array | string, ifindex = this.boundIfindex): void {
    native().joinGroup(this.handle, addrBytes(group), ifindex);
  }

  /** Leaves a multicast group. */
  leave(group: Uint8Array | string, ifindex = this.boundIfindex): void {
    native().leaveGroup(this.handle, addrBytes(group), ifindex);
  }

  /**
   * Sends data[offset, offset+length) to dst (4 or 16 bytes). hops >= 0 sets this packet's TTL / hop
   * limit. src (4/16 bytes, may be all zero) attaches IP(V6)_PKTINFO with src and ifindex. ifindex is
   * also the scope of a link-local IPv6 dst. Returns the bytes sent or throws.
   */
  sendTo(
    data: Uint8Array,
    offset: number,
    length: number,
    dst: Uint8Array,
    ifindex = 0,
    hops = -1,
    src: Uint8Array | null = null,
  ): number {
    return native().sendTo(this.handle, data, offset, length, dst, ifindex, hops, src);
  }

  /**
   * Sends batch packets start..start+count-1 (sendmmsg, 64 per syscall). Returns how many were sent;
   * fewer than count means the next one failed (send from start+sent again to get its error). Throws
   * when the first one fails (e.g. code EAGAIN when the socket buffer is full).
   */
  sendBatch(batch: SendBatch, start = 0, count = batch.count - start): number {
    return native().sendBatch(this.handle, batch.data, batch.desc, start, count);
  }

  /** Starts receiving (replacing an earlier start). Returns the number of slots. */
  startReceive(onBatch: (count: number) => void, options: ReceiveOptions = {}): number {
    const a = native();
    const slots = Math.min(options.slots ?? 64, a.MAX_RECV_SLOTS);
    const slotSize = options.slotSize ?? 2048;
    if (options.area && options.area.length < slots * slotSize) {
      throw new RangeError(`receive area of ${options.area.length} bytes is smaller than ${slots} × ${slotSize}`);
    }
    const area = options.area?.subarray(0, slots * slotSize);
    if (area || !this.recvBuffer || this.recvBuffer.length !== slots * slotSize || this.slotSize !== slotSize) {
      this.recvBuffer = area ?? Buffer.alloc(slots * slotSize);
      this.meta = new Int32Array(slots * META_STRIDE);
      this.metaBytes = new Uint8Array(this.meta.buffer);
      this.slotSize = slotSize;
      this.slotViews = [];
      for (let i = 0; i < slots; i++) this.slotViews.push(this.recvBuffer.subarray(i * slotSize, (i + 1) * slotSize));
    }
    this.onBatch = onBatch;
    this.onError = options.onError;
    return a.startReceive(this.handle, this.recvBuffer, slotSize, this.meta as Int32Array, this.receiveCallback);
  }

  /** Stops receiving; harmless when not receiving or closed. */
  stopReceive(): void {
    native().stopReceive(this.handle);
  }

  /** Stops receiving and closes the socket; further calls do nothing. */
  close(): void {
    native().close(this.handle);
  }

  private dispatch(count: number): void {
    if (count < 0) {
      this.receiveErrors++;
      if (this.onError) this.onError(errnoError(count, 'recvmmsg', this.ifname));
      return;
    }
    if (this.onBatch) this.onBatch(count);
  }

  // ---- accessors for packet i of the current batch (valid until onBatch returns) ----

  /** The whole receive area; slot i starts at slotOffset(i). */
  get receiveBuffer(): Buffer {
    if (!this.recvBuffer) throw new Error('not receiving');
    return this.recvBuffer;
  }

  slotOffset(i: number): number {
    return i * this.slotSize;
  }

  /** Slot i as a preallocated view of the full slot size (no allocation); the packet is its first packetLength(i) bytes. */
  slot(i: number): Buffer {
    return this.slotViews[i];
  }

  /** Packet i as a view of exactly its bytes (allocates one view object). */
  packet(i: number): Buffer {
    return this.slotViews[i].subarray(0, this.packetLength(i));
  }

  /** Bytes of packet i in its slot. */
  packetLength(i: number): number {
    return (this.meta as Int32Array)[i * META_STRIDE + META_LEN];
  }

  /** Length of packet i on the wire (larger than packetLength(i) when truncated). */
  wireLength(i: number): number {
    return (this.meta as Int32Array)[i * META_STRIDE + META_WIRE_LEN];
  }

  /** Whether packet i did not fit in its slot. */
  truncated(i: number): boolean {
    return ((this.meta as Int32Array)[i * META_STRIDE + META_FLAGS] & RECV_F_TRUNC) !== 0;
  }

  /** Whether packet i's ancillary data was cut (its metadata may be incomplete). */
  controlTruncated(i: number): boolean {
    return ((this.meta as Int32Array)[i * META_STRIDE + META_FLAGS] & RECV_F_CTRUNC) !== 0;
  }

  /** IPv4 TTL / IPv6 hop limit of packet i, -1 when unknown. */
  hops(i: number): number {
    return (this.meta as Int32Array)[i * META_STRIDE + META_HOPS];
  }

  /** Alias of hops(i). */
  ttl(i: number): number {
    return this.hops(i);
  }

  /** Interface packet i arrived on, 0 when unknown. */
  ifindex(i: number): number {
    return (this.meta as Int32Array)[i * META_STRIDE + META_IFINDEX];
  }

  private addrLen(): 4 | 16 {
    return this.family === 4 ? 4 : 16;
  }

  /** Writes packet i's source address (4 or 16 bytes) into out at offset; returns the length. */
  copySource(i: number, out: Uint8Array, offset = 0): number {
    const n = this.addrLen();
    const at = (i * META_STRIDE + META_SRC) * 4;
    out.set((this.metaBytes as Uint8Array).subarray(at, at + n), offset);
    return n;
  }

  /** Writes packet i's destination address (4 or 16 bytes) into out at offset; returns the length. */
  copyDestination(i: number, out: Uint8Array, offset = 0): number {
    const n = this.addrLen();
    const at = (i * META_STRIDE + META_DST) * 4;
    out.set((this.metaBytes as Uint8Array).subarray(at, at + n), offset);
    return n;
  }

  /** Whether packet i's destination equals addr (4 or 16 bytes), without allocating. */
  destinationIs(i: number, addr: Uint8Array): boolean {
    return this.addrEquals(i * META_STRIDE + META_DST, addr);
  }

  /** Whether packet i's source equals addr (4 or 16 bytes), without allocating. */
  sourceIs(i: number, addr: Uint8Array): boolean {
    return this.addrEquals(i * META_STRIDE + META_SRC, addr);
  }

  private addrEquals(word: number, addr: Uint8Array): boolean {
    const n = this.addrLen();
    if (addr.length !== n) return false;
    const m = this.metaBytes as Uint8Array;
    const at = word * 4;
    for (let k = 0; k < n; k++) if (m[at + k] !== addr[k]) return false;
    return true;
  }

  /** Packet i's source as text (allocates; for logs and tests). */
  sourceString(i: number): string {
    return ipString(this.metaBytes as Uint8Array, (i * META_STRIDE + META_SRC) * 4, this.addrLen());
  }

  /** Packet i's destination as text (allocates; for logs and tests). */
  destinationString(i: number): string {
    return ipString(this.metaBytes as Uint8Array, (i * META_STRIDE + META_DST) * 4, this.addrLen());
  }
}

// ---------------------------------------------------------------------------------------------------
// Send batches

export interface BatchPacketOptions {
  /** Interface: pktinfo ifindex, and the scope of a link-local IPv6 dst. Default 0. */
  ifindex?: number;
  /** Per-packet TTL / hop limit (IP_TTL / IPV6_HOPLIMIT cmsg); default: the socket's. */
  hops?: number;
  /** Source address via IP(V6)_PKTINFO (all zero: only the ifindex). Default: none. */
  src?: Uint8Array;
}

/**
 * A preallocated batch of packets for RawSocket.sendBatch: one data buffer and one descriptor
 * table. Fill it with add() (copies the bytes) or reserve() (returns the offset to build the
 * packet in place in `data`), send it, then clear() and reuse it.
 */
export class SendBatch {
  readonly data: Buffer;
  readonly desc: Int32Array;
  private readonly descBytes: Uint8Array;
  private used = 0;
  count = 0;

  constructor(
    readonly capacity: number,
    dataSize = capacity * 1024,
  ) {
    this.data = Buffer.alloc(dataSize);
    this.desc = new Int32Array(capacity * DESC_STRIDE);
    this.descBytes = new Uint8Array(this.desc.buffer);
  }

  clear(): void {
    this.count = 0;
    this.used = 0;
  }

  /** Reserves `length` bytes for a new packet to dst; returns its offset in data. */
  reserve(length: number, dst: Uint8Array, ifindex = 0, hops = -1, src?: Uint8Array): number {
    if (this.count >= this.capacity) throw new RangeError(`SendBatch is full (${this.capacity} packets)`);
    if (this.used + length > this.data.length) throw new RangeError(`SendBatch data is full (${this.data.length} bytes)`);
    if (dst.length !== 4 && dst.length !== 16) throw new RangeError('dst must be 4 or 16 bytes');
    const i = this.count++;
    const w = i * DESC_STRIDE;
    const offset = this.used;
    this.used += length;
    const d = this.desc;
    d[w + DESC_OFFSET] = offset;
    d[w + DESC_LEN] = length;
    d[w + DESC_FLAGS] = (src ? SEND_F_PKTINFO : 0) | (hops >= 0 ? SEND_F_HOPS : 0);
    d[w + DESC_IFINDEX] = ifindex;
    d[w + DESC_HOPS] = hops;
    const b = this.descBytes;
    b.fill(0, (w + DESC_DST) * 4, (w + DESC_STRIDE) * 4);
    b.set(dst, (w + DESC_DST) * 4);
    if (src) b.set(src, (w + DESC_SRC) * 4);
    return offset;
  }

  /** Appends a copy of packet to dst; returns its index in the batch. */
  add(packet: Uint8Array, dst: Uint8Array, options: BatchPacketOptions = {}): number {
    const offset = this.reserve(packet.length, dst, options.ifindex ?? 0, options.hops ?? -1, options.src);
    this.data.set(packet, offset);
    return this.count - 1;
  }
}
