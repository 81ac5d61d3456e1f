// The data the netlink layer speaks: what the kernel reports (links, addresses, routes, rules), what callers ask
// for (AddressSpec, RouteSpec, RuleSpec), the events of the monitor channel, and the two interfaces that the real
// backend (command-channel.ts, monitor-channel.ts) and the in-memory fake (fake-netlink.ts) both implement.
// Addresses are text ('10.0.0.1', 'fd00::1'); the codec turns them into bytes only at the socket.
import type { NetlinkError } from './errors';

/** IP version of an address, route or rule. */
export type IpFamily = 4 | 6;

/** The lifetime the kernel reports (and takes) as "forever". */
export const FOREVER = 0xffffffff;

/** RT_SCOPE_* values (rtnetlink.h); keepalived's `scope` keyword names the same numbers. */
export const Scope = { universe: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;

/** RTPROT_KEEPALIVED: keepalived marks its routes and rules with it, and only watches those. */
export const RTPROT_KEEPALIVED = 18;

/** RT_TABLE_MAIN. */
export const TABLE_MAIN = 254;

export interface LinkInfo {
  index: number;
  name: string;
  /** IFF_UP: administratively up. */
  up: boolean;
  /** IFF_RUNNING: operationally up (carrier and not dormant). */
  running: boolean;
  /** IFF_LOWER_UP: the driver reports L1 up. */
  lowerUp: boolean;
  /** 'aa:bb:cc:dd:ee:ff', absent for links without a hardware address (e.g. some tunnels). */
  mac?: string;
  mtu?: number;
  /** IFLA_INFO_KIND ('veth', 'bridge', 'macvlan', 'dummy', …); absent for physical NICs and lo. */
  kind?: string;
  /** IFLA_OPERSTATE (RFC 2863: 6 = up, 2 = down, 0 = unknown). */
  operstate?: number;
  /** IFLA_MASTER: index of the bridge/bond this link is enslaved to. */
  master?: number;
  /** IFLA_LINK: index of the parent link (a VMAC's base interface, a veth peer in its own netns). */
  parent?: number;
  /** ifi_type (ARPHRD_*: 1 Ethernet, 772 loopback). */
  hwType?: number;
  /** IFLA_BROADCAST: the link-layer broadcast address. */
  broadcastMac?: string;
  /** The other IFF_* flags keepalived's data dump shows. */
  iff?: { broadcast: boolean; loopback: boolean; pointToPoint: boolean; noArp: boolean; multicast: boolean };
}

/** keepalived's notion of "interface up" (IF_FLAGS_UP): both IFF_UP and IFF_RUNNING. */
export function linkIsUp(link: Pick<LinkInfo, 'up' | 'running'>): boolean {
  return link.up && link.running;
}

/** The IFA_F_* flags the kernel reports on an address (secondary, deprecated… are the kernel's own). */
export interface AddressFlags {
  secondary: boolean;
  nodad: boolean;
  optimistic: boolean;
  dadfailed: boolean;
  home: boolean;
  deprecated: boolean;
  tentative: boolean;
  permanent: boolean;
  mngtmpaddr: boolean;
  noprefixroute: boolean;
  autojoin: boolean;
}

/** An address as the kernel reports it (RTM_NEWADDR / RTM_DELADDR). */
export interface KernelAddress {
  index: number;
  family: IpFamily;
  /** The interface's own address (IFA_LOCAL, or IFA_ADDRESS when the kernel sends only that). */
  address: string;
  prefix: number;
  /** IPv4 only; the kernel reports the interface name when no label was given. */
  label?: string;
  scope: number;
  broadcast?: string;
  /** The point-to-point peer (IFA_ADDRESS when it differs from IFA_LOCAL). */
  peer?: string;
  flags: AddressFlags;
  /** Seconds, FOREVER for infinite (IFA_CACHEINFO). */
  preferredLft: number;
  validLft: number;
}

/**
 * An address to add or delete, with keepalived's attributes (reference §3.5). See address-attrs.ts for how each
 * becomes a netlink attribute, and computeBroadcast() for `brd +` / `brd -`.
 */
export interface AddressSpec {
  index: number;
  /** The interface name: only for messages, and for comparing with the kernel's default IPv4 label. */
  ifname?: string;
  family: IpFamily;
  address: string;
  prefix: number;
  /** IPv4 only (keepalived drops labels of IPv6 addresses with a config warning). */
  label?: string;
  /** RT_SCOPE_*, IPv4 only; default universe ("global"). */
  scope?: number;
  /** IPv4 only, a concrete address. */
  broadcast?: string;
  peer?: string;
  /** IPv6: IFA_F_NODAD; default true, as keepalived adds every IPv6 VIP nodad unless `-nodad` is configured. */
  nodad?: boolean;
  home?: boolean;
  mngtmpaddr?: boolean;
  noprefixroute?: boolean;
  autojoin?: boolean;
  /**
   * Seconds or 'forever'. Default (keepalived): 0 for an IPv6 /128 — deprecated, so it is never picked as a source
   * address — and forever otherwise.
   */
  preferredLft?: number | 'forever';
}

export type RouteType =
  | 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';

/** A route to add or delete: the basics of keepalived's virtual_routes / static_routes. */
export interface RouteSpec {
  family: IpFamily;
  /** Destination network address; absent for `default`. */
  dst?: string;
  dstLen: number;
  /** Gateway. */
  via?: string;
  /** Output interface index (dev). */
  index?: number;
  /** Default RT_TABLE_MAIN (254). */
  table?: number;
  /** RTA_PRIORITY (metric / priority / preference). */
  metric?: number;
  /** RT_SCOPE_*; default as iproute2 picks it (host for local/nat, link for a gateway-less unicast, …). */
  scope?: number;
  /** Preferred source (RTA_PREFSRC). */
  src?: string;
  /** Default unicast on add; on delete, absent matches any type. */
  type?: RouteType;
  /** Default RTPROT_KEEPALIVED (18), as keepalived marks its routes. */
  protocol?: number;
  tos?: number;
  onlink?: boolean;
  /** Source-specific routing (`from PREFIX`, IPv6): RTA_SRC and rtm_src_len. */
  from?: string;
  fromLen?: number;
  /** The gateway's family when it differs from the route's (`via inet6 …` on an IPv4 route): sent as RTA_VIA. */
  viaFamily?: IpFamily;
  /** RTA_FLOW. */
  realms?: number;
  /** RTA_METRICS. */
  metrics?: RouteMetricsSpec;
  /** RTA_PREF (ICMPv6 router preference). */
  pref?: number;
  /** RTA_EXPIRES, seconds (IPv6). */
  expires?: number;
  /** RTA_TTL_PROPAGATE (MPLS). */
  ttlPropagate?: boolean;
  /** RTA_MULTIPATH: `nexthop via … dev … weight …` (and keepalived's `or`). */
  nexthops?: NexthopSpec[];
}

/** One path of a multipath route. */
export interface NexthopSpec {
  via?: string;
  /** Set when it differs from the route's family (RTA_VIA). */
  viaFamily?: IpFamily;
  /** Output interface index. */
  index?: number;
  /** 1..256; the kernel holds weight-1 in rtnh_hops. */
  weight?: number;
  onlink?: boolean;
  realms?: number;
}

/** RTAX_* route metrics; `locked` lists the ones given with `lock`. */
export interface RouteMetricsSpec {
  mtu?: number;
  window?: number;
  rtt?: number;
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  advmss?: number;
  reordering?: number;
  hoplimit?: number;
  initcwnd?: number;
  /** RTAX_FEATURES bit 0. */
  featuresEcn?: boolean;
  rtoMin?: number;
  initrwnd?: number;
  quickack?: number;
  congctl?: string;
  fastopenNoCookie?: number;
  locked?: Array<'mtu' | 'window' | 'rtt' | 'rttvar' | 'ssthresh' | 'cwnd' | 'advmss' | 'reordering' | 'rtoMin' | 'congctl'>;
}

/** A route as the kernel reports it. */
export interface KernelRoute {
  family: IpFamily;
  dst?: string;
  dstLen: number;
  via?: string;
  index?: number;
  table: number;
  metric?: number;
  scope: number;
  src?: string;
  type: RouteType | number;
  protocol: number;
  tos: number;
}

export type RuleAction = 'table' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

/** A policy routing rule to add or delete: the basics of keepalived's virtual_rules / static_rules. */
export interface RuleSpec {
  family: IpFamily;
  /** preference / priority / order (keepalived warns when it is not set). */
  priority?: number;
  from?: string;
  fromLen?: number;
  to?: string;
  toLen?: number;
  /** Lookup table; implies action 'table'. */
  table?: number;
  fwmark?: number;
  fwmask?: number;
  /** Input interface name. */
  iif?: string;
  /** Output interface name. */
  oif?: string;
  tos?: number;
  /** Default 'table' when a table is given. */
  action?: RuleAction;
  /** Target priority for action 'goto'. */
  goto?: number;
  /** `not` */
  invert?: boolean;
  /** Default RTPROT_KEEPALIVED (18). */
  protocol?: number;
  /** FRA_FLOW. */
  realms?: number;
  suppressPrefixlength?: number;
  suppressIfgroup?: number;
  /** FRA_TUN_ID, 64-bit decimal. */
  tunnelId?: string;
  uidrange?: { start: number; end: number };
  l3mdev?: boolean;
  ipproto?: number;
  sport?: { start: number; end: number };
  dport?: { start: number; end: number };
}

/** A macvlan to create (keepalived's VMAC: `ip link add NAME link PARENT address MAC type macvlan mode private`). */
export interface MacvlanSpec {
  name: string;
  /** Index of the lower interface (IFLA_LINK). */
  parent: number;
  mac: string;
  mode: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
}

/** IPv4 per-interface settings carried in IFLA_AF_SPEC (the net.ipv4.conf.IF.* sysctls). */
export interface Ipv4Devconf {
  rpFilter?: number;
  arpFilter?: number;
  arpIgnore?: number;
  promoteSecondaries?: number;
  acceptLocal?: number;
}

/** A change to an existing link (RTM_NEWLINK without NLM_F_CREATE); only what is set is changed. */
export interface LinkSettings {
  index: number;
  /** IFF_UP. */
  up?: boolean;
  ipv6AddrGenMode?: 'eui64' | 'none' | 'stable_secret' | 'random';
  ipv4Devconf?: Ipv4Devconf;
}

/** A rule as the kernel reports it. */
export interface KernelRule {
  family: IpFamily;
  priority?: number;
  from?: string;
  fromLen: number;
  to?: string;
  toLen: number;
  table: number;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  tos: number;
  action: RuleAction | number;
  goto?: number;
  invert: boolean;
  protocol?: number;
}

/** What the monitor channel reports. */
export type NetlinkEvent =
  /** RTM_NEWLINK for an interface the monitor did not know (created, or first seen). */
  | { type: 'link-added'; link: LinkInfo }
  /** RTM_DELLINK. */
  | { type: 'link-removed'; link: LinkInfo }
  /** linkIsUp() went from false to true. */
  | { type: 'link-up'; link: LinkInfo }
  /** linkIsUp() went from true to false. */
  | { type: 'link-down'; link: LinkInfo }
  /** Any other change of a known link (name, MAC, MTU, other flags). */
  | { type: 'link-changed'; link: LinkInfo; previous: LinkInfo }
  /** RTM_NEWADDR: an address appeared, or an existing one changed (e.g. DAD finished). */
  | { type: 'address-added'; address: KernelAddress }
  /** RTM_DELADDR: how a daemon learns that someone else removed its VIP. */
  | { type: 'address-removed'; address: KernelAddress }
  | { type: 'route-added'; route: KernelRoute }
  | { type: 'route-removed'; route: KernelRoute }
  | { type: 'rule-added'; rule: KernelRule }
  | { type: 'rule-removed'; rule: KernelRule }
  /** The socket lost notifications (ENOBUFS) or failed: state must be re-read and reconciled. */
  | { type: 'overrun'; error: NetlinkError };

export interface AddressFilter {
  family?: IpFamily;
  index?: number;
}

export interface RouteFilter {
  family?: IpFamily;
  table?: number;
  protocol?: number;
}

/**
 * The command channel: one rtnetlink socket for requests and nothing else (it never joins a multicast group,
 * platform-notes §5). Every method rejects with a NetlinkError, never with a string.
 */
export interface NetlinkCommands {
  listLinks(): Promise<LinkInfo[]>;
  listAddresses(filter?: AddressFilter): Promise<KernelAddress[]>;
  /** NLM_F_CREATE|NLM_F_EXCL, as keepalived: EEXIST when the address is already there. */
  addAddress(spec: AddressSpec): Promise<void>;
  /** EADDRNOTAVAIL when the address is not there. */
  deleteAddress(spec: AddressSpec): Promise<void>;
  listRoutes(filter?: RouteFilter): Promise<KernelRoute[]>;
  addRoute(spec: RouteSpec): Promise<void>;
  deleteRoute(spec: RouteSpec): Promise<void>;
  listRules(family?: IpFamily): Promise<KernelRule[]>;
  addRule(spec: RuleSpec): Promise<void>;
  deleteRule(spec: RuleSpec): Promise<void>;
  /** NLM_F_CREATE|NLM_F_EXCL: EEXIST when a link of that name exists; resolves with the new link's index. */
  addMacvlan(spec: MacvlanSpec): Promise<number>;
  /** ENODEV when the link is not there. */
  setLink(settings: LinkSettings): Promise<void>;
  /** ENODEV when the link is not there. */
  deleteLink(index: number): Promise<void>;
  /** Idempotent; requests still in flight reject with ECANCELED. */
  close(): void;
}

/** The monitor channel: a separate socket subscribed to the groups, turning notifications into NetlinkEvents. */
export interface NetlinkMonitor {
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: NetlinkEvent) => void): () => void;
  /**
   * Tells the monitor the current links (from the command channel's listLinks()), so the next change of a known
   * link is reported as up/down/changed rather than as link-added. Create the monitor first, then list: no event
   * falls in between.
   */
  primeLinks(links: readonly LinkInfo[]): void;
  /** Idempotent. */
  close(): void;
}
