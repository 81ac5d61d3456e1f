// The IPv4 channel of one interface, set up as keepalived sets up its sockets (reference §4.1, trap 21):
// - receive: a raw socket per protocol (112; 51 from the first auth_type AH instance), bound to the device
//   (SO_BINDTODEVICE), IP_MULTICAST_ALL off, the groups joined, a large receive buffer; recvmmsg writes packets
//   straight into the wasm module's receive slots, where they are demultiplexed and decoded;
// - send: one IP_HDRINCL socket (the wasm template carries keepalived's header: TOS 0xC0, TTL 255 or unicast_ttl,
//   ID counter, no DF), bound to the device, multicast loop off, with a drop-all filter since it never reads.
// Every socket is a field of the channel, and the channel is held by the PacketIO for the daemon's lifetime.
import { IPPROTO_AH, IPPROTO_VRRP, RawSocket } from '../addon';
import { AUTH_AH, receiveSlots } from '../../core/wasm/vrrp-codec';
import { ChannelBase, HandlerErrorSink } from './channel';
import type { Endpoint } from './endpoint';
import { primaryIpv4 } from './interface-addresses';
import { RawSender } from './raw-sender';

/** Largest IPv4 advert: header, AH, VRRP header, 255 addresses, auth data. */
const MAX_V4_PACKET = 20 + 24 + 8 + 4 * 255 + 8;

export interface RawChannelOptions {
  /** SO_RCVBUFFORCE bytes (platform-notes §7: the default 212992 drops bursts). */
  rcvbuf: number;
  /** Copies per sendmmsg batch while corked. */
  batchCapacity: number;
  onHandlerError: HandlerErrorSink;
}

export class ChannelV4 extends ChannelBase {
  private readonly rxVrrp: RawSocket;
  private rxAh: RawSocket | undefined;
  private readonly tx: RawSocket;
  private readonly sender: RawSender;
  private readonly slots = receiveSlots();

  constructor(ifname: string, ifindex: number, private readonly options: RawChannelOptions) {
    super(ifname, 4, ifindex, options.onHandlerError);
    this.tx = RawSocket.open({
      family: 4, protocol: IPPROTO_VRRP, ifname, hdrincl: true, multicastLoop: false, sendOnly: true, recvMeta: false,
    });
    try {
      this.rxVrrp = this.openReceiver(IPPROTO_VRRP);
    } catch (e) {
      this.tx.close();
      throw e;
    }
    this.sender = new RawSender(this.tx, options.batchCapacity, MAX_V4_PACKET);
  }

  sockets(): { fdIn: number; fdOut: number } {
    return { fdIn: this.rxVrrp.fd, fdOut: this.tx.fd };
  }

  private openReceiver(protocol: number): RawSocket {
    const s = RawSocket.open({
      family: 4, protocol, ifname: this.ifname, multicastAll: false, multicastLoop: false, rcvbuf: this.options.rcvbuf,
    });
    try {
      const { area, slots, slotSize, ptr } = this.slots;
      const demux = this.demux;
      const counters = this.counters;
      s.startReceive((count) => {
        for (let i = 0; i < count; i++) {
          if (s.truncated(i)) counters.truncated++;
          demux.dispatch4(ptr(i), s.packetLength(i), s.ifindex(i), s.ageUs(i));
        }
      }, { slots, slotSize, area, onError: () => counters.receiveErrors++ });
    } catch (e) {
      s.close();
      throw e;
    }
    return s;
  }

  protected defaultSource(): string | undefined {
    return primaryIpv4(this.ifname);
  }

  protected endpointAdded(ep: Endpoint): void {
    // AH adverts are IP protocol 51: a raw socket for 112 never sees them
    if (this.rxAh || ep.expectation.authType !== AUTH_AH) return;
    const s = this.openReceiver(IPPROTO_AH);
    for (const g of this.joinedGroups()) s.join(g);
    this.rxAh = s;
  }

  protected join(group: string): void {
    this.rxVrrp.join(group);
    this.rxAh?.join(group);
  }

  protected leave(group: string): void {
    this.rxVrrp.leave(group);
    this.rxAh?.leave(group);
  }

  send4(packet: Buffer, dst: Uint8Array, owner: Endpoint): boolean {
    return this.sender.send(packet, dst, this.ifindex, -1, null, owner);
  }

  send6(): boolean {
    throw new Error('IPv6 advert on an IPv4 channel');
  }

  setCorked(corked: boolean): void {
    this.sender.setCorked(corked);
  }

  protected closeWire(): void {
    this.rxVrrp.close();
    this.rxAh?.close();
    this.tx.close();
  }
}
