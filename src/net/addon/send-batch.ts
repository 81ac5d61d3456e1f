// SendBatch: the preallocated data buffer + descriptor table (layout in layout.ts) that
// RawSocket.sendBatch sends from with sendmmsg, and the per-packet options of its add().
import {
  DESC_DST,
  DESC_FLAGS,
  DESC_HOPS,
  DESC_IFINDEX,
  DESC_LEN,
  DESC_OFFSET,
  DESC_SRC,
  DESC_STRIDE,
  SEND_F_HOPS,
  SEND_F_PKTINFO,
} from './layout';

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
