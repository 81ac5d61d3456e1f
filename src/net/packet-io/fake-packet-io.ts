// The in-memory PacketIO (DESIGN principle 3: for unit tests and the deterministic simulation only). It shares
// everything but the wire with the real backend: the same endpoints build the same bytes in wasm, the same
// demultiplexer picks the instance, and by default the same wasm decoder validates what arrives. Frames travel
// over a FakeSegment in virtual time; a port is one interface of one fake node.
import { ipBytes, ipString } from '../addon/addresses';
import { wasmModule } from '../../core/wasm/module';
import { AUTH_AH, receiveSlots } from '../../core/wasm/vrrp-codec';
import { DropReason } from '../../vrrp/drop-reason';
import { ChannelBase, HandlerErrorSink, rethrowLater } from './channel';
import type { Endpoint } from './endpoint';
import type { FakeFrame, FakePortLike, FakeSegment } from './fake-segment';
import type { Channel, Family, NeighbourSender, PacketIO } from './packet-io';

export interface FakePortConfig {
  ifname?: string;
  ifindex?: number;
  /** IPv4 addresses, primary first (the default advert source). */
  ipv4?: string[];
  /** Global IPv6 addresses (unicast destinations). */
  ipv6?: string[];
  /** The link-local address (the default IPv6 advert source). */
  linkLocal?: string;
  mac?: string;
}

/** The kernel's default unicast hop limit, used when unicast_ttl is not set on IPv6. */
const DEFAULT_HOP_LIMIT = 64;

class FakeChannel extends ChannelBase {
  constructor(
    private readonly port: FakePort,
    family: Family,
    onHandlerError: HandlerErrorSink,
  ) {
    super(port.ifname, family, port.ifindex, onHandlerError);
  }

  protected defaultSource(): string | undefined {
    return this.family === 4 ? this.port.config.ipv4?.[0] : this.port.config.linkLocal;
  }

  protected join(): void {}
  protected leave(): void {}
  protected closeWire(): void {}

  hasGroup(dst: Uint8Array): boolean {
    return this.joinedGroups().includes(ipString(dst));
  }

  private transmit(owner: Endpoint, bytes: Uint8Array, dst: Uint8Array, hops: number, src: Uint8Array): boolean {
    const family = this.family;
    const multicast = family === 4 ? (dst[0] & 0xf0) === 0xe0 : dst[0] === 0xff;
    const frame: FakeFrame = {
      at: this.port.segment.now, from: this.port, family, bytes: Buffer.from(bytes), src: Uint8Array.from(src),
      dst: Uint8Array.from(dst), hops, multicast,
      plain: {
        version: owner.spec.version, vrid: owner.spec.vrid, priority: owner.lastPriority,
        authType: owner.expectation.authType, wireInterval: owner.spec.wireInterval,
        ahSeq: owner.expectation.authType === AUTH_AH ? owner.lastAhSequence : 0,
        addrs: owner.vipBytes,
      },
    };
    const fault = this.port.io.sendFault?.(frame, owner);
    if (fault) {
      owner.sendFailed(Object.assign(new Error(`sendmsg on ${this.ifname}: ${fault}`), { code: fault }));
      return false;
    }
    this.port.segment.transmit(frame);
    owner.counters.sent++;
    return true;
  }

  send4(packet: Buffer, dst: Uint8Array, owner: Endpoint): boolean {
    return this.transmit(owner, packet, dst, packet[8], owner.src);
  }

  send6(payload: Buffer, dst: Uint8Array, hops: number, src: Uint8Array, owner: Endpoint): boolean {
    return this.transmit(owner, payload, dst, hops < 0 ? DEFAULT_HOP_LIMIT : hops, src);
  }

  /** A frame from the segment: through the wasm decoder, or (plain mode) with the sender's fields. */
  receive(frame: FakeFrame, decode: boolean): void {
    if (this.closed) return;
    if (!decode && frame.plain) {
      this.receivePlain(frame);
      return;
    }
    const slots = receiveSlots();
    const ptr = slots.ptr(0);
    let len = frame.bytes.length;
    if (len > slots.slotSize) {
      this.counters.truncated++;
      len = slots.slotSize;
    }
    wasmModule().mem.set(len === frame.bytes.length ? frame.bytes : frame.bytes.subarray(0, len), ptr);
    if (this.family === 4) this.demux.dispatch4(ptr, len, this.ifindex, -1);
    else this.demux.dispatch6(ptr, len, frame.src, frame.dst, frame.hops, this.ifindex, -1);
  }

  private receivePlain(frame: FakeFrame): void {
    const p = frame.plain!;
    const ep = this.demux.resolve(p.vrid, frame.src, 0, frame.dst, 0);
    if (!ep) return;
    const rx = ep.rx;
    const n = this.family === 4 ? 4 : 16;
    rx.reason = DropReason.Ok;
    rx.family = this.family;
    rx.ifindex = this.ifindex;
    rx.version = p.version;
    rx.type = 1;
    rx.vrid = p.vrid;
    rx.priority = p.priority;
    rx.naddr = p.addrs.length / n;
    rx.authType = p.authType;
    rx.wireInterval = p.wireInterval;
    rx.advertIntervalUs = p.version === 2 ? p.wireInterval * 1_000_000 : p.wireInterval * 10_000;
    rx.ttl = frame.hops;
    rx.ahSeq = p.ahSeq;
    rx.src.set(frame.src);
    rx.dst.set(frame.dst);
    rx.multicastDst = frame.multicast;
    rx.intervalMismatch = p.version === 3 && p.wireInterval !== ep.spec.wireInterval;
    rx.addrCountMismatch = rx.naddr !== ep.spec.vips.length;
    rx.oldUnicastChecksum = false;
    rx.addrs.set(p.addrs);
    ep.counters.count(DropReason.Ok);
    ep.handOver(DropReason.Ok);
  }
}

/** One interface of a fake node, attached to a segment. */
export class FakePort implements FakePortLike {
  readonly ifname: string;
  readonly ifindex: number;
  readonly name: string;
  readonly channels: { 4?: FakeChannel; 6?: FakeChannel } = {};
  private readonly owned: Uint8Array[];

  constructor(
    readonly io: FakePacketIO,
    readonly segment: FakeSegment,
    readonly config: FakePortConfig,
  ) {
    this.ifname = config.ifname ?? 'eth0';
    this.ifindex = config.ifindex ?? 2;
    this.name = `${io.name}/${this.ifname}`;
    this.owned = [...(config.ipv4 ?? []), ...(config.ipv6 ?? []), ...(config.linkLocal ? [config.linkLocal] : [])].map(ipBytes);
  }

  owns(addr: Uint8Array): boolean {
    return this.owned.some((a) => a.length === addr.length && a.every((b, i) => b === addr[i]));
  }

  accepts(family: Family, dst: Uint8Array, multicast: boolean): boolean {
    const ch = this.channels[family];
    if (!ch || ch.isClosed) return false;
    return multicast ? ch.hasGroup(dst) : this.owns(dst);
  }

  receive(frame: FakeFrame): void {
    this.channels[frame.family]?.receive(frame, this.segment.decode);
  }
}

class FakeNeighbourSender implements NeighbourSender {
  readonly stats = { sent: 0, congested: 0, errors: 0 };

  constructor(private readonly port: FakePort) {}

  get ifname(): string {
    return this.port.ifname;
  }

  refreshMac(): void {}

  sendGarp(vip: string | number, count: number): number {
    const text = typeof vip === 'number' ? ipString(Uint8Array.of(vip >>> 24, (vip >>> 16) & 255, (vip >>> 8) & 255, vip & 255)) : vip;
    this.port.segment.recordNeighbours({ from: this.port, kind: 'garp', vip: text, count });
    this.stats.sent += count;
    return count;
  }

  sendUnsolicitedNa(vip: string | Uint8Array, count: number): number {
    const text = typeof vip === 'string' ? vip : ipString(vip);
    this.port.segment.recordNeighbours({ from: this.port, kind: 'na', vip: text, count });
    this.stats.sent += count;
    return count;
  }
}

export interface FakePacketIOOptions {
  onHandlerError?: HandlerErrorSink;
}

/** A fake node's PacketIO: attach it to segments (one port per interface), then use it as the real one. */
export class FakePacketIO implements PacketIO {
  readonly ports = new Map<string, FakePort>();
  /** Makes a send fail with this errno code (e.g. 'ENOBUFS'), or not (null/undefined). */
  sendFault: ((frame: FakeFrame, owner: Endpoint) => string | null | undefined) | undefined;
  private readonly senders = new Map<string, FakeNeighbourSender>();
  private readonly onHandlerError: HandlerErrorSink;
  corkDepth = 0;

  constructor(
    readonly name: string,
    options: FakePacketIOOptions = {},
  ) {
    this.onHandlerError = options.onHandlerError ?? rethrowLater;
  }

  /** Plugs interface config.ifname (default eth0) into segment. */
  attach(segment: FakeSegment, config: FakePortConfig = {}): FakePort {
    const port = new FakePort(this, segment, config);
    if (this.ports.has(port.ifname)) throw new Error(`${this.name}: ${port.ifname} is already attached`);
    this.ports.set(port.ifname, port);
    segment.attach(port);
    return port;
  }

  private port(ifname: string): FakePort {
    const p = this.ports.get(ifname);
    if (!p) throw Object.assign(new Error(`${this.name}: no interface ${ifname}`), { code: 'ENODEV' });
    return p;
  }

  openChannel(ifname: string, family: Family): Channel {
    const port = this.port(ifname);
    const open = port.channels[family];
    if (open && !open.isClosed) return open;
    const ch = new FakeChannel(port, family, this.onHandlerError);
    port.channels[family] = ch;
    return ch;
  }

  neighbours(ifname: string): NeighbourSender {
    let s = this.senders.get(ifname);
    if (!s) {
      s = new FakeNeighbourSender(this.port(ifname));
      this.senders.set(ifname, s);
    }
    return s;
  }

  /** Adverts leave at once in the fake; cork only counts (the real backend batches). */
  cork(): void {
    this.corkDepth++;
  }

  uncork(): void {
    if (this.corkDepth > 0) this.corkDepth--;
  }

  /**
   * Delivers raw bytes to ifname's channel now, through the wasm decoder, as if they came off the wire (IPv4: the
   * whole packet; IPv6: the VRRP payload with src/dst/hops). For malformed-packet tests.
   */
  inject(ifname: string, family: Family, bytes: Uint8Array, meta: { src?: string; dst?: string; hops?: number } = {}): void {
    const port = this.port(ifname);
    const frame: FakeFrame = {
      at: port.segment.now, from: port, family, bytes: Buffer.from(bytes),
      src: ipBytes(meta.src ?? (family === 4 ? '0.0.0.0' : '::')), dst: ipBytes(meta.dst ?? (family === 4 ? '224.0.0.18' : 'ff02::12')),
      hops: meta.hops ?? 255, multicast: false,
    };
    port.channels[family]?.receive(frame, true);
  }

  closeInterface(ifname: string): void {
    const p = this.ports.get(ifname);
    p?.channels[4]?.close();
    p?.channels[6]?.close();
    this.senders.delete(ifname);
  }

  close(): void {
    for (const p of this.ports.values()) {
      p.channels[4]?.close();
      p.channels[6]?.close();
      p.segment.detach(p);
    }
  }
}
