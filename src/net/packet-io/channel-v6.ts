// The IPv6 channel of one interface, set up as keepalived sets up its sockets (reference §4.1):
// - receive: a raw socket (112) bound to the device, the groups joined, IPV6_CHECKSUM 6 (the kernel verifies the
//   checksum and silently drops bad ones, as for keepalived), a large receive buffer, and per-packet hop limit,
//   destination and ifindex through recvmmsg ancillary data (platform-notes §3: RFC 5798's hop-limit check needs
//   them); packets land in the wasm receive slots;
// - send: the kernel builds the header: hop limit 255 to the group (unicast: unicast_ttl, else the kernel's
//   default), TCLASS 0xC0, IPV6_CHECKSUM 6, multicast loop off, and the source (link-local, or unicast_src_ip)
//   with the ifindex through IPV6_PKTINFO on each packet.
import { IPPROTO_VRRP, RawSocket } from '../addon';
import { receiveSlots } from '../../core/wasm/vrrp-codec';
import { ChannelBase } from './channel';
import type { RawChannelOptions } from './channel-v4';
import type { Endpoint } from './endpoint';
import { linkLocalIpv6 } from './interface-addresses';
import { RawSender } from './raw-sender';

const MAX_V6_PAYLOAD = 8 + 16 * 255;
const VRRP_CHECKSUM_OFFSET = 6;
const TCLASS_CS6 = 0xc0;

export class ChannelV6 extends ChannelBase {
  private readonly rx: RawSocket;
  private readonly tx: RawSocket;
  private readonly sender: RawSender;
  /** Per-packet source / destination scratch for the decoder (the addon reports them in its metadata). */
  private readonly src = new Uint8Array(16);
  private readonly dst = new Uint8Array(16);

  constructor(ifname: string, ifindex: number, options: RawChannelOptions) {
    super(ifname, 6, ifindex, options.onHandlerError);
    this.tx = RawSocket.open({
      family: 6, protocol: IPPROTO_VRRP, ifname, checksumOffset: VRRP_CHECKSUM_OFFSET, tclass: TCLASS_CS6,
      multicastHops: 255, unicastHops: -1, multicastLoop: false, sendOnly: true, recvMeta: false,
    });
    const rx = RawSocket.open({
      family: 6, protocol: IPPROTO_VRRP, ifname, checksumOffset: VRRP_CHECKSUM_OFFSET, multicastAll: false,
      multicastLoop: false, rcvbuf: options.rcvbuf,
    });
    this.rx = rx;
    try {
      const { area, slots, slotSize, ptr } = receiveSlots();
      const { demux, counters, src, dst } = this;
      rx.startReceive((count) => {
        for (let i = 0; i < count; i++) {
          if (rx.truncated(i)) counters.truncated++;
          rx.copySource(i, src);
          rx.copyDestination(i, dst);
          demux.dispatch6(ptr(i), rx.packetLength(i), src, dst, rx.hops(i), rx.ifindex(i), rx.ageUs(i));
        }
      }, { slots, slotSize, area, onError: () => counters.receiveErrors++ });
    } catch (e) {
      rx.close();
      this.tx.close();
      throw e;
    }
    this.sender = new RawSender(this.tx, options.batchCapacity, MAX_V6_PAYLOAD);
  }

  protected defaultSource(): string | undefined {
    return linkLocalIpv6(this.ifname);
  }

  protected join(group: string): void {
    this.rx.join(group);
  }

  protected leave(group: string): void {
    this.rx.leave(group);
  }

  send4(): boolean {
    throw new Error('IPv4 advert on an IPv6 channel');
  }

  send6(payload: Buffer, dst: Uint8Array, hops: number, src: Uint8Array, owner: Endpoint): boolean {
    return this.sender.send(payload, dst, this.ifindex, hops, src, owner);
  }

  sockets(): { fdIn: number; fdOut: number } {
    return { fdIn: this.rx.fd, fdOut: this.tx.fd };
  }

  setCorked(corked: boolean): void {
    this.sender.setCorked(corked);
  }

  protected closeWire(): void {
    this.rx.close();
    this.tx.close();
  }
}
