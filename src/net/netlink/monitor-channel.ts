// The real monitor channel: a second rtnetlink socket that joins the notification groups and sends nothing
// (keepalived's "netlink reflector"). It turns RTM_NEW/DEL{LINK,ADDR,ROUTE,RULE} into NetlinkEvents. A receive
// error — ENOBUFS when the kernel had to drop notifications because the buffer was full — becomes an 'overrun'
// event: the daemon must then re-read the kernel state and reconcile, since it cannot know what it missed.
import { createRtNetlink, NetlinkMessage, rt, RtNetlinkSocket } from 'netlink';
import { toNetlinkError } from './errors';
import { linkEvents } from './link-events';
import { parseAddress, parseLink, parseRoute, parseRule } from './parse-messages';
import { LinkInfo, NetlinkEvent, NetlinkMonitor } from './types';

export type MonitorGroup = 'link' | 'ipv4-address' | 'ipv6-address' | 'ipv4-route' | 'ipv6-route' | 'ipv4-rule' | 'ipv6-rule';

const GROUPS: Readonly<Record<MonitorGroup, rt.MulticastGroups>> = {
  link: rt.MulticastGroups.LINK,
  'ipv4-address': rt.MulticastGroups.IPV4_IFADDR,
  'ipv6-address': rt.MulticastGroups.IPV6_IFADDR,
  'ipv4-route': rt.MulticastGroups.IPV4_ROUTE,
  'ipv6-route': rt.MulticastGroups.IPV6_ROUTE,
  'ipv4-rule': rt.MulticastGroups.IPV4_RULE,
  'ipv6-rule': rt.MulticastGroups.IPV6_RULE,
};

export const ALL_MONITOR_GROUPS = Object.keys(GROUPS) as MonitorGroup[];

export interface MonitorChannelOptions {
  /** Default: all of ALL_MONITOR_GROUPS. */
  groups?: readonly MonitorGroup[];
  /** SO_RCVBUF; default 4 MiB (capped by net.core.rmem_max): a burst of 200 VIP changes must not overflow it. */
  recvBufferSize?: number;
}

/** Opens the monitor socket in the calling process's network namespace. Throws a NetlinkError on failure. */
export function createMonitorChannel(options: MonitorChannelOptions = {}): NetlinkMonitor {
  return new MonitorChannel(options);
}

class MonitorChannel implements NetlinkMonitor {
  private readonly sock: RtNetlinkSocket;
  private readonly listeners = new Set<(event: NetlinkEvent) => void>();
  private readonly links = new Map<number, LinkInfo>();
  private closed = false;

  constructor(options: MonitorChannelOptions) {
    const size = options.recvBufferSize ?? 4 << 20;
    try {
      // ref: a process that listens for notifications must stay alive while the socket is open.
      // (sendBufferSize 0 leaves the default: this socket sends nothing, but the package's typings want the field.)
      this.sock = createRtNetlink({ ref: true, recvBufferSize: size, sendBufferSize: 0 });
      for (const g of options.groups ?? ALL_MONITOR_GROUPS) this.sock.addMembership(GROUPS[g]);
    } catch (e) {
      throw toNetlinkError(e, 'open rtnetlink monitor socket');
    }
    // Raw messages, not the RtNetlinkSocket's parsed ones: those lose the type, so NEW and DEL look alike.
    this.sock.socket.on('message', (msgs) => this.receive(msgs));
    this.sock.socket.on('error', (e) => this.emit({ type: 'overrun', error: toNetlinkError(e, 'rtnetlink monitor socket') }));
  }

  onEvent(listener: (event: NetlinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  primeLinks(links: readonly LinkInfo[]): void {
    for (const l of links) this.links.set(l.index, l);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.sock.socket.close();
  }

  private emit(event: NetlinkEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  private receive(msgs: NetlinkMessage[]): void {
    for (const m of msgs) {
      let parsed: rt.Message;
      try {
        parsed = rt.parseMessage(m.type, m.data);
      } catch {
        continue; // a type this layer does not watch, or a malformed message: nothing to report
      }
      for (const ev of this.events(m.type, parsed)) this.emit(ev);
    }
  }

  private events(type: number, m: rt.Message): NetlinkEvent[] {
    const T = rt.MessageType;
    switch (m.kind) {
      case 'link':
        return linkEvents(this.links, parseLink(m), type === T.DELLINK);
      case 'address': {
        const address = parseAddress(m);
        if (!address) return [];
        return [type === T.DELADDR ? { type: 'address-removed', address } : { type: 'address-added', address }];
      }
      case 'route': {
        const route = parseRoute(m);
        if (!route) return [];
        return [type === T.DELROUTE ? { type: 'route-removed', route } : { type: 'route-added', route }];
      }
      case 'rule': {
        const rule = parseRule(m);
        if (!rule) return [];
        return [type === T.DELRULE ? { type: 'rule-removed', rule } : { type: 'rule-added', rule }];
      }
      default:
        return [];
    }
  }
}
