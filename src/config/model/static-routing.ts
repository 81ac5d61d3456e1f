// Addresses, routes and rules in iproute2 syntax: the static_ipaddress / static_routes / static_rules blocks, and
// the same entries inside a vrrp_instance (virtual_ipaddress[_excluded], virtual_routes, virtual_rules).
// Numbers are kept as the kernel takes them (scope, table, protocol, route type…); names given in the
// configuration are resolved through /etc/iproute2 as keepalived resolves them.
import type { Position } from '../diagnostics';

export type IpFamily = 'inet' | 'inet6';

/** An address with its prefix length; `address` undefined is `default`/`any`/`all` (length 0). */
export interface IpPrefix {
  family: IpFamily;
  address: string | undefined;
  prefixlen: number;
}

/** One address entry (`IP[/LEN] [brd …] [dev …] …`). */
export interface AddressEntry {
  pos: Position;
  family: IpFamily;
  address: string;
  prefixlen: number;
  /** IPv4 broadcast, `+`/`-` already worked out; undefined for none. */
  brd: string | undefined;
  /**
   * The interface. A VIP without `dev` leaves it undefined (the instance's interface, or its VMAC, applies); a
   * static address without `dev` gets the default interface when the configuration is validated.
   */
  dev: string | undefined;
  /** RT_SCOPE_* number (0 = global). */
  scope: number;
  label: string | undefined;
  peer: string | undefined;
  home: boolean;
  /** IFA_F_NODAD is set: every IPv6 address unless `-nodad` was given. */
  nodad: boolean;
  mngtmpaddr: boolean;
  noprefixroute: boolean;
  autojoin: boolean;
  noTrack: boolean;
  /** IPv6 only: seconds, 0 (deprecated, the default for a /128) or 4294967295 (`forever`). */
  preferredLft: number | undefined;
  trackGroup: string | undefined;
  /** VIPs only. */
  useVmac: boolean;
}

/** Lightweight tunnel encapsulation (`encap mpls|ip|ip6|ila …`). */
export type RouteEncap =
  | { type: 'mpls'; labels: number[] }
  | {
      type: 'ip' | 'ip6';
      /** Tunnel id (64-bit, decimal). */
      id: string | undefined;
      dst: string | undefined;
      src: string | undefined;
      /** tos (ip) or tc (ip6). */
      tos: number | undefined;
      /** ttl (ip) or hoplimit (ip6). */
      ttl: number | undefined;
      flags: number | undefined;
    }
  | { type: 'ila'; locator: string };

export interface RouteNexthop {
  via: { family: IpFamily; address: string } | undefined;
  dev: string | undefined;
  /** 1..256 as written. */
  weight: number | undefined;
  onlink: boolean;
  realms: number | undefined;
  encap: RouteEncap | undefined;
}

/** A route metric that can be locked (`mtu lock 1400`). */
export interface LockableMetric {
  value: number;
  lock: boolean;
}

/** One route entry. */
export interface RouteEntry {
  pos: Position;
  family: IpFamily;
  /** RTN_* number (1 = unicast). */
  type: number;
  to: IpPrefix;
  /** Source-specific routing (`from`, IPv6 only). */
  from: IpPrefix | undefined;
  /** Preferred source (`src`). */
  src: string | undefined;
  via: { family: IpFamily; address: string } | undefined;
  dev: string | undefined;
  table: number;
  metric: number | undefined;
  /** RTPROT_* number; 18 (keepalived) for every tracked route. */
  protocol: number | undefined;
  scope: number | undefined;
  tos: number | undefined;
  onlink: boolean;
  realms: number | undefined;
  expires: number | undefined;
  mtu: LockableMetric | undefined;
  advmss: LockableMetric | undefined;
  /** Kernel units (1/8 ms), as keepalived passes it. */
  rtt: LockableMetric | undefined;
  /** Kernel units (1/4 ms). */
  rttvar: LockableMetric | undefined;
  reordering: LockableMetric | undefined;
  window: number | undefined;
  cwnd: LockableMetric | undefined;
  ssthresh: LockableMetric | undefined;
  initcwnd: number | undefined;
  initrwnd: number | undefined;
  /** Milliseconds. */
  rtoMin: LockableMetric | undefined;
  hoplimit: number | undefined;
  featuresEcn: boolean;
  quickack: number | undefined;
  congctl: { value: string; lock: boolean } | undefined;
  /** ICMPv6 router preference (0 medium, 1 high, 3 low, or a number). */
  pref: number | undefined;
  fastopenNoCookie: boolean | undefined;
  ttlPropagate: boolean | undefined;
  encap: RouteEncap | undefined;
  vrf: string | undefined;
  nexthops: RouteNexthop[];
  noTrack: boolean;
  trackGroup: string | undefined;
}

/** One rule entry. */
export interface RuleEntry {
  pos: Position;
  family: IpFamily;
  /** `not`. */
  invert: boolean;
  from: IpPrefix | undefined;
  to: IpPrefix | undefined;
  /** Always set after parsing: keepalived numbers rules without one downwards from 16384. */
  priority: number;
  tos: number;
  fwmark: number | undefined;
  fwmask: number | undefined;
  realms: number | undefined;
  suppressPrefixlength: number | undefined;
  suppressIfgroup: number | undefined;
  iif: string | undefined;
  oif: string | undefined;
  /** 64-bit, decimal. */
  tunnelId: string | undefined;
  uidrange: { start: number; end: number } | undefined;
  l3mdev: boolean;
  /** RTPROT_* number; 18 (keepalived) for every tracked rule. */
  protocol: number | undefined;
  ipproto: number | undefined;
  sport: { start: number; end: number } | undefined;
  dport: { start: number; end: number } | undefined;
  /** FR_ACT_*: 1 lookup (table), 2 goto, 3 nop, 6 blackhole, 7 unreachable, 8 prohibit. */
  action: number;
  table: number | undefined;
  goto: number | undefined;
  noTrack: boolean;
  trackGroup: string | undefined;
}

export interface StaticAddresses {
  staticIpaddress: AddressEntry[];
  staticRoutes: RouteEntry[];
  staticRules: RuleEntry[];
}

export function emptyStaticAddresses(): StaticAddresses {
  return { staticIpaddress: [], staticRoutes: [], staticRules: [] };
}
