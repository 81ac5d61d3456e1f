// One registered instance, shared by every backend: its advert templates in wasm memory (re-stamped per send, never
// rebuilt), its counters, its reused RxAdvert, and the hand-over of decoded adverts to the daemon's handlers. How
// bytes reach the wire is the channel's business (AdvertWire), so the real sockets and the fake segment send
// exactly the same bytes.
import { ipBytes } from '../addon/addresses';
import { AdvertV4, AdvertV6, AUTH_NONE, Expectation } from '../../core/wasm/vrrp-codec';
import { DropReason } from '../../vrrp/drop-reason';
import { EndpointCounters } from './drop-counters';
import { expectationFor } from './expectation';
import type { EndpointHandlers, EndpointSpec, Family, VrrpEndpoint } from './packet-io';
import { RxAdvert } from './rx-advert';
import { UnicastPeers } from './unicast';

export const VRRP_GROUP4 = '224.0.0.18';
export const VRRP_GROUP6 = 'ff02::12';

/** How a channel puts an endpoint's adverts on the wire and takes it off the channel. */
export interface EndpointHost {
  /**
   * IPv4: the whole packet (IP header included, IP_HDRINCL) to dst (4 bytes). Returns whether it was handed to
   * the kernel (or to a corked batch); a failure is reported to owner.sendFailed, never thrown.
   */
  send4(packet: Buffer, dst: Uint8Array, owner: Endpoint): boolean;
  /** IPv6: the VRRP payload to dst (16 bytes) from src via pktinfo, hop limit hops (-1: the socket's). */
  send6(payload: Buffer, dst: Uint8Array, hops: number, src: Uint8Array, owner: Endpoint): boolean;
  /** An exception thrown by a handler: counted by the channel, reported, and the batch goes on. */
  handlerError(err: unknown): void;
  unregister(ep: Endpoint): void;
  /** The channel's receive and send descriptors, when it has real sockets. */
  sockets?(): { fdIn: number; fdOut: number } | undefined;
}

function addrOf(text: string, family: Family, what: string): Uint8Array {
  let b: Uint8Array;
  try {
    b = ipBytes(text);
  } catch {
    throw new Error(`${what}: ${text} is not an IP address`);
  }
  if (b.length !== (family === 4 ? 4 : 16)) throw new Error(`${what}: ${text} is not an IPv${family} address`);
  return b;
}

const num4 = (b: Uint8Array): number => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;

export class Endpoint implements VrrpEndpoint {
  readonly counters = new EndpointCounters();
  readonly expectation: Expectation;
  readonly rx = new RxAdvert();
  readonly unicast: boolean;
  readonly peers: UnicastPeers | undefined;
  /** The multicast group (multicast mode), 4 or 16 bytes, and as text (the join key). */
  readonly group: Uint8Array;
  readonly groupText: string;
  /** The source address adverts carry (IPv4 header) or ask for (IPv6 pktinfo). */
  readonly src: Uint8Array;
  private ipId = 0;
  private ahSeq = 0;
  /** Priority of the last advert sent (the fake's plain mode carries it). */
  lastPriority = 0;
  /** The VIPs as one run of 4- or 16-byte addresses. */
  readonly vipBytes: Uint8Array;
  private readonly v4: AdvertV4 | undefined;
  /**
   * IPv6: one template per destination (the group, or each peer), so each carries its own valid checksum (a real
   * socket has the kernel recompute it; the fake segment delivers the bytes as they are).
   */
  private readonly v6: AdvertV6[] = [];
  private readonly v6Dst: Uint8Array[] = [];
  private readonly hops6: number;
  /** The IPv4 template points at a peer other than the first (after a multi-peer send). */
  private retargeted = false;
  private closed = false;

  constructor(
    readonly spec: Readonly<EndpointSpec>,
    private readonly handlers: EndpointHandlers,
    private readonly host: EndpointHost,
    src: Uint8Array,
  ) {
    const what = `(${spec.name})`;
    const family = spec.family;
    if (family === 6 && spec.version !== 3) throw new Error(`${what} IPv6 instances use VRRP version 3`);
    if (spec.vips.length > 255) throw new Error(`${what} ${spec.vips.length} VIPs do not fit in one advert (max 255)`);
    if (family === 6 && (spec.authType ?? AUTH_NONE) !== AUTH_NONE) throw new Error(`${what} IPv6 carries no authentication`);
    this.src = src;
    this.unicast = (spec.unicastPeers?.length ?? 0) > 0;
    this.peers = this.unicast ? new UnicastPeers(family, spec.unicastPeers ?? [], what) : undefined;
    this.groupText = spec.mcastGroup ?? (family === 4 ? VRRP_GROUP4 : VRRP_GROUP6);
    this.group = addrOf(this.groupText, family, `${what} mcast_dst_ip`);
    const vips = spec.vips.map((v) => addrOf(v, family, `${what} virtual_ipaddress`));
    this.vipBytes = new Uint8Array(vips.length * (family === 4 ? 4 : 16));
    vips.forEach((v, i) => this.vipBytes.set(v, i * v.length));
    this.expectation = expectationFor(spec);

    if (family === 4) {
      const authType = spec.version === 2 ? (spec.authType ?? AUTH_NONE) : AUTH_NONE;
      this.v4 = new AdvertV4({
        version: spec.version, vrid: spec.vrid, priority: spec.priority, addrs: vips.map(num4), authType,
        authPass: spec.authPass, interval: spec.wireInterval, src: num4(src),
        dst: this.peers ? this.peers.numbers[0] : num4(this.group),
        // reference §4.1: TTL 255, or unicast_ttl in unicast mode
        ttl: this.unicast ? (spec.unicastTtl ?? 255) : 255,
        ipId: 1, ahSeq: 1, oldUnicastChecksum: spec.oldUnicastChecksum,
      });
      this.hops6 = -1;
    } else {
      this.v4 = undefined;
      for (const dst of this.peers ? this.peers.bytes : [this.group]) {
        this.v6Dst.push(dst);
        this.v6.push(new AdvertV6({ vrid: spec.vrid, priority: spec.priority, addrs: vips, interval: spec.wireInterval, src, dst }));
      }
      // keepalived: hop limit 255 to the group; unicast only unicast_ttl if set, else the kernel's default
      this.hops6 = this.unicast ? (spec.unicastTtl ?? -1) : 255;
    }
  }

  sendAdvert(priority: number, ahSequence?: number): number {
    if (this.closed) return 0;
    let handed = 0;
    this.lastPriority = priority;
    if (this.v4) {
      // keepalived never sends IP ID 0 (the kernel would fill one in) and bumps ID and AH sequence once per advert
      this.ipId = this.ipId >= 0xffff ? 1 : this.ipId + 1;
      this.ahSeq = ahSequence !== undefined ? ahSequence >>> 0 : (this.ahSeq + 1) >>> 0;
      const a = this.v4;
      a.refresh(priority, this.ipId, this.ahSeq);
      if (this.peers) {
        const nums = this.peers.numbers;
        const bytes = this.peers.bytes;
        for (let i = 0; i < nums.length; i++) {
          // the template was built for the first peer; later ones are patched in place (checksum, ICV redone)
          if (i > 0 || this.retargeted) a.setDst(nums[i]);
          if (this.host.send4(a.view, bytes[i], this)) handed++;
        }
        this.retargeted = nums.length > 1;
      } else if (this.host.send4(a.view, this.group, this)) {
        handed++;
      }
    } else {
      for (let i = 0; i < this.v6.length; i++) {
        const a = this.v6[i];
        a.refresh(priority);
        if (this.host.send6(a.view, this.v6Dst[i], this.hops6, this.src, this)) handed++;
      }
    }
    return handed;
  }

  /** The AH sequence number of the last advert sent. */
  get lastAhSequence(): number {
    return this.ahSeq;
  }

  /** Copies one advert makes (unicast: one per peer). */
  get copies(): number {
    return this.peers ? this.peers.size : 1;
  }

  /** Hands a decoded advert (the wasm `decoded` block) to the handlers; called by the demultiplexer. */
  deliver(reason: DropReason, ifindex: number, length: number, ageUs: number): void {
    this.counters.count(reason);
    const rx = this.rx;
    rx.fillFromDecoded(reason, ifindex, length);
    rx.ageUs = ageUs;
    this.handOver(reason);
  }

  /** Hands over what is already in rx (the fake's plain mode fills it itself). */
  handOver(reason: DropReason): void {
    const rx = this.rx;
    try {
      if (reason === DropReason.Ok) {
        if (rx.addrCountMismatch) this.counters.addrCountMismatch++;
        this.handlers.onAdvert(rx);
      } else if (this.handlers.onDrop) {
        this.handlers.onDrop(reason, rx);
      }
    } catch (err) {
      this.host.handlerError(err);
    }
  }

  /** Called by the channel's send path with the outcome of one copy. */
  sendFailed(err: NodeJS.ErrnoException): void {
    const code = err.code ?? '';
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'ENOBUFS') {
      this.counters.sendCongested++;
      return;
    }
    this.counters.sendErrors++;
    this.counters.lastSendError = code;
    if (this.handlers.onSendError) {
      try {
        this.handlers.onSendError(err);
      } catch (e) {
        this.host.handlerError(e);
      }
    }
  }

  sockets(): { fdIn: number; fdOut: number } | undefined {
    return this.host.sockets?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.unregister(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
