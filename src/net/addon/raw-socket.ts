// RawSocket: a raw IPv4/IPv6 socket (VRRP 112, AH 51) with sendmmsg batches, per-packet pktinfo and hop
// limit, and a recvmmsg receive path that fills preallocated slots and reports TTL / hop limit,
// destination and ifindex per packet without allocating; with its open and receive options.
//
// A receiving socket is held alive by the addon itself until stopReceive()/close(), so it is never
// garbage-collected while in use.
import { addrBytes, ipString } from './addresses';
import { errnoError } from './errno-error';
import {
  META_AGE_US,
  META_DST,
  META_FLAGS,
  META_HOPS,
  META_IFINDEX,
  META_LEN,
  META_SRC,
  META_STRIDE,
  META_WIRE_LEN,
  RECV_F_CTRUNC,
  RECV_F_TRUNC,
} from './layout';
import { native, NativeHandle, NativeRawOptions } from './native';
import type { SendBatch } from './send-batch';

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

  /** The descriptor number (-1 once closed), for the data dump. */
  get fd(): number {
    return native().fdOf(this.handle);
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

  /** µs from packet i's kernel arrival stamp to the receive call that read it; -1 when not stamped. */
  ageUs(i: number): number {
    return (this.meta as Int32Array)[i * META_STRIDE + META_AGE_US];
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
