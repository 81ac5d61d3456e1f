// RTM_NEWLINK / RTM_SETLINK payloads the netlink package cannot encode: IFLA_LINKINFO for a macvlan (kind and
// IFLA_MACVLAN_MODE nested in IFLA_INFO_DATA) and IFLA_AF_SPEC for per-family settings (IPv6 address generation
// mode, IPv4 devconf values such as arp_ignore), built as keepalived builds them for its VMACs.
import { rtattr, u32 } from './host-order';
import type { Ipv4Devconf, LinkSettings, MacvlanSpec } from './types';

const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const IFLA_MACVLAN_MODE = 1;
const MACVLAN_MODES = { private: 1, vepa: 2, bridge: 4, passthru: 8, source: 16 } as const;

const AF_INET = 2;
const AF_INET6 = 10;
const IFLA_INET_CONF = 1;
const IFLA_INET6_ADDR_GEN_MODE = 8;
const ADDR_GEN_MODES = { eui64: 0, none: 1, stable_secret: 2, random: 3 } as const;

/** IPV4_DEVCONF_* (linux/ip.h): the attribute type of each value in IFLA_INET_CONF. */
const DEVCONF_INDEX: Readonly<Record<keyof Ipv4Devconf, number>> = {
  rpFilter: 8,
  arpFilter: 13,
  arpIgnore: 19,
  promoteSecondaries: 20,
  acceptLocal: 23,
};

/** 'aa:bb:cc:dd:ee:ff' → 6 bytes; TypeError when malformed. */
export function macBytes(mac: string): Buffer {
  const parts = mac.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw new TypeError(`bad MAC address ${mac}`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

/** IFLA_LINKINFO payload of a macvlan: kind "macvlan" (no NUL, as keepalived sends it) and its mode. */
export function macvlanLinkInfo(mode: MacvlanSpec['mode']): Buffer {
  const data = rtattr(IFLA_MACVLAN_MODE, u32(MACVLAN_MODES[mode]));
  return Buffer.concat([rtattr(IFLA_INFO_KIND, Buffer.from('macvlan')), rtattr(IFLA_INFO_DATA, data)]);
}

/** IFLA_AF_SPEC entries (family → nested attributes) for a settings change; undefined when it has none. */
export function afSpec(s: LinkSettings): Map<number, Buffer> | undefined {
  const map = new Map<number, Buffer>();
  if (s.ipv4Devconf) {
    const values = Object.entries(s.ipv4Devconf) as Array<[keyof Ipv4Devconf, number | undefined]>;
    const attrs = values.filter(([, v]) => v !== undefined).map(([k, v]) => rtattr(DEVCONF_INDEX[k], u32(v as number)));
    if (attrs.length > 0) map.set(AF_INET, rtattr(IFLA_INET_CONF, Buffer.concat(attrs)));
  }
  if (s.ipv6AddrGenMode !== undefined) {
    map.set(AF_INET6, rtattr(IFLA_INET6_ADDR_GEN_MODE, Buffer.from([ADDR_GEN_MODES[s.ipv6AddrGenMode]])));
  }
  return map.size > 0 ? map : undefined;
}

export function describeMacvlan(spec: MacvlanSpec): string {
  return `${spec.name} link ${spec.parent} address ${spec.mac} type macvlan mode ${spec.mode}`;
}

export function describeLinkSettings(s: LinkSettings): string {
  const parts = [`index ${s.index}`];
  if (s.up !== undefined) parts.push(s.up ? 'up' : 'down');
  if (s.ipv6AddrGenMode !== undefined) parts.push(`addrgenmode ${s.ipv6AddrGenMode}`);
  for (const [k, v] of Object.entries(s.ipv4Devconf ?? {})) if (v !== undefined) parts.push(`${k} ${v}`);
  return parts.join(' ');
}
