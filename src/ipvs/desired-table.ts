// The IPVS table keepalived 2.2.7 programs for a configuration (check/ipwrapper.c and ipvswrapper.c). Which
// destinations are in, at which weight, is LvsState's (src/check/real-server: alpha, inhibit_on_failure, quorum
// with hysteresis, the sorry server); this file turns its table into IPVS services and destinations:
// - A virtual server is one service: address+protocol+port, or fwmark; a virtual_server_group is one service per
//   address of each range (expand-range.ts) and one per fwmark line. Group services always get a full netmask:
//   keepalived resets it per entry, so persistence_granularity has no effect there.
// - Scheduler lb_algo; flags: ops → one-packet, sh-/mh-fallback and flag-1 → scheduler flag 1, sh-/mh-port and
//   flag-2 → 2, flag-3 → 3; persistence_timeout sets the persistent flag, the timeout, the granularity netmask and
//   the persistence engine (none of those without a timeout).
// - Weights are clamped to 0..INT32_MAX.
import { inetAton } from '../config/sections/lvs/inet-address';
import type { KeepalivedConfig } from '../config/model/keepalived-config';
import type { ForwardingMethod, RealServer, VirtualServer } from '../config/model/virtual-server';
import { canonicalIp } from '../net/netlink/ip-text';
import { LvsState } from '../check/real-server/lvs-state';
import type { DesiredDestination, DesiredService } from '../check/real-server/table';
import { SvcFlag } from './ip-vs-abi';
export { expandRange } from './expand-range';
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
}

/**
 * The desired table for every virtual server of a configuration, as keepalived's checker process would have it
 * after start-up and then `health` (and `options.weight`) reported as checker results at run time. The rules
 * (alpha, inhibit, quorum with hysteresis, the sorry server) live in one place, LvsState; a real server without
 * checkers is always up, as in keepalived.
 */
export function desiredTable(config: Pick<KeepalivedConfig, 'virtualServers' | 'virtualServerGroups'>,
  health: RealServerHealth = startupHealth, options: DesiredTableOptions = {}): TableService[] {
  const state = new LvsState({ virtualServers: config.virtualServers, virtualServerGroups: config.virtualServerGroups,
    globalDefs: { routerId: '', lvsFlushOnStop: 'disabled', rsInitNotifies: false } });
  state.start();
  config.virtualServers.forEach((vs, vsIndex) => vs.realServers.forEach((rs, rsIndex) => {
    const up = health(vs, rs);
    rs.checkers.forEach((c, checkerIndex) => {
      if (c.type !== 'FILE_CHECK' && c.type !== 'BFD_CHECK') state.checkerResult({ vsIndex, rsIndex, checkerIndex }, up);
    });
    if (options.weight) state.setWeight(vsIndex, rsIndex, options.weight(vs, rs));
  }));
  return ipvsTableOf(config, state.table());
}

/**
 * LvsState's table (src/check/real-server/table.ts: which destinations, at which weight) as IPVS services and
 * destinations: the service settings (scheduler, flags, persistence) come from the virtual server.
 */
export function ipvsTableOf(config: Pick<KeepalivedConfig, 'virtualServers'>, services: readonly DesiredService[]): TableService[] {
  const out: TableService[] = [];
  for (const s of services) {
    const vs = config.virtualServers[s.vsIndex];
    if (!vs) continue;
    const family: IpvsFamily = s.family;
    const base = baseService(vs, family);
    const service: IpvsService = s.fwmark !== undefined
      ? { ...base, netmask: vs.group !== undefined ? fullMask(family) : base.netmask, fwmark: s.fwmark, protocol: undefined, address: '', port: 0 }
      : { ...base, netmask: vs.group !== undefined ? fullMask(family) : base.netmask, fwmark: 0, protocol: s.protocol ?? 'TCP', address: canonicalIp(s.address ?? ''), port: s.port };
    out.push({ service, dests: s.destinations.map(ipvsDest) });
  }
  return out;
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

function realWeight(w: number): number {
  return w < 0 ? 0 : w > WEIGHT_LIMIT ? WEIGHT_LIMIT : w;
}

function ipvsDest(d: DesiredDestination): IpvsDest {
  const fwd = d.forwarding;
  return {
    family: d.family, address: canonicalIp(d.address), port: d.port, forward: FORWARD[fwd.method], weight: realWeight(d.weight),
    upperThreshold: d.uthreshold, lowerThreshold: d.lthreshold, tunnelType: fwd.type, tunnelPort: fwd.port, tunnelChecksum: fwd.checksum,
  };
}
