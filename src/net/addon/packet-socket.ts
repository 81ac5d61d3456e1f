// PacketSocket: an AF_PACKET socket bound to one interface that sends whole Ethernet frames (gratuitous
// ARP, keepalived-identical unsolicited NA with the VIP as IPv6 source), and the ethertypes it is used with.
import { interfaceIndex } from './interfaces';
import { native, NativeHandle } from './native';

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
