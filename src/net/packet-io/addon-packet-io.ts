// The real PacketIO: raw sockets and AF_PACKET through the in-repo addon. It holds every channel and neighbour
// socket in its maps for as long as it lives (a socket object that is collected closes silently, platform-notes
// §1), so the daemon only has to hold this object.
import { interfaceIndex } from '../addon';
import { HandlerErrorSink, rethrowLater } from './channel';
import { ChannelV4 } from './channel-v4';
import { ChannelV6 } from './channel-v6';
import { AddonNeighbourSender } from './neighbour-sender';
import type { Channel, Family, NeighbourSender, PacketIO } from './packet-io';

export interface AddonPacketIOOptions {
  /** Receive buffer per socket (SO_RCVBUFFORCE). Default 8 MiB. */
  rcvbuf?: number;
  /** Copies per sendmmsg batch while corked. Default 64. */
  batchCapacity?: number;
  /** Where exceptions thrown by endpoint handlers go (default: re-thrown on the next tick). */
  onHandlerError?: HandlerErrorSink;
}

export class AddonPacketIO implements PacketIO {
  private readonly channels = new Map<string, ChannelV4 | ChannelV6>();
  private readonly senders = new Map<string, AddonNeighbourSender>();
  private corkDepth = 0;
  private readonly options: Required<AddonPacketIOOptions>;

  constructor(options: AddonPacketIOOptions = {}) {
    this.options = {
      rcvbuf: options.rcvbuf ?? 8 << 20,
      batchCapacity: options.batchCapacity ?? 64,
      onHandlerError: options.onHandlerError ?? rethrowLater,
    };
  }

  openChannel(ifname: string, family: Family): Channel {
    const key = `${family}/${ifname}`;
    const open = this.channels.get(key);
    if (open && !open.isClosed) return open;
    const ifindex = interfaceIndex(ifname);
    const ch = family === 4 ? new ChannelV4(ifname, ifindex, this.options) : new ChannelV6(ifname, ifindex, this.options);
    if (this.corkDepth > 0) ch.setCorked(true);
    this.channels.set(key, ch);
    return ch;
  }

  /** The open channel of (ifname, family), if any. */
  channel(ifname: string, family: Family): Channel | undefined {
    const ch = this.channels.get(`${family}/${ifname}`);
    return ch && !ch.isClosed ? ch : undefined;
  }

  neighbours(ifname: string): NeighbourSender {
    let s = this.senders.get(ifname);
    if (!s) {
      s = new AddonNeighbourSender(ifname);
      this.senders.set(ifname, s);
    }
    return s;
  }

  cork(): void {
    if (this.corkDepth++ === 0) for (const ch of this.channels.values()) ch.setCorked(true);
  }

  uncork(): void {
    if (this.corkDepth === 0) return;
    if (--this.corkDepth === 0) for (const ch of this.channels.values()) ch.setCorked(false);
  }

  closeInterface(ifname: string): void {
    for (const family of [4, 6] as const) {
      const key = `${family}/${ifname}`;
      this.channels.get(key)?.close();
      this.channels.delete(key);
    }
    this.senders.get(ifname)?.close();
    this.senders.delete(ifname);
  }

  close(): void {
    for (const ch of this.channels.values()) ch.close();
    for (const s of this.senders.values()) s.close();
    this.channels.clear();
    this.senders.clear();
  }
}
