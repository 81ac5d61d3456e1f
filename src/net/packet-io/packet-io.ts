// PacketIO: the one interface through which the VRRP daemon touches raw packets (DESIGN principle 3). Two
// backends implement it: AddonPacketIO (raw sockets and AF_PACKET through the in-repo addon) and FakePacketIO
// (an in-memory segment for the simulation and daemon unit tests).
//
// The daemon opens one Channel per (interface, family) — every instance on that interface and family shares its
// sockets, as keepalived's sockpool does — and registers each instance on it. Registration returns a VrrpEndpoint:
// the instance's advert template (built in wasm), its send path and its drop counters. Received adverts are
// decoded in wasm with the instance's Expectation, picked by VRID, and handed over as a reused RxAdvert.
//
//   const io = new AddonPacketIO();                       // or new FakePacketIO('A') attached to a FakeSegment
//   const ep = io.openChannel('eth0', 4).register(spec, { onAdvert: (a) => feed(inst, a), onDrop: logDrop });
//   io.cork(); ep.sendAdvert(priority, ahSeq); …; io.uncork();   // a timer tick's adverts in sendmmsg batches
//   io.neighbours('eth0').sendGarp('10.0.0.100', 5);
//   ep.counters.keepalived('ip_ttl_err'); ep.close(); io.close();
import type { AuthType, Expectation } from '../../core/wasm/vrrp-codec';
import type { DropReason } from '../../vrrp/drop-reason';
import type { ChannelCounters, EndpointCounters } from './drop-counters';
import type { RxAdvert } from './rx-advert';

export type Family = 4 | 6;

/** What an instance needs on the wire: its keepalived configuration, already validated. */
export interface EndpointSpec {
  /** Instance name (errors and logs). */
  name: string;
  ifname: string;
  family: Family;
  /** IPv6 is always 3. */
  version: 2 | 3;
  vrid: number;
  /** Priority the template starts with; every send stamps its own. */
  priority: number;
  /** The VIPs carried in adverts (no prefix length), at most 255. */
  vips: readonly string[];
  /** The advert's interval field: v2 whole seconds, v3 centiseconds. */
  wireInterval: number;
  /** v2 IPv4 only. Default 0 (none). */
  authType?: AuthType;
  authPass?: string;
  /** mcast_src_ip / unicast_src_ip. Default: the interface's primary IPv4, or its link-local IPv6. */
  srcIp?: string;
  /** mcast_dst_ip. Default 224.0.0.18 / ff02::12. Unused in unicast mode. */
  mcastGroup?: string;
  /** unicast_peer: one or more addresses switches the instance to unicast (one copy per peer). */
  unicastPeers?: readonly string[];
  /** unicast_ttl. Default: 255 on IPv4 (keepalived's header), the kernel's default hop limit on IPv6. */
  unicastTtl?: number;
  /** v3 unicast: send the pre-1.3.7 checksum (pseudo-header dst 224.0.0.18), old_unicast_checksum. */
  oldUnicastChecksum?: boolean;
  /** v3 unicast: accept that old form too (keepalived's default "auto"; false for `never`). Default true. */
  acceptOldUnicastChecksum?: boolean;
}

/** Called on the receive path, synchronously: the RxAdvert is reused, read it before returning. */
export interface EndpointHandlers {
  /** An advert that passed every stateless wire check. */
  onAdvert(advert: RxAdvert): void;
  /** A dropped advert (already counted); advert holds what was decoded before the failing check. */
  onDrop?(reason: DropReason, advert: RxAdvert): void;
  /** A send that failed for another reason than a full socket buffer (already counted). */
  onSendError?(err: NodeJS.ErrnoException): void;
}

/** One registered instance. */
export interface VrrpEndpoint {
  readonly spec: Readonly<EndpointSpec>;
  readonly counters: EndpointCounters;
  /**
   * The decode expectation of this instance; the daemon may set M.AH_SEQ in mode and keep lastSeq current to
   * have the wasm decoder do the AH replay check.
   */
  readonly expectation: Expectation;
  /** Unicast mode (unicast_peer given). */
  readonly unicast: boolean;
  /**
   * Sends one advert at priority (0 = resign) to the group, or one copy per unicast peer. The IPv4 ID and the AH
   * sequence advance once per advert (keepalived's vrrp_update_pkt); pass ahSequence to impose the sequence.
   * Returns the copies handed to the kernel; failures are counted (EAGAIN/ENOBUFS: dropped, never queued).
   */
  sendAdvert(priority: number, ahSequence?: number): number;
  /** Unregisters (leaves its multicast group when it was the last user). Idempotent. */
  close(): void;
  /** The receive and send descriptors of its channel (the data dump); undefined for a backend without them. */
  sockets?(): { fdIn: number; fdOut: number } | undefined;
}

/** The sockets of one (interface, family), shared by every instance registered on it. */
export interface Channel {
  readonly ifname: string;
  readonly family: Family;
  readonly ifindex: number;
  readonly counters: ChannelCounters;
  /** Registers an instance; throws on a configuration problem (duplicate VRID on the same destination, bad address). */
  register(spec: EndpointSpec, handlers: EndpointHandlers): VrrpEndpoint;
  /** Registered instances. */
  readonly endpointCount: number;
  /** Multicast groups joined (each while at least one instance uses it). */
  joinedGroups(): string[];
  /** Closes the sockets and unregisters every endpoint. Idempotent. */
  close(): void;
}

/** Gratuitous ARPs / unsolicited NAs on one interface. */
export interface NeighbourSender {
  readonly ifname: string;
  /** Sends count GARPs for an IPv4 VIP, back to back. Returns frames sent; failures are counted. */
  sendGarp(vip: string | number, count: number): number;
  /** Sends count keepalived-form unsolicited NAs (source = the VIP) for an IPv6 VIP. */
  sendUnsolicitedNa(vip: string | Uint8Array, count: number, router?: boolean): number;
  /** Re-reads the interface MAC (after a VMAC / MAC change). */
  refreshMac(): void;
  readonly stats: { sent: number; congested: number; errors: number };
}

export interface PacketIO {
  /** The channel of (ifname, family), opened on first use and shared afterwards. */
  openChannel(ifname: string, family: Family): Channel;
  /** The GARP / NA sender of ifname, opened on first use. */
  neighbours(ifname: string): NeighbourSender;
  /**
   * Until uncork(), adverts are collected in preallocated batches and leave in one sendmmsg per channel; a full
   * batch is sent at once, so nothing is ever queued without bound. Nested calls count.
   */
  cork(): void;
  /** Sends what cork() collected. */
  uncork(): void;
  /**
   * Closes the channels and the neighbour socket of ifname: its sockets are bound to an index that is gone once the
   * interface is deleted (a VMAC someone removed), so the next openChannel()/neighbours() opens new ones.
   */
  closeInterface(ifname: string): void;
  /** Closes every channel and neighbour socket. */
  close(): void;
}
