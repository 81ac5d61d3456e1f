// What one configured vrrp_instance becomes in the daemon: the state machine's settings, PacketIO's endpoint spec,
// and what the instance installs while MASTER (VIPs, eVIPs, virtual routes and rules) keyed by the identifiers the
// state machine passes back in its add/remove actions. An address's identifier is what keepalived compares at a
// reload (addressId), so a reload sees a different VIP (removed, then added) exactly when keepalived does, and an
// unchanged one keeps its id.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { AddressEntry, RouteEntry, RuleEntry } from '../../config/model/static-routing';
import type { VrrpInstance as VrrpInstanceConfig, VrrpSyncGroup } from '../../config/model/vrrp';
import { AUTH_AH, AUTH_NONE, AUTH_PASS } from '../../core/wasm/vrrp-codec';
import type { EndpointSpec } from '../../net/packet-io/packet-io';
import type { RouteMetricsSpec, RouteSpec, RouteType, RuleAction, RuleSpec } from '../../net/netlink/types';
import type { SettingsInput, TrackerSetting } from '../instance/settings';
import type { VmacNames, VmacPlan } from './vmac-plan';

/** An address the instance installs, before the interface name is resolved to an index. */
export interface PlannedAddress {
  readonly id: string;
  readonly dev: string;
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefix: number;
  readonly entry: AddressEntry;
}

export interface PlannedRoute {
  readonly id: string;
  /** Output interface (resolved to an index when installed). */
  readonly dev: string | undefined;
  /** Each nexthop's interface, in the order of spec.nexthops. */
  readonly nexthopDevs: ReadonlyArray<string | undefined>;
  readonly spec: Omit<RouteSpec, 'index'>;
  /** keepalived does not watch it (no_track, or no interface to tie it to). */
  readonly noTrack: boolean;
  readonly entry: RouteEntry;
}

export interface PlannedRule {
  readonly id: string;
  readonly spec: RuleSpec;
  readonly noTrack: boolean;
  readonly entry: RuleEntry;
}

export interface InstancePlan {
  readonly name: string;
  /** keepalived's reload identity: VRID, family, interface, multicast group or unicast source (reference §1.5). */
  readonly matchKey: string;
  /** The interface adverts use: the configured one, or the VMAC (unless vmac_xmit_base). */
  readonly ifname: string;
  /** use_vmac: the macvlan the instance creates, which carries its VIPs. */
  readonly vmac: VmacPlan | undefined;
  /** The settings without sourceAddress, which the channel resolves at registration. */
  readonly settings: Omit<SettingsInput, 'sourceAddress'>;
  readonly endpoint: EndpointSpec;
  readonly vips: readonly PlannedAddress[];
  readonly evips: readonly PlannedAddress[];
  readonly routes: readonly PlannedRoute[];
  readonly rules: readonly PlannedRule[];
  /** Tracked objects the daemon cannot feed yet (BFD), by kind and name. */
  readonly untracked: readonly string[];
  readonly config: VrrpInstanceConfig;
}

export interface PlanOptions {
  /** -D */
  logDetail: boolean;
  /** VMAC names for this configuration (use_vmac instances need it). */
  vmacNames?: VmacNames;
}

const ROUTE_TYPE_NAMES: Readonly<Record<number, RouteType>> = {
  1: 'unicast', 2: 'local', 3: 'broadcast', 4: 'anycast', 5: 'multicast', 6: 'blackhole', 7: 'unreachable',
  8: 'prohibit', 9: 'throw', 10: 'nat',
};
const RULE_ACTION_NAMES: Readonly<Record<number, RuleAction>> = {
  1: 'table', 2: 'goto', 3: 'nop', 6: 'blackhole', 7: 'unreachable', 8: 'prohibit',
};

const fam = (f: 'inet' | 'inet6'): 4 | 6 => (f === 'inet6' ? 6 : 4);

/**
 * An address's identity across a reload, as keepalived compares addresses (compare_ipaddress): family, address,
 * prefix length, interface, scope, label and VMAC use. Other attributes (brd, peer, flags, lifetimes) do not make
 * a different address: a reload that changes only them leaves the installed address alone, as keepalived does.
 */
function addressId(e: AddressEntry, dev: string): string {
  const parts = [`${e.address}/${e.prefixlen}`, `dev ${dev}`, `scope ${e.scope}`];
  if (e.label !== undefined) parts.push(`label ${e.label}`);
  if (e.useVmac) parts.push('use_vmac');
  return parts.join(' ');
}

export function planAddresses(list: readonly AddressEntry[], defaultDev: string): PlannedAddress[] {
  return list.map((e) => {
    const dev = e.dev ?? defaultDev;
    return { id: addressId(e, dev), dev, family: fam(e.family), address: e.address, prefix: e.prefixlen, entry: e };
  });
}

/** The metrics of a route entry, with the names given `lock`; undefined when it has none. */
function routeMetrics(r: RouteEntry): RouteMetricsSpec | undefined {
  const m: RouteMetricsSpec = {};
  const locked: NonNullable<RouteMetricsSpec['locked']> = [];
  const lockable = ['mtu', 'advmss', 'rtt', 'rttvar', 'reordering', 'cwnd', 'ssthresh', 'rtoMin'] as const;
  for (const name of lockable) {
    const v = r[name];
    if (!v) continue;
    m[name] = v.value;
    if (v.lock) locked.push(name);
  }
  if (r.window !== undefined) m.window = r.window;
  if (r.initcwnd !== undefined) m.initcwnd = r.initcwnd;
  if (r.initrwnd !== undefined) m.initrwnd = r.initrwnd;
  if (r.hoplimit !== undefined) m.hoplimit = r.hoplimit;
  if (r.quickack !== undefined) m.quickack = r.quickack;
  if (r.featuresEcn) m.featuresEcn = true;
  if (r.fastopenNoCookie !== undefined) m.fastopenNoCookie = r.fastopenNoCookie ? 1 : 0;
  if (r.congctl) {
    m.congctl = r.congctl.value;
    if (r.congctl.lock) locked.push('congctl');
  }
  if (locked.length > 0) m.locked = locked;
  return Object.keys(m).length > 0 ? m : undefined;
}

/** Route entry → netlink spec (interfaces by name; the writer resolves them to indexes). */
export function planRoute(r: RouteEntry): PlannedRoute {
  const family = fam(r.family);
  const viaFamily = r.via && fam(r.via.family) !== family ? fam(r.via.family) : undefined;
  const spec: Omit<RouteSpec, 'index'> = {
    family,
    dst: r.to.address,
    dstLen: r.to.prefixlen,
    from: r.from?.address,
    fromLen: r.from?.address !== undefined ? r.from.prefixlen : undefined,
    via: r.via?.address,
    viaFamily,
    table: r.table,
    metric: r.metric,
    scope: r.scope,
    src: r.src,
    type: ROUTE_TYPE_NAMES[r.type] ?? 'unicast',
    protocol: r.protocol,
    tos: r.tos,
    onlink: r.onlink || undefined,
    realms: r.realms,
    metrics: routeMetrics(r),
    pref: r.pref,
    expires: r.expires,
    ttlPropagate: r.ttlPropagate,
    nexthops: r.nexthops.length > 0
      ? r.nexthops.map((nh) => ({
        via: nh.via?.address,
        viaFamily: nh.via && fam(nh.via.family) !== family ? fam(nh.via.family) : undefined,
        weight: nh.weight,
        onlink: nh.onlink || undefined,
        realms: nh.realms,
      }))
      : undefined,
  };
  const clean = JSON.parse(JSON.stringify(spec)) as Omit<RouteSpec, 'index'>;
  const nexthopDevs = r.nexthops.map((nh) => nh.dev);
  return {
    id: `route ${JSON.stringify({ ...clean, dev: r.dev, nexthopDevs })}`,
    dev: r.dev,
    nexthopDevs,
    spec: clean,
    noTrack: r.noTrack,
    entry: r,
  };
}

/** Rule entry → netlink spec. */
export function planRule(r: RuleEntry): PlannedRule {
  const spec: RuleSpec = JSON.parse(JSON.stringify({
    family: fam(r.family),
    priority: r.priority,
    from: r.from?.address,
    fromLen: r.from?.address !== undefined ? r.from.prefixlen : undefined,
    to: r.to?.address,
    toLen: r.to?.address !== undefined ? r.to.prefixlen : undefined,
    table: r.table,
    fwmark: r.fwmark,
    fwmask: r.fwmask,
    iif: r.iif,
    oif: r.oif,
    tos: r.tos || undefined,
    action: RULE_ACTION_NAMES[r.action],
    goto: r.goto,
    invert: r.invert || undefined,
    protocol: r.protocol,
    realms: r.realms,
    suppressPrefixlength: r.suppressPrefixlength,
    suppressIfgroup: r.suppressIfgroup,
    tunnelId: r.tunnelId,
    uidrange: r.uidrange,
    l3mdev: r.l3mdev || undefined,
    ipproto: r.ipproto,
    sport: r.sport,
    dport: r.dport,
  })) as RuleSpec;
  return { id: `rule ${JSON.stringify(spec)}`, spec, noTrack: r.noTrack, entry: r };
}

/**
 * The instance's tracked objects, then its sync group's, which every member tracks too (sync_group_tracking_init).
 * Scripts, files and processes are fed by the tracker set (../trackers) under their names; a script that script
 * security disabled is dropped, as keepalived drops it from the instance. BFD is not fed (no BFD process yet).
 */
function trackers(vi: VrrpInstanceConfig, config: KeepalivedConfig): { list: TrackerSetting[]; untracked: string[] } {
  const group = config.vrrpSyncGroups.find((g) => g.name === vi.syncGroup);
  const sources: Array<VrrpInstanceConfig | VrrpSyncGroup> = group ? [vi, group] : [vi];
  const runnable = new Set(config.vrrpScripts.filter((s) => s.script.runnable !== false).map((s) => s.name));
  const list: TrackerSetting[] = [];
  const add = (t: TrackerSetting): void => {
    if (!list.some((l) => l.kind === t.kind && l.id === t.id)) list.push(t);
  };
  for (const src of sources) {
    for (const t of src.trackInterface) add({ id: t.name, kind: 'interface', weight: t.weight, reverse: t.weightReverse });
    for (const t of src.trackScript) {
      if (runnable.has(t.name)) add({ id: t.name, kind: 'script', weight: t.weight, reverse: t.weightReverse });
    }
    for (const t of src.trackFile) add({ id: t.name, kind: 'file', weight: t.weight, reverse: t.weightReverse });
    for (const t of src.trackProcess) add({ id: t.name, kind: 'process', weight: t.weight, reverse: t.weightReverse });
  }
  const untracked = sources.flatMap((src) => src.trackBfd.map((t) => `track_bfd ${t.name}`));
  return { list, untracked };
}

/**
 * keepalived's vrrp_exist(): an old and a new instance are the same when VRID, family and interface agree and
 * both are unicast with the same source address, or both multicast with the same group and the same VMAC use.
 * The name plays no part. A source left to the interface's address is "the interface's address" on both sides.
 */
export function matchKey(vi: VrrpInstanceConfig, config: KeepalivedConfig): string {
  const ifname = vi.interface ?? config.globalDefs.defaultInterface;
  const g = config.globalDefs;
  const mode = vi.unicast
    ? `unicast ${vi.unicastSrcIp ?? vi.mcastSrcIp ?? '(interface)'}`
    : `multicast ${vi.mcastDstIp ?? (vi.family === 'inet6' ? g.vrrpMcastGroup6 : g.vrrpMcastGroup4)}` +
      ` vmac ${vi.useVmac !== undefined} ${vi.useVmacAddr}`;
  return `${vi.virtualRouterId}|${vi.family}|${ifname}|${mode}`;
}

/** The plan of one instance of a loaded configuration. */
export function planInstance(vi: VrrpInstanceConfig, config: KeepalivedConfig, o: PlanOptions): InstancePlan {
  const base = vi.interface ?? config.globalDefs.defaultInterface;
  const vmac = o.vmacNames?.plan(vi, base);
  const ifname = vmac && !vmac.xmitBase ? vmac.name : base;
  const family = fam(vi.family);
  // VIPs without `dev` go on the VMAC when there is one.
  const vips = planAddresses(vi.virtualIpaddress, vmac?.name ?? base);
  const evips = planAddresses(vi.virtualIpaddressExcluded, vmac?.name ?? base);
  const routes = vi.virtualRoutes.map(planRoute);
  const rules = vi.virtualRules.map(planRule);
  const t = trackers(vi, config);
  const auth = vi.authentication;
  const version = family === 6 ? 3 : vi.version;
  const settings: Omit<SettingsInput, 'sourceAddress'> = {
    name: vi.name,
    vrid: vi.virtualRouterId,
    version,
    family,
    interfaceName: vmac?.name ?? ifname,
    priority: vi.priority,
    initialState: vi.state,
    advertIntervalUs: vi.advertIntUs,
    nopreempt: vi.nopreempt,
    preemptDelayUs: vi.preemptDelayUs,
    downTimerAdverts: vi.downTimerAdverts,
    lowerPrioNoAdvert: vi.lowerPrioNoAdvert,
    higherPrioSendAdvert: vi.higherPrioSendAdvert,
    garp: {
      masterDelayUs: vi.garpMasterDelayUs,
      masterRepeat: vi.garpMasterRepeat,
      masterRefreshUs: vi.garpMasterRefreshUs,
      masterRefreshRepeat: vi.garpMasterRefreshRepeat,
      lowerPrioDelayUs: vi.garpLowerPrioDelayUs,
      lowerPrioRepeat: vi.garpLowerPrioRepeat,
    },
    auth: auth?.authType === 'AH' ? 'ah' : auth?.authType === 'PASS' ? 'pass' : 'none',
    unicast: vi.unicast,
    trackers: t.list,
    strict: vi.strictMode,
    skipCheckAdvAddr: vi.skipCheckAdvAddr,
    accept: vi.accept,
    dontTrackPrimary: vi.dontTrackPrimary,
    notifyPriorityChanges: vi.notifyPriorityChanges,
    logDetail: o.logDetail,
    vips: vips.map((a) => a.id),
    evips: evips.map((a) => a.id),
    routes: routes.map((r) => r.id),
    rules: rules.map((r) => r.id),
  };
  const endpoint: EndpointSpec = {
    name: vi.name,
    ifname,
    family,
    version,
    vrid: vi.virtualRouterId,
    priority: vi.priority,
    vips: vips.filter((a) => a.family === family).map((a) => a.address),
    wireInterval: version === 2 ? Math.round(vi.advertIntUs / 1_000_000) : Math.round(vi.advertIntUs / 10_000),
    authType: version === 2 && family === 4 && auth ? (auth.authType === 'AH' ? AUTH_AH : AUTH_PASS) : AUTH_NONE,
    authPass: auth?.authPass,
    srcIp: vi.unicast ? (vi.unicastSrcIp ?? vi.mcastSrcIp) : (vi.mcastSrcIp ?? vi.unicastSrcIp),
    mcastGroup: vi.unicast ? undefined : vi.mcastDstIp,
    unicastPeers: vi.unicast ? vi.unicastPeer.map((p) => p.address) : undefined,
    unicastTtl: vi.unicast ? vi.unicastTtl : undefined,
    oldUnicastChecksum: vi.oldUnicastChecksum === 'always',
    acceptOldUnicastChecksum: vi.oldUnicastChecksum !== 'never',
  };
  return {
    name: vi.name, matchKey: matchKey(vi, config), ifname, vmac, settings, endpoint, vips, evips, routes, rules,
    untracked: t.untracked, config: vi,
  };
}
