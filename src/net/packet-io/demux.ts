// The receive side of one channel (interface + family): find the instance a packet is for by its VRID (peeked
// from the bytes already in wasm memory), decode and validate it in wasm with that instance's Expectation, count
// the outcome in the instance's counters and hand it over. Packets for no instance are counted on the channel.
// Nothing allocates per packet.
import { wasmModule } from '../../core/wasm/module';
import { AUTH_AH, decodeV4At, decodeV6At } from '../../core/wasm/vrrp-codec';
import { DropReason } from '../../vrrp/drop-reason';
import { ChannelCounters } from './drop-counters';
import type { Endpoint } from './endpoint';
import type { Family } from './packet-io';

const PROTO_VRRP = 112;
const PROTO_AH = 51;
const AH_LEN = 24;
const VRRP_HDR_LEN = 8;

export class Demux {
  /** Endpoints by VRID; more than one only for unicast instances with disjoint peers, or distinct groups. */
  private readonly byVrid: (Endpoint[] | undefined)[] = new Array<Endpoint[] | undefined>(256).fill(undefined);
  private readonly mem = wasmModule().mem;
  private count = 0;

  constructor(
    readonly family: Family,
    readonly counters: ChannelCounters,
    private readonly what: string,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Adds an endpoint; throws when it would be indistinguishable from one already there (as keepalived refuses). */
  add(ep: Endpoint): void {
    const vrid = ep.spec.vrid;
    const list = this.byVrid[vrid] ?? [];
    for (const other of list) {
      const clash = ep.peers && other.peers
        ? ep.peers.bytes.some((p) => other.peers!.has(p, 0))
        : !ep.peers && !other.peers && ep.groupText === other.groupText;
      if (clash) {
        throw new Error(`(${ep.spec.name}) VRID ${vrid} is already used by (${other.spec.name}) on ${this.what}`);
      }
    }
    list.push(ep);
    this.byVrid[vrid] = list;
    this.count++;
  }

  remove(ep: Endpoint): void {
    const list = this.byVrid[ep.spec.vrid];
    const i = list ? list.indexOf(ep) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.byVrid[ep.spec.vrid] = undefined;
    this.count--;
  }

  /** Every endpoint (allocates; for close and dumps). */
  endpoints(): Endpoint[] {
    const out: Endpoint[] = [];
    for (const l of this.byVrid) if (l) out.push(...l);
    return out;
  }

  /**
   * Of several endpoints sharing a VRID: the unicast one whose peers include the source, else the multicast one
   * for a multicast destination (its group when several), else the first.
   */
  private pick(list: Endpoint[], srcMem: Uint8Array, srcOff: number, dstMem: Uint8Array, dstOff: number): Endpoint {
    const n = this.family === 4 ? 4 : 16;
    const mcast = this.family === 4 ? (dstMem[dstOff] & 0xf0) === 0xe0 : dstMem[dstOff] === 0xff;
    let fallback: Endpoint | undefined;
    for (let k = 0; k < list.length; k++) {
      const ep = list[k];
      if (ep.peers) {
        if (!mcast && ep.peers.has(srcMem, srcOff)) return ep;
      } else if (mcast) {
        let same = true;
        for (let i = 0; same && i < n; i++) same = ep.group[i] === dstMem[dstOff + i];
        if (same) return ep;
        fallback ??= ep;
      }
    }
    return fallback ?? list[0];
  }

  /**
   * The endpoint a packet for vrid from src to dst (4 or 16 bytes at the offsets) goes to; counts an unknown VRID.
   * For a receive path that does not decode in wasm (the fake segment's plain mode).
   */
  resolve(vrid: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): Endpoint | undefined {
    this.counters.packets++;
    const list = this.byVrid[vrid];
    if (!list) {
      this.counters.unknownVrid++;
      return undefined;
    }
    return list.length === 1 ? list[0] : this.pick(list, src, srcOff, dst, dstOff);
  }

  /**
   * A received IPv4 packet (IP header first) at ptr in wasm memory. keepalived reads AH and VRRP, and multicast
   * and unicast adverts, on separate sockets: an advert of the other kind never reaches the instance.
   */
  dispatch4(ptr: number, len: number, ifindex: number, ageUs: number): void {
    const m = this.mem;
    this.counters.packets++;
    if (len < 20 || m[ptr] >> 4 !== 4) {
      this.counters.unattributed[DropReason.IpHeader]++;
      return;
    }
    const ihl = (m[ptr] & 0x0f) << 2;
    const proto = m[ptr + 9];
    if (ihl < 20 || (proto !== PROTO_VRRP && proto !== PROTO_AH)) {
      this.counters.unattributed[DropReason.IpHeader]++;
      return;
    }
    const vOff = ihl + (proto === PROTO_AH ? AH_LEN : 0);
    if (len < vOff + VRRP_HDR_LEN) {
      this.counters.unattributed[DropReason.TooShort]++; // keepalived: "IPv4 VRRP packet too short"
      return;
    }
    const list = this.byVrid[m[ptr + vOff + 1]];
    if (!list) {
      this.counters.unknownVrid++;
      return;
    }
    const ep = list.length === 1 ? list[0] : this.pick(list, m, ptr + 12, m, ptr + 16);
    const authType = ep.expectation.authType;
    const multicast = m[ptr + 16] >= 224 && m[ptr + 16] <= 239;
    if ((authType >= 0 && (proto === PROTO_AH) !== (authType === AUTH_AH)) || multicast === ep.unicast) {
      this.counters.otherSocket++;
      return;
    }
    ep.deliver(decodeV4At(ptr, len, ep.expectation), ifindex, len, ageUs);
  }

  /**
   * A received IPv6 VRRP payload at ptr in wasm memory; src/dst 16 bytes; hops -1 when unknown. ageUs (both
   * dispatchers): µs since the kernel's arrival stamp, -1 when unknown. No defaults: an under-applied call
   * allocates on every packet.
   */
  dispatch6(ptr: number, len: number, src: Uint8Array, dst: Uint8Array, hops: number, ifindex: number, ageUs: number): void {
    const m = this.mem;
    this.counters.packets++;
    if (len < VRRP_HDR_LEN) {
      this.counters.unattributed[DropReason.TooShort]++; // keepalived: "IPv6 VRRP packet too short"
      return;
    }
    const list = this.byVrid[m[ptr + 1]];
    if (!list) {
      this.counters.unknownVrid++;
      return;
    }
    const ep = list.length === 1 ? list[0] : this.pick(list, src, 0, dst, 0);
    if ((dst[0] === 0xff) === ep.unicast) {
      this.counters.otherSocket++;
      return;
    }
    ep.deliver(decodeV6At(ptr, len, src, dst, hops, ep.expectation), ifindex, len, ageUs);
  }
}
