// The IPVS table keepalived 2.2.7 programs for a configuration (check/ipwrapper.c and ipvswrapper.c at start-up),
// given which real servers are up. What it does, and so what this reproduces:
// - A virtual server is one service: address+protocol+port, or fwmark; a virtual_server_group is one service per
//   address of each range (the last octet/hextet counts up) and one per fwmark line (family: the line's, else the
//   virtual server's, else IPv4). Group services always get a full netmask: keepalived resets it per entry, so
//   persistence_granularity has no effect there.
// - Scheduler lb_algo; flags: ops → one-packet, sh-/mh-fallback and flag-1 → scheduler flag 1, sh-/mh-port and
//   flag-2 → 2, flag-3 → 3; persistence_timeout sets the persistent flag, the timeout, the granularity netmask and
//   the persistence engine (none of those without a timeout).
// - A destination's port is the real server's for NAT, else the service's (0 for fwmark services).
// - A real server that is up is added at its weight; one that is down is absent, or at weight 0 with
//   inhibit_on_failure. Weights are clamped to 0..INT32_MAX.
// - Quorum: when the live weight is below quorum + hysteresis and there is a sorry server, the live real servers
//   are removed (weight 0 with inhibit) and the sorry server is added at weight 1. With quorum and a
//   sorry_server_inhibit sorry server that is not also a real server, the sorry server is there at weight 0.
import { inetAton } from '../config/sections/lvs/inet-address';
import type { KeepalivedConfig } from '../config/model/keepalived-config';
import type { ForwardingMethod, RealServer, VirtualServer, VirtualServerGroup } from '../config/model/virtual-server';
import { ipBytes, ipString } from '../net/addon/addresses';
import { canonicalIp } from '../net/netlink/ip-text';
import { destId } from './describe';
import { SvcFlag } from './ip-vs-abi';
import type { ForwardMethod, IpvsDest, IpvsFamily, IpvsService, IpvsTimeouts, TableService } from './types';

const WEIGHT_LIMIT = 0x7fffffff;

/** Whether a real server is up; the checkers decide at run time. */
export type RealServerHealth = (vs: VirtualServer, rs: RealServer) => boolean;

/** keepalived at start-up: a real server with an alpha checker starts down, every other one up. */
export const startupHealth: RealServerHealth = (_vs, rs) =>
  !rs.checkers.some((c) => c.type !== 'FILE_CHECK' && c.alpha);

const FLAG_BITS: Record<string, number> = {
  ops: SvcFlag.ONEPACKET,
  'flag-1': SvcFlag.SCHED1, 'sh-fallback': SvcFlag.SCHED1, 'mh-fallback': SvcFlag.SCHED1,
  'flag-2': SvcFlag.SCHED2, 'sh-port': SvcFlag.SCHED2, 'mh-port': SvcFlag.SCHED2,
  'flag-3': SvcFlag.SCHED3,
};

const FORWARD: Record<ForwardingMethod['method'], ForwardMethod> = { NAT: 'masq', DR: 'route', TUN: 'tunnel' };

const fullMask = (family: IpvsFamily): number => (family === 'inet6' ? 128 : 0xffffffff);

/**
 * global_defs lvs_timeouts as SET_CONFIG values in seconds (0 leaves that timeout as it is, which is what
 * keepalived's "the original value" amounts to); undefined when none is set and keepalived leaves them alone.
 */
export function desiredTimeouts(config: Pick<KeepalivedConfig, 'globalDefs'>): IpvsTimeouts | undefined {
  const t = config.globalDefs.lvsTimeouts;
  const sec = (us: number | undefined): number => Math.floor((us ?? 0) / 1_000_000);
  const out = { tcp: sec(t.tcpUs), tcpFin: sec(t.tcpfinUs), udp: sec(t.udpUs) };
  return out.tcp || out.tcpFin || out.udp ? out : undefined;
}

/** Run-time state the checker side owns, beyond up/down. */
export interface DesiredTableOptions {
  /** A real server's effective weight (misc_dynamic, track files change it); default its configured weight. */
  weight?: (vs: VirtualServer, rs: RealServer) => number;
  /**
   * Whether the virtual server has quorum. keepalived keeps this with hysteresis (it is lost below
   * quorum - hysteresis and regained at quorum + hysteresis), which only the caller's history knows; default the
   * start-up rule: live weight ≥ quorum + hysteresis.
   */
  quorumUp?: (vs: VirtualServer, liveWeight: number) => boolean;
}

/** The desired table for every virtual server of a configuration. */
export function desiredTable(config: Pick<KeepalivedConfig, 'virtualServers' | 'virtualServerGroups'>,
  health: RealServerHealth = startupHealth, options: DesiredTableOptions = {}): TableService[] {
  const groups = new Map(config.virtualServerGroups.map((g) => [g.name, g]));
  const out: TableService[] = [];
  for (const vs of config.virtualServers) {
    const dests = vsDests(vs, health, options);
    for (const service of vsServices(vs, groups)) {
      out.push({ service, dests: dests.map((d) => destFor(d, service)) });
    }
  }
  return out;
}

/** A destination before its port is fixed by the service it joins. */
interface DestDraft {
  dest: IpvsDest;
  /** The port written in the configuration (used for NAT). */
  ownPort: number;
}

function destFor(d: DestDraft, service: IpvsService): IpvsDest {
  return { ...d.dest, port: d.dest.forward === 'masq' ? d.ownPort : service.fwmark > 0 ? 0 : service.port };
}

function baseService(vs: VirtualServer, family: IpvsFamily): Omit<IpvsService, 'fwmark' | 'protocol' | 'address' | 'port'> {
  let flags = 0;
  for (const f of vs.schedulerFlags) flags |= FLAG_BITS[f] ?? 0;
  const s = { family, scheduler: vs.lbAlgo, flags, timeout: 0, netmask: fullMask(family), peName: '' };
  if (vs.persistenceTimeout > 0) {
    s.flags |= SvcFlag.PERSISTENT;
    s.timeout = vs.persistenceTimeout;
    s.peName = vs.persistenceEngine ?? '';
    const g = vs.persistenceGranularity;
    if (g !== undefined) s.netmask = family === 'inet6' ? Number(g) : inetAton(g) ?? fullMask(family);
  }
  return s;
}

function vsServices(vs: VirtualServer, groups: Map<string, VirtualServerGroup>): IpvsService[] {
  if (vs.group !== undefined) {
    const g = groups.get(vs.group);
    return g ? groupServices(vs, g) : [];
  }
  const family: IpvsFamily = vs.ipFamily ?? 'inet';
  if (vs.fwmark !== undefined) {
    return [{ ...baseService(vs, family), fwmark: vs.fwmark, protocol: undefined, address: '', port: 0 }];
  }
  if (vs.address === undefined) return [];
  return [{ ...baseService(vs, family), fwmark: 0, protocol: vs.protocol ?? 'TCP', address: canonicalIp(vs.address), port: vs.port }];
}

function groupServices(vs: VirtualServer, g: VirtualServerGroup): IpvsService[] {
  const out: IpvsService[] = [];
  for (const r of g.addressRanges) {
    const base = { ...baseService(vs, r.family), netmask: fullMask(r.family) };
    for (const address of expandRange(r.family, r.address, r.addressEnd)) {
      out.push({ ...base, fwmark: 0, protocol: vs.protocol ?? 'TCP', address, port: r.port });
    }
  }
  for (const f of g.fwmarks) {
    const family: IpvsFamily = f.family ?? vs.ipFamily ?? 'inet';
    out.push({ ...baseService(vs, family), netmask: fullMask(family), fwmark: f.fwmark, protocol: undefined, address: '', port: 0 });
  }
  return out;
}

/**
 * first..last as keepalived walks it: only the last octet (IPv4) or the last 16 bits (IPv6) count up, wrapping
 * without carry, until they equal those of `last` (the rest of `last` is not looked at).
 */
export function expandRange(family: IpvsFamily, first: string, last: string): string[] {
  const bytes = Buffer.from(ipBytes(canonicalIp(first)));
  const endBytes = Buffer.from(ipBytes(canonicalIp(last)));
  const six = family === 'inet6';
  const mod = six ? 0x10000 : 0x100;
  const get = (b: Buffer): number => (six ? b.readUInt16BE(14) : b[3]);
  const end = get(endBytes);
  const out: string[] = [];
  for (let v = get(bytes), n = 0; n < mod; v = (v + 1) % mod, n++) {
    if (six) bytes.writeUInt16BE(v, 14);
    else bytes[3] = v;
    out.push(ipString(bytes));
    if (v === end) break;
  }
  return out;
}

function realWeight(w: number): number {
  return w < 0 ? 0 : w > WEIGHT_LIMIT ? WEIGHT_LIMIT : w;
}

function draft(family: IpvsFamily, address: string, ownPort: number, fwd: ForwardingMethod, weight: number, u: number, l: number): DestDraft {
  return {
    ownPort,
    dest: {
      family, address: canonicalIp(address), port: ownPort, forward: FORWARD[fwd.method], weight: realWeight(weight),
      upperThreshold: u, lowerThreshold: l, tunnelType: fwd.type, tunnelPort: fwd.port, tunnelChecksum: fwd.checksum,
    },
  };
}

const NAT: ForwardingMethod = { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' };

function vsDests(vs: VirtualServer, health: RealServerHealth, options: DesiredTableOptions): DestDraft[] {
  const live: DestDraft[] = [];
  const inhibited: DestDraft[] = [];
  let liveWeight = 0;
  for (const rs of vs.realServers) {
    const weight = options.weight ? options.weight(vs, rs) : rs.weight;
    const d = draft(rs.family, rs.address, rs.port, rs.lvsMethod, weight, rs.uthreshold, rs.lthreshold);
    if (health(vs, rs)) {
      live.push(d);
      liveWeight += d.dest.weight;
    } else if (rs.inhibitOnFailure) inhibited.push(zeroWeight(d));
  }
  const inhibitOf = new Map(vs.realServers.map((rs) => [destId({ family: rs.family, address: canonicalIp(rs.address), port: rs.port }), rs.inhibitOnFailure]));
  const s = vs.sorryServer;
  const sorryDraft = s && draft(s.family, s.address, s.port, s.lvsMethod ?? vs.lbKind ?? NAT, 1, 0, 0);
  const quorumUp = options.quorumUp ? options.quorumUp(vs, liveWeight) : liveWeight >= vs.quorum + vs.hysteresis;
  if (!quorumUp && sorryDraft) {
    // Live real servers leave the pool (weight 0 with inhibit); the sorry server takes it.
    const out = [...inhibited];
    for (const d of live) if (inhibitOf.get(destId(d.dest))) out.push(zeroWeight(d));
    return merge(out, [sorryDraft]);
  }
  const out = [...live, ...inhibited];
  if (s && s.inhibit && sorryDraft && !vs.realServers.some((rs) => sameServer(rs, s))) out.push(zeroWeight(sorryDraft));
  return out;
}

function sameServer(rs: RealServer, s: NonNullable<VirtualServer['sorryServer']>): boolean {
  return rs.family === s.family && canonicalIp(rs.address) === canonicalIp(s.address) && rs.port === s.port;
}

function zeroWeight(d: DestDraft): DestDraft {
  return { ownPort: d.ownPort, dest: { ...d.dest, weight: 0 } };
}

/** Later drafts replace earlier ones for the same destination (a sorry server that is also a real server). */
function merge(a: DestDraft[], b: DestDraft[]): DestDraft[] {
  const m = new Map<string, DestDraft>();
  for (const d of [...a, ...b]) m.set(destId(d.dest), d);
  return [...m.values()];
}
