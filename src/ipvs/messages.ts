// Encoding requests and decoding replies of the IPVS generic-netlink family: the attribute layout the kernel
// accepts (SCHED_NAME, FLAGS, TIMEOUT and NETMASK are mandatory in a full service; FWD_METHOD, WEIGHT and both
// thresholds in a full destination; ports big-endian; an IPv4 address in the first 4 of 16 bytes; an IPv4
// persistence netmask in network byte order). Decoders return undefined for a reply they cannot read.
import { bufferIp, ipBuffer } from '../net/netlink/ip-text';
import { AF_INET, AF_INET6, CmdAttr, DaemonAttr, DaemonState, DestAttr, FWD_MASK, FwdMethod, IPPROTO, StatsAttr, SvcAttr, SvcFlag } from './ip-vs-abi';
import { AttrMap, attr, be16, nest, readHostU32, str, u16, u32, u8, writeHostU32 } from './nlattr';
import type {
  DestEntry, DestKey, ForwardMethod, IpvsDest, IpvsFamily, IpvsProtocol, IpvsService, IpvsTimeouts, ServiceEntry,
  ServiceKey, SyncDaemonConfig, TrafficStats, TunnelChecksum, TunnelType,
} from './types';

const FORWARD: Record<ForwardMethod, number> = {
  masq: FwdMethod.MASQ, local: FwdMethod.LOCALNODE, tunnel: FwdMethod.TUNNEL, route: FwdMethod.DROUTE,
  bypass: FwdMethod.BYPASS,
};
const FORWARD_NAME = invert(FORWARD);
const TUN_TYPE: Record<TunnelType, number> = { ipip: 0, gue: 1, gre: 2 };
const TUN_TYPE_NAME = invert(TUN_TYPE);
const TUN_CSUM: Record<TunnelChecksum, number> = { nocsum: 0, csum: 1, remcsum: 2 };
const TUN_CSUM_NAME = invert(TUN_CSUM);
const PROTO_NAME = invert(IPPROTO) as Record<number, IpvsProtocol | undefined>;

/** map[key] for a key the map itself has (never one of Object.prototype's). */
function own<V>(map: Record<string, V>, key: unknown): V | undefined {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function invert<K extends string>(m: Record<K, number>): Record<number, K | undefined> {
  const out: Record<number, K | undefined> = {};
  for (const k of Object.keys(m) as K[]) out[m[k]] = k;
  return out;
}

const afOf = (f: IpvsFamily): number => (f === 'inet6' ? AF_INET6 : AF_INET);
const familyOfAf = (af: number | undefined): IpvsFamily | undefined =>
  af === AF_INET ? 'inet' : af === AF_INET6 ? 'inet6' : undefined;

/** A 16-byte nf_inet_addr; throws TypeError for an address of the wrong family. */
function addr16(family: IpvsFamily, text: string): Buffer {
  const b = Buffer.alloc(16);
  ipBuffer(text, family === 'inet6' ? 6 : 4).copy(b);
  return b;
}

function readAddr(family: IpvsFamily, b: Buffer | undefined): string | undefined {
  if (!b) return undefined;
  const n = family === 'inet6' ? 16 : 4;
  if (b.length < n) return undefined;
  return bufferIp(b.subarray(0, n));
}

/** The service identity attributes, nested as IPVS_CMD_ATTR_SERVICE children. */
function serviceKeyAttrs(k: ServiceKey): Buffer[] {
  const out = [u16(SvcAttr.AF, afOf(k.family))];
  if (k.fwmark > 0) out.push(u32(SvcAttr.FWMARK, checkU32('fwmark', k.fwmark)));
  else {
    const proto = own<number>(IPPROTO, k.protocol);
    if (proto === undefined) throw new TypeError(`unknown protocol ${String(k.protocol)}`);
    out.push(u16(SvcAttr.PROTOCOL, proto), attr(SvcAttr.ADDR, addr16(k.family, k.address)),
      be16(SvcAttr.PORT, checkPort(k.port)));
  }
  return out;
}

function checkPort(p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 0xffff) throw new TypeError(`invalid port ${p}`);
  return p;
}

function checkU32(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new TypeError(`invalid ${name} ${v}`);
  return v;
}

/** IPVS_CMD_ATTR_SERVICE with only the identity (for DEL_SERVICE, GET_DEST, ZERO, and a destination's service). */
export function serviceKeyNest(k: ServiceKey): Buffer {
  return nest(CmdAttr.SERVICE, serviceKeyAttrs(k));
}

function netmaskAttr(s: IpvsService): Buffer {
  if (s.family === 'inet6') {
    if (!Number.isInteger(s.netmask) || s.netmask < 1 || s.netmask > 128) throw new TypeError(`invalid IPv6 prefix ${s.netmask}`);
    return u32(SvcAttr.NETMASK, s.netmask);
  }
  const b = Buffer.alloc(4);
  b.writeUInt32BE(checkU32('netmask', s.netmask), 0); // __be32 in the kernel
  return attr(SvcAttr.NETMASK, b);
}

/** IPVS_CMD_ATTR_SERVICE with every setting (NEW_SERVICE / SET_SERVICE). */
export function serviceNest(s: IpvsService): Buffer {
  if (!/^[a-z0-9_]{1,15}$/.test(s.scheduler)) throw new TypeError(`invalid scheduler name ${JSON.stringify(s.scheduler)}`);
  const flags = Buffer.alloc(8); // struct ip_vs_flags { flags, mask }: all bits ours to set
  const f = checkU32('flags', s.flags) & ~SvcFlag.HASHED;
  writeHostU32(flags, 0, f);
  writeHostU32(flags, 4, 0xffffffff);
  const children = [...serviceKeyAttrs(s), str(SvcAttr.SCHED_NAME, s.scheduler), attr(SvcAttr.FLAGS, flags),
    u32(SvcAttr.TIMEOUT, checkU32('timeout', s.timeout)), netmaskAttr(s)];
  if (s.peName) {
    if (!/^[a-z0-9_]{1,15}$/.test(s.peName)) throw new TypeError(`invalid persistence engine ${JSON.stringify(s.peName)}`);
    children.push(str(SvcAttr.PE_NAME, s.peName));
  }
  return nest(CmdAttr.SERVICE, children);
}

/** IPVS_CMD_ATTR_DEST with only the identity (DEL_DEST). */
export function destKeyNest(d: DestKey): Buffer {
  return nest(CmdAttr.DEST, [attr(DestAttr.ADDR, addr16(d.family, d.address)), be16(DestAttr.PORT, checkPort(d.port)),
    u16(DestAttr.ADDR_FAMILY, afOf(d.family))]);
}

/** IPVS_CMD_ATTR_DEST with every setting (NEW_DEST / SET_DEST). */
export function destNest(d: IpvsDest): Buffer {
  const fwd = own(FORWARD, d.forward);
  if (fwd === undefined) throw new TypeError(`unknown forwarding method ${String(d.forward)}`);
  const type = own(TUN_TYPE, d.tunnelType);
  const csum = own(TUN_CSUM, d.tunnelChecksum);
  if (type === undefined) throw new TypeError(`unknown tunnel type ${String(d.tunnelType)}`);
  if (csum === undefined) throw new TypeError(`unknown tunnel checksum ${String(d.tunnelChecksum)}`);
  const children = [attr(DestAttr.ADDR, addr16(d.family, d.address)), be16(DestAttr.PORT, checkPort(d.port)),
    u32(DestAttr.FWD_METHOD, fwd), u32(DestAttr.WEIGHT, checkWeight(d.weight)),
    u32(DestAttr.U_THRESH, checkU32('upper threshold', d.upperThreshold)),
    u32(DestAttr.L_THRESH, checkU32('lower threshold', d.lowerThreshold)), u16(DestAttr.ADDR_FAMILY, afOf(d.family))];
  // Tunnel attributes only for a tunnel, as ipvsadm does: older kernels reject attributes they do not know.
  if (d.forward === 'tunnel') {
    children.push(u8(DestAttr.TUN_TYPE, type), be16(DestAttr.TUN_PORT, checkPort(d.tunnelPort)), u16(DestAttr.TUN_FLAGS, csum));
  }
  return nest(CmdAttr.DEST, children);
}

function checkWeight(w: number): number {
  if (!Number.isInteger(w) || w < 0 || w > 0x7fffffff) throw new TypeError(`invalid weight ${w}`);
  return w;
}

function readStats(m: AttrMap | undefined, wide: boolean): TrafficStats | undefined {
  if (!m) return undefined;
  const get = (t: number): bigint => (wide ? m.u64(t) : m.u32(t) !== undefined ? BigInt(m.u32(t) as number) : undefined) ?? 0n;
  return { conns: get(StatsAttr.CONNS), inPackets: get(StatsAttr.INPKTS), outPackets: get(StatsAttr.OUTPKTS),
    inBytes: get(StatsAttr.INBYTES), outBytes: get(StatsAttr.OUTBYTES) };
}

/** One GET_SERVICE reply message (its attribute stream) → a service; undefined when unreadable. */
export function decodeService(payload: Buffer): ServiceEntry | undefined {
  const top = new AttrMap(payload);
  const m = top.nested(CmdAttr.SERVICE);
  if (!m) return undefined;
  const family = familyOfAf(m.u16(SvcAttr.AF));
  const sched = m.str(SvcAttr.SCHED_NAME);
  const flagsRaw = m.raw(SvcAttr.FLAGS);
  const timeout = m.u32(SvcAttr.TIMEOUT);
  const netmaskRaw = m.raw(SvcAttr.NETMASK);
  if (!family || sched === undefined || !flagsRaw || flagsRaw.length < 4 || timeout === undefined || !netmaskRaw || netmaskRaw.length < 4) return undefined;
  const fwmark = m.u32(SvcAttr.FWMARK) ?? 0;
  let protocol: IpvsProtocol | undefined;
  let address = '';
  let port = 0;
  if (fwmark === 0) {
    protocol = PROTO_NAME[m.u16(SvcAttr.PROTOCOL) ?? -1];
    const a = readAddr(family, m.raw(SvcAttr.ADDR));
    const p = m.be16(SvcAttr.PORT);
    if (!protocol || a === undefined || p === undefined) return undefined;
    address = a;
    port = p;
  }
  const netmask = family === 'inet6' ? (m.u32(SvcAttr.NETMASK) as number) : netmaskRaw.readUInt32BE(0);
  const stats = readStats(m.nested(SvcAttr.STATS64), true) ?? readStats(m.nested(SvcAttr.STATS), false);
  return { family, fwmark, protocol, address, port, scheduler: sched, flags: readHostU32(flagsRaw, 0) & ~SvcFlag.HASHED,
    timeout, netmask, peName: m.str(SvcAttr.PE_NAME) ?? '', stats };
}

/** One GET_DEST reply message → a destination; undefined when unreadable. `family` is the service's. */
export function decodeDest(payload: Buffer, serviceFamily: IpvsFamily): DestEntry | undefined {
  const m = new AttrMap(payload).nested(CmdAttr.DEST);
  if (!m) return undefined;
  const family = familyOfAf(m.u16(DestAttr.ADDR_FAMILY)) ?? serviceFamily;
  const address = readAddr(family, m.raw(DestAttr.ADDR));
  const port = m.be16(DestAttr.PORT);
  const fwd = m.u32(DestAttr.FWD_METHOD);
  const weight = m.u32(DestAttr.WEIGHT);
  const forward = fwd === undefined ? undefined : FORWARD_NAME[fwd & FWD_MASK];
  if (address === undefined || port === undefined || !forward || weight === undefined) return undefined;
  return {
    family, address, port, forward, weight: weight | 0,
    upperThreshold: m.u32(DestAttr.U_THRESH) ?? 0, lowerThreshold: m.u32(DestAttr.L_THRESH) ?? 0,
    tunnelType: TUN_TYPE_NAME[m.u8(DestAttr.TUN_TYPE) ?? 0] ?? 'ipip', tunnelPort: m.be16(DestAttr.TUN_PORT) ?? 0,
    tunnelChecksum: TUN_CSUM_NAME[m.u16(DestAttr.TUN_FLAGS) ?? 0] ?? 'nocsum',
    activeConns: m.u32(DestAttr.ACTIVE_CONNS) ?? 0, inactiveConns: m.u32(DestAttr.INACT_CONNS) ?? 0,
    persistentConns: m.u32(DestAttr.PERSIST_CONNS) ?? 0,
    stats: readStats(m.nested(DestAttr.STATS64), true) ?? readStats(m.nested(DestAttr.STATS), false),
  };
}

/** IPVS_CMD_ATTR_TIMEOUT_* for SET_CONFIG. */
export function timeoutAttrs(t: IpvsTimeouts): Buffer[] {
  return [u32(CmdAttr.TIMEOUT_TCP, checkU32('tcp timeout', t.tcp)), u32(CmdAttr.TIMEOUT_TCP_FIN, checkU32('tcp fin timeout', t.tcpFin)),
    u32(CmdAttr.TIMEOUT_UDP, checkU32('udp timeout', t.udp))];
}

export function decodeTimeouts(payload: Buffer): IpvsTimeouts | undefined {
  const m = new AttrMap(payload);
  const tcp = m.u32(CmdAttr.TIMEOUT_TCP);
  const tcpFin = m.u32(CmdAttr.TIMEOUT_TCP_FIN);
  const udp = m.u32(CmdAttr.TIMEOUT_UDP);
  return tcp === undefined || tcpFin === undefined || udp === undefined ? undefined : { tcp, tcpFin, udp };
}

const stateNumber = (s: 'master' | 'backup'): number => (s === 'master' ? DaemonState.MASTER : DaemonState.BACKUP);

/** IPVS_CMD_ATTR_DAEMON for NEW_DAEMON. */
export function daemonNest(c: SyncDaemonConfig): Buffer {
  if (!/^[^\0/\s]{1,15}$/.test(c.interface)) throw new TypeError(`invalid interface name ${JSON.stringify(c.interface)}`);
  const children = [u32(DaemonAttr.STATE, stateNumber(c.state)), str(DaemonAttr.MCAST_IFN, c.interface),
    u32(DaemonAttr.SYNC_ID, checkU32('syncid', c.syncId))];
  if (c.maxLen) children.push(u16(DaemonAttr.SYNC_MAXLEN, c.maxLen));
  if (c.mcastGroup) {
    const six = c.mcastGroup.includes(':');
    children.push(six ? attr(DaemonAttr.MCAST_GROUP6, ipBuffer(c.mcastGroup, 6)) : attr(DaemonAttr.MCAST_GROUP, ipBuffer(c.mcastGroup, 4)));
  }
  if (c.mcastPort) children.push(u16(DaemonAttr.MCAST_PORT, checkPort(c.mcastPort)));
  if (c.mcastTtl) children.push(u8(DaemonAttr.MCAST_TTL, c.mcastTtl));
  return nest(CmdAttr.DAEMON, children);
}

/** IPVS_CMD_ATTR_DAEMON for DEL_DAEMON. */
export function daemonStateNest(state: 'master' | 'backup'): Buffer {
  return nest(CmdAttr.DAEMON, [u32(DaemonAttr.STATE, stateNumber(state))]);
}

export function decodeDaemon(payload: Buffer): SyncDaemonConfig | undefined {
  const m = new AttrMap(payload).nested(CmdAttr.DAEMON);
  if (!m) return undefined;
  const st = m.u32(DaemonAttr.STATE);
  const ifn = m.str(DaemonAttr.MCAST_IFN);
  const id = m.u32(DaemonAttr.SYNC_ID);
  if ((st !== DaemonState.MASTER && st !== DaemonState.BACKUP) || ifn === undefined || id === undefined) return undefined;
  const g4 = m.raw(DaemonAttr.MCAST_GROUP);
  const g6 = m.raw(DaemonAttr.MCAST_GROUP6);
  const group = g6 && g6.length >= 16 ? (bufferIp(g6.subarray(0, 16)) ?? '') : g4 && g4.length >= 4 ? (bufferIp(g4.subarray(0, 4)) ?? '') : '';
  return { state: st === DaemonState.MASTER ? 'master' : 'backup', interface: ifn, syncId: id,
    maxLen: m.u16(DaemonAttr.SYNC_MAXLEN) ?? 0, mcastGroup: group, mcastPort: m.u16(DaemonAttr.MCAST_PORT) ?? 0,
    mcastTtl: m.u8(DaemonAttr.MCAST_TTL) ?? 0 };
}
