// The "Interfaces" section of keepalived.data (vrrp_if.c dump_if): every interface of the namespace in index order,
// with the addresses keepalived keeps for it — the first IPv4 address and the others, the first link-local IPv6
// address and the others; never an address it adds itself (VIPs, excluded VIPs, static addresses) — its link
// flags, MTU, hardware type, how its link state is learnt (netlink, or the linkbeat method) and the instances that
// track it, in keepalived's words.
import type { LinkbeatType } from '../../config/model/interface-groups';
import type { KernelAddress, LinkInfo } from '../../net/netlink/types';

const ARPHRD_ETHER = 1;
const ARPHRD_INFINIBAND = 32;
const ARPHRD_LOOPBACK = 772;
const RT_SCOPE_LINK = 253;

export interface TrackingEntry {
  readonly instance: string;
  readonly weight: number;
  readonly reverse: boolean;
}

export interface InterfaceDumpInput {
  readonly links: readonly LinkInfo[];
  /** The kernel's addresses, in its order. */
  readonly addresses: readonly KernelAddress[];
  /** "address" texts keepalived never records for an interface (its own: VIPs, eVIPs, static addresses). */
  readonly own: ReadonlySet<string>;
  /** The instances tracking each interface, by name, in the order keepalived adds them. */
  readonly tracking: ReadonlyMap<string, readonly TrackingEntry[]>;
  /** How the link state of an interface is polled (undefined: netlink reports it). */
  linkbeat(ifname: string): LinkbeatType | undefined;
  /** The gratuitous ARP / NA rate limit of an interface (undefined: none). */
  garp?(ifname: string): { garpUs?: number; gnaUs?: number; aggregationGroup: number } | undefined;
}

const LINKBEAT_WORDS: Readonly<Record<LinkbeatType, string>> = {
  MII: 'NIC support MII regs',
  ETHTOOL: 'NIC support ETHTOOL GLINK interface',
  IOCTL: 'NIC ioctl refresh polling',
};

function addressLines(label: string, list: readonly string[]): string[] {
  const out = [`   ${label} address = ${list[0] ?? '(none)'}`];
  if (list.length > 1) out.push(`   Additional ${label} addresses :`, ...list.slice(1).map((a) => `     ${a}`));
  return out;
}

function stateLine(l: LinkInfo): string {
  const f = l.iff ?? { broadcast: true, loopback: false, pointToPoint: false, noArp: false, multicast: true };
  return `   State = ${l.up ? '' : 'not '}UP, ${l.running ? '' : 'not '}RUNNING${f.broadcast ? '' : ', no broadcast'}`
    + `${f.loopback ? ', loopback' : ''}${f.pointToPoint ? ', point to point' : ''}${f.noArp ? ', no arp' : ''}`
    + `${f.multicast ? '' : ', no multicast'}`;
}

function hwTypeLines(type: number | undefined): string[] {
  if (type === ARPHRD_LOOPBACK) return ['   HW Type = LOOPBACK'];
  if (type === ARPHRD_ETHER) return ['   HW Type = ETHERNET'];
  // keepalived logs InfiniBand instead of writing it to the file
  if (type === ARPHRD_INFINIBAND) return [];
  return [`   HW Type = UNKNOWN (${type ?? 0})`];
}

function garpLines(g: { garpUs?: number; gnaUs?: number; aggregationGroup: number } | undefined): string[] {
  if (!g) return [];
  const out: string[] = [];
  if (g.garpUs !== undefined) out.push(`   Gratuitous ARP interval ${Math.floor(g.garpUs / 1000)}ms`);
  if (g.gnaUs !== undefined) out.push(`   Gratuitous NA interval ${Math.floor(g.gnaUs / 1000)}ms`);
  if (g.aggregationGroup) out.push(`   Gratuitous ARP aggregation group ${g.aggregationGroup}`);
  return out;
}

function interfaceLines(l: LinkInfo, input: InterfaceDumpInput): string[] {
  const mine = input.addresses.filter((a) => a.index === l.index && !input.own.has(a.address));
  const v4 = mine.filter((a) => a.family === 4).map((a) => a.address);
  const v6 = mine.filter((a) => a.family === 6 && a.scope === RT_SCOPE_LINK).map((a) => a.address);
  const out = [` Name = ${l.name}`, `   index = ${l.index}`, ...addressLines('IPv4', v4), ...addressLines('IPv6', v6)];
  // keepalived keeps no hardware address when it is all zeroes (loopback)
  if (l.mac && /[1-9a-f]/.test(l.mac)) out.push(`   MAC = ${l.mac}`, `   MAC broadcast = ${l.broadcastMac ?? 'ff:ff:ff:ff:ff:ff'}`);
  const lb = input.linkbeat(l.name);
  out.push(
    stateLine(l),
    `   Seen up = ${l.up && l.running ? 1 : 0}`,
    '   Delayed state change running = false',
    '   Up debounce timer = 0us',
    '   Down debounce timer = 0us',
    `   MTU = ${l.mtu ?? 0}`,
    ...hwTypeLines(l.hwType),
    lb === undefined ? '   NIC netlink status update' : `   ${LINKBEAT_WORDS[lb]}`,
    ...garpLines(input.garp?.(l.name)),
    '   Reset ARP config counter 0',
    '   Original arp_ignore 0',
    '   Original arp_filter 0',
    '   Original promote_secondaries 0',
    '   Reset promote_secondaries counter 0',
  );
  const tracking = input.tracking.get(l.name) ?? [];
  if (tracking.length) {
    out.push('   Tracking VRRP instances :', ...tracking.map((t) => `     ${t.instance}, weight ${t.weight}${t.reverse ? ' reverse' : ''}`));
  }
  return out;
}

export function interfacesSection(input: InterfaceDumpInput): string[] {
  if (input.links.length === 0) return [];
  const out = ['------< Interfaces >------'];
  for (const l of [...input.links].sort((a, b) => a.index - b.index)) out.push(...interfaceLines(l, input));
  return out;
}
