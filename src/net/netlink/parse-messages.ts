// The netlink package's parsed messages → this layer's plain records (LinkInfo, KernelAddress, KernelRoute,
// KernelRule). Shared by the command channel (dumps) and the monitor channel (notifications). The package returns
// enum fields as key strings when it knows the value ('UNICAST') and as numbers when it does not (protocol 18),
// so every enum goes through num().
import { endianness } from 'node:os';
import { rt } from 'netlink';
import { bufferIp, familyOfAf } from './ip-text';
import { ROUTE_TYPES } from './route-attrs';
import { RULE_ACTIONS } from './rule-attrs';
import {
  AddressFlags, FOREVER, KernelAddress, KernelRoute, KernelRule, LinkInfo, RuleAction, TABLE_MAIN,
} from './types';

const LE = endianness() === 'LE';
const readU32 = (b: Buffer, off: number): number => (LE ? b.readUInt32LE(off) : b.readUInt32BE(off));
const readU16 = (b: Buffer, off: number): number => (LE ? b.readUInt16LE(off) : b.readUInt16BE(off));

/** An enum field as its number, whichever form the package gave it in. */
function num(mapping: Record<string, unknown>, v: unknown): number {
  if (typeof v === 'number') return v;
  const n = typeof v === 'string' ? mapping[v] : undefined;
  return typeof n === 'number' ? n : 0;
}

function reverse<K extends string>(m: Readonly<Record<K, number>>): Map<number, K> {
  return new Map(Object.entries(m).map(([k, v]) => [v as number, k as K]));
}
const ROUTE_TYPE_NAMES = reverse(ROUTE_TYPES);
const RULE_ACTION_NAMES = reverse(RULE_ACTIONS);

/** IFLA_INFO_KIND (1) from the nested IFLA_LINKINFO attribute stream. */
export function linkKind(linkinfo: Buffer | undefined): string | undefined {
  if (!linkinfo) return undefined;
  for (let off = 0; off + 4 <= linkinfo.length; ) {
    const len = readU16(linkinfo, off);
    const type = readU16(linkinfo, off + 2) & 0x3fff;
    if (len < 4 || off + len > linkinfo.length) return undefined;
    if (type === 1) return linkinfo.toString('latin1', off + 4, off + len).replace(/\0.*$/s, '');
    off += (len + 3) & ~3;
  }
  return undefined;
}

function macText(b: Buffer | undefined): string | undefined {
  if (!b || b.length === 0) return undefined;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function parseLink(m: rt.LinkMessage): LinkInfo {
  const f = m.data.flags ?? {};
  const a = m.attrs;
  const link: LinkInfo = {
    index: m.data.index ?? 0,
    name: a.ifname ?? '',
    up: !!f.up,
    running: !!f.running,
    lowerUp: !!f.lowerUp,
  };
  const mac = macText(a.address);
  if (mac) link.mac = mac;
  if (a.mtu !== undefined) link.mtu = a.mtu;
  const kind = linkKind(a.linkinfo);
  if (kind) link.kind = kind;
  if (a.operstate !== undefined) link.operstate = a.operstate;
  if (a.master) link.master = a.master;
  if (a.link && a.link.length === 4) link.parent = readU32(a.link, 0);
  const type = m.data.type;
  if (type !== undefined) link.hwType = typeof type === 'number' ? type : rt.LinkType[type];
  const bcast = macText(a.broadcast);
  if (bcast) link.broadcastMac = bcast;
  link.iff = { broadcast: !!f.broadcast, loopback: !!f.loopback, pointToPoint: !!f.pointopoint, noArp: !!f.noarp, multicast: !!f.multicast };
  return link;
}

function addressFlags(f: rt.AddressFlags): AddressFlags {
  return {
    secondary: !!f.secondary,
    nodad: !!f.nodad,
    optimistic: !!f.optimistic,
    dadfailed: !!f.dadfailed,
    home: !!f.homeaddress,
    deprecated: !!f.deprecated,
    tentative: !!f.tentative,
    permanent: !!f.permanent,
    mngtmpaddr: !!f.managetempaddr,
    noprefixroute: !!f.noprefixroute,
    autojoin: !!f.mcautojoin,
  };
}

/** Undefined for a family other than IPv4/IPv6. */
export function parseAddress(m: rt.AddressMessage): KernelAddress | undefined {
  const family = familyOfAf(m.data.family ?? 0);
  if (!family) return undefined;
  const a = m.attrs;
  const local = bufferIp(a.local);
  const prefixAddr = bufferIp(a.address);
  const address = local ?? prefixAddr;
  if (!address) return undefined;
  const out: KernelAddress = {
    index: m.data.index ?? 0,
    family,
    address,
    prefix: m.data.prefixlen ?? 0,
    scope: m.data.scope ?? 0,
    // IFA_FLAGS (32 bits) supersedes the 8-bit header field when present.
    flags: addressFlags(a.flags ?? m.data.flags ?? {}),
    preferredLft: a.cacheInfo?.ifaPrefered ?? FOREVER,
    validLft: a.cacheInfo?.ifaValid ?? FOREVER,
  };
  if (local && prefixAddr && prefixAddr !== local) out.peer = prefixAddr;
  if (a.label !== undefined) out.label = a.label;
  const brd = bufferIp(a.broadcast);
  if (brd) out.broadcast = brd;
  return out;
}

export function parseRoute(m: rt.RouteMessage): KernelRoute | undefined {
  const family = familyOfAf(m.data.family ?? 0);
  if (!family) return undefined;
  const a = m.attrs;
  const typeNo = num(rt.RouteType, m.data.type);
  const out: KernelRoute = {
    family,
    dstLen: m.data.dstLen ?? 0,
    table: a.table ?? m.data.table ?? TABLE_MAIN,
    scope: num(rt.RouteScope, m.data.scope),
    type: ROUTE_TYPE_NAMES.get(typeNo) ?? typeNo,
    protocol: num(rt.RouteProtocol, m.data.protocol),
    tos: m.data.tos ?? 0,
  };
  const dst = bufferIp(a.dst);
  if (dst) out.dst = dst;
  const via = bufferIp(a.gateway);
  if (via) out.via = via;
  if (a.oif) out.index = a.oif;
  if (a.priority !== undefined) out.metric = a.priority;
  const src = bufferIp(a.prefsrc);
  if (src) out.src = src;
  return out;
}

export function parseRule(m: rt.RuleMessage): KernelRule | undefined {
  const family = familyOfAf(m.data.family ?? 0);
  if (!family) return undefined;
  const a = m.attrs;
  const actionNo = num(rt.RuleAction, m.data.action);
  const out: KernelRule = {
    family,
    fromLen: m.data.srcLen ?? 0,
    toLen: m.data.dstLen ?? 0,
    table: a.table ?? m.data.table ?? 0,
    tos: m.data.tos ?? 0,
    action: (RULE_ACTION_NAMES.get(actionNo) as RuleAction | undefined) ?? actionNo,
    invert: !!m.data.flags?.invert,
  };
  if (a.priority !== undefined) out.priority = a.priority;
  const from = bufferIp(a.src);
  if (from) out.from = from;
  const to = bufferIp(a.dst);
  if (to) out.to = to;
  if (a.fwmark !== undefined) out.fwmark = a.fwmark;
  if (a.fwmask !== undefined) out.fwmask = a.fwmask;
  if (a.iifname) out.iif = a.iifname;
  if (a.oifname) out.oif = a.oifname;
  if (a.goto !== undefined) out.goto = a.goto;
  if (a.protocol !== undefined) out.protocol = a.protocol;
  return out;
}
