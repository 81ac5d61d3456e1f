// The dumps of the VRRP process: SIGUSR1 (keepalived.data), SIGUSR2 / STATS_CLEAR (keepalived.stats) and JSON
// (keepalived.json). The stats and JSON files have keepalived 2.2.7's exact layout (exporters parse them; the
// JSON field names were read from 2.2.7's own dump); the data file has keepalived's sections in its order (the
// instances here, the other sections in dump-sections.ts and dump-interfaces.ts), then the daemon's own loop-lag
// figures. Not written yet: static track groups and the VMAC / IPVLAN lines.
import { consoleTime } from '../../core/logging/timestamp';
import { formatRule } from './static-text';
import type { ScriptRef } from '../../config/model/script';
import type { VrrpScript } from '../../config/model/trackers';
import { cmdStr } from '../../config/values/script';
import type { PlannedAddress } from './instance-plan';
import { type InstanceRuntime, wallClockUs } from './instance-runtime';
import type { VrrpCounter } from '../drop-reason';
import { notifyLine, routeDumpText, type SocketFds, trackedLines } from './dump-sections';

const STATE_NAMES: Readonly<Record<string, string>> = {
  INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'FAULT', STOP: 'STOP',
};
/** keepalived's state numbers (the JSON dump; STOP is a notification-only pseudo-state). */
const STATE_NUMBERS: Readonly<Record<string, number>> = { INIT: 0, BACKUP: 1, MASTER: 2, FAULT: 3, STOP: 98 };
const SCOPE_NAMES: Readonly<Record<number, string>> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };

/** "10.0.0.100/24 dev eth0 scope global set", as keepalived prints a VIP. */
function vipText(a: PlannedAddress, installed: boolean): string {
  const e = a.entry;
  let t = `${a.address}/${a.prefix}`;
  if (e.brd !== undefined) t += ` brd ${e.brd}`;
  t += ` dev ${a.dev} scope ${SCOPE_NAMES[e.scope] ?? e.scope}`;
  if (e.label !== undefined) t += ` label ${e.label}`;
  return installed ? `${t} set` : t;
}

function wire(rt: InstanceRuntime, name: VrrpCounter): number {
  return rt.endpoint?.counters.keepalived(name) ?? 0;
}

export function statsDump(runtimes: readonly InstanceRuntime[]): string {
  const out: string[] = [];
  for (const rt of runtimes) {
    const st = rt.inst.stats;
    out.push(
      `VRRP Instance: ${rt.name}`,
      '  Advertisements:',
      `    Received: ${st.advertRcvd}`,
      `    Sent: ${st.advertSent}`,
      `  Became master: ${st.becomeMaster}`,
      `  Released master: ${st.releaseMaster}`,
      '  Packet Errors:',
      `    Length: ${wire(rt, 'packet_len_err')}`,
      `    TTL: ${wire(rt, 'ip_ttl_err')}`,
      `    Invalid Type: ${wire(rt, 'invalid_type_rcvd')}`,
      `    Advertisement Interval: ${wire(rt, 'advert_interval_err')}`,
      `    Address List: ${st.addrListErr}`,
      '  Authentication Errors:',
      `    Invalid Type: ${wire(rt, 'invalid_authtype')}`,
      `    Type Mismatch: ${wire(rt, 'authtype_mismatch')}`,
      `    Failure: ${wire(rt, 'auth_failure') + st.authFailure}`,
      '  Priority Zero:',
      `    Received: ${st.priZeroRcvd}`,
      `    Sent: ${st.priZeroSent}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** A wall-clock time in µs as keepalived's "%ld.%6.6ld" seconds. */
function secondsText(us: number): string {
  return `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

function stamp(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `${secondsText(us)} (${consoleTime(d).replace(/ (\d{4})$/, `.${frac} $1`)})`;
}

export interface LoopFigures {
  /** Longest lateness of the instance timer seen, µs. */
  maxTimerLateUs: number;
  /** Event-loop delay percentiles from the loop monitor, µs. */
  loopDelayP50Us: number;
  loopDelayP99Us: number;
  loopDelayMaxUs: number;
}

/** What the data dump needs from the daemon besides the instances. */
export interface DataContext {
  /** The monotonic clock now, µs (instance deadlines are on it). */
  nowMonoUs: number;
  /** An interface's index, if known. */
  ifindex(name: string): number | undefined;
  /** The sockets an instance sends and receives on (undefined: none allocated). */
  sockets(rt: InstanceRuntime): SocketFds | undefined;
}

/**
 * Whether any of keepalived's per-instance flag bits is set (it then prints "Flags:" with only the unicast ones
 * under it, else "Flags: none").
 */
function instanceHasFlags(rt: InstanceRuntime): boolean {
  const s = rt.inst.settings;
  const c = rt.plan.config;
  const evipOtherFamily = rt.pick('evips', s.evips).some((a) => a.family !== s.family);
  return s.unicast || c.unicastSrcIp !== undefined || c.unicastPeer.length > 0 || c.unicastFaultNoPeer
    || s.dontTrackPrimary || c.linkbeatUsePolling || s.skipCheckAdvAddr || rt.plan.endpoint.srcIp !== undefined
    || c.trackSrcIp || c.checkUnicastSrc || c.promoteSecondaries || evipOtherFamily || s.nopreempt
    || rt.plan.vmac !== undefined || c.useVmacAddr;
}

/** One instance in keepalived's dump_vrrp() order, for the features this daemon has (no VMAC). */
function instanceLines(rt: InstanceRuntime, ctx: DataContext): string[] {
  const s = rt.inst.settings;
  const c = rt.plan.config;
  const ep = rt.plan.endpoint;
  const state = rt.inst.state;
  const out = [` VRRP Instance = ${rt.name}`, `   VRRP Version = ${s.version}`];
  if (c.syncGroup !== undefined) out.push(`   Sync group = ${c.syncGroup}`);
  if (s.family === 6) out.push('   Using Native IPv6');
  out.push(`   State = ${STATE_NAMES[state] ?? state}`);
  if (state === 'BACKUP') {
    out.push(`   Master router = ${rt.inst.masterSource ?? (s.family === 4 ? '0.0.0.0' : '::')}`, `   Master priority = ${rt.inst.masterPriority}`);
    if (s.version === 3) out.push(`   Master advert int = ${(rt.inst.masterAdvertIntervalUs / 1_000_000).toFixed(2)} sec`);
  }
  const unicastConfigured = c.unicastSrcIp !== undefined || c.unicastPeer.length > 0;
  if (!instanceHasFlags(rt)) out.push('   Flags: none');
  else {
    out.push('   Flags:');
    if (s.unicast) out.push('     Using unicast');
    else if (unicastConfigured) out.push('     Unicast config option specified but using multicast');
    if (c.unicastFaultNoPeer) out.push('     If unicast go to fault state if no peers');
  }
  const faults = rt.inst.faultFigures;
  const sands = rt.inst.readTimeout;
  out.push(
    `   Wantstate = ${STATE_NAMES[rt.inst.wantedState] ?? rt.inst.wantedState}`,
    `   Number of config faults = ${faults.config}`,
    `   Number of interface and track script faults = ${faults.trackers}`,
    '   Number of track scripts init = 0',
    `   Last transition = ${stamp(rt.lastTransition)}`,
    sands === null ? '   Read timeout = DISABLED' : `   Read timeout = ${stamp(wallClockUs() + Math.max(0, sands - ctx.nowMonoUs))}`,
    `   Master down timer = ${rt.inst.masterDownTimerUs} usecs`,
    `   Interface = ${rt.plan.ifname}`,
  );
  if (s.dontTrackPrimary) out.push('   VRRP interface tracking disabled');
  if (s.skipCheckAdvAddr) out.push('   Skip checking advert IP addresses');
  if (s.strict) out.push('   Enforcing strict VRRP compliance');
  out.push(`   Using src_ip = ${s.sourceAddress}${ep.srcIp !== undefined ? ' (from configuration)' : ''}`);
  if (!s.unicast) {
    const group = ep.mcastGroup ?? (ep.family === 4 ? '224.0.0.18' : 'ff02::12');
    out.push(ep.family === 4 ? `   Multicast address ${group}` : `   Multicast address ${group}, ifindex ${ctx.ifindex(rt.plan.ifname) ?? 0}`);
  }
  out.push(
    `   Gratuitous ARP delay = ${Math.floor(s.garp.masterDelayUs / 1_000_000)}`,
    `   Gratuitous ARP repeat = ${s.garp.masterRepeat}`,
    `   Gratuitous ARP refresh = ${Math.floor(s.garp.masterRefreshUs / 1_000_000)}`,
    `   Gratuitous ARP refresh repeat = ${s.garp.masterRefreshRepeat}`,
    `   Gratuitous ARP lower priority delay = ${Math.floor(s.garp.lowerPrioDelayUs / 1_000_000)}`,
    `   Gratuitous ARP lower priority repeat = ${s.garp.lowerPrioRepeat}`,
    `   Down timer adverts = ${s.downTimerAdverts}`,
    `   Send advert after receive lower priority advert = ${!s.lowerPrioNoAdvert}`,
    `   Send advert after receive higher priority advert = ${s.higherPrioSendAdvert}`,
    `   Virtual Router ID = ${s.vrid}`,
    `   Priority = ${s.priority}`,
    `   Effective priority = ${rt.inst.effectivePriority}`,
    `   Total priority = ${rt.inst.effectivePriority}`,
    `   Advert interval = ${s.version === 2 ? `${Math.floor(s.advertIntervalUs / 1_000_000)} sec` : `${Math.floor(s.advertIntervalUs / 1000)} milli-sec`}`,
  );
  if (state === 'BACKUP' && s.version === 3) out.push(`   Master advert interval = ${Math.floor(rt.inst.masterAdvertIntervalUs / 1000)} milli-sec`);
  out.push(`   Accept = ${s.accept ? 'enabled' : 'disabled'}`, `   Preempt = ${s.nopreempt ? 'disabled' : 'enabled'}`);
  if (s.preemptDelayUs) out.push(`   Preempt delay = ${s.preemptDelayUs / 1_000_000} secs`);
  out.push(`   Promote_secondaries = ${c.promoteSecondaries ? 'enabled' : 'disabled'}`);
  if (s.auth === 'pass') out.push('   Authentication type = SIMPLE_PASSWORD', `   Password = ${c.authentication?.authPass ?? ''}`);
  else if (s.auth === 'ah') out.push('   Authentication type = IPSEC_AH');
  else if (s.version === 2) out.push('   Authentication type = none');
  const vips = rt.pick('vips', s.vips);
  if (vips.length) {
    out.push(`   Virtual IP (${vips.length}):`);
    for (const a of vips) out.push(`     ${vipText(a, rt.installed.vips.has(a.id))}`);
  }
  const evips = rt.pick('evips', s.evips);
  if (evips.length) {
    out.push('   Virtual IP Excluded :');
    for (const a of evips) out.push(`     ${vipText(a, rt.installed.evips.has(a.id))}`);
  }
  if (s.unicast) {
    if (ep.unicastTtl !== undefined) out.push(`   Unicast TTL = ${ep.unicastTtl}`);
    out.push(`   Check unicast src : ${c.checkUnicastSrc ? 'yes' : 'no'}`, '   Unicast Peer :');
    for (const p of c.unicastPeer) out.push(`     ${p.address} min_ttl ${p.minTtl} max_ttl ${p.maxTtl}`);
  }
  const fds = ctx.sockets(rt);
  out.push(fds ? `   fd_in ${fds.fdIn}, fd_out ${fds.fdOut}` : '   No sockets allocated');
  const routes = rt.pick('routes', s.routes);
  if (routes.length) out.push('   Virtual Routes :', ...routes.map((r) => `     ${routeDumpText(r, false, true)}`));
  const rules = rt.pick('rules', s.rules);
  if (rules.length) out.push('   Virtual Rules :', ...rules.map((r) => `     ${formatRule({ ...r.entry, noTrack: r.noTrack })}`));
  out.push(
    ...trackedLines('Tracked interfaces', c.trackInterface, false),
    ...trackedLines('Tracked scripts', c.trackScript, false),
    ...trackedLines('Tracked files', c.trackFile, true),
    ...trackedLines('Tracked processes', c.trackProcess, true),
    `   Using smtp notification = ${c.smtpAlert ? 'yes' : 'no'}`,
    `   Notify deleted = ${c.notifyDeleted !== undefined ? 'Deleted' : 'Fault'}`,
    ...notifyLine('Backup', c.notifyBackup),
    ...notifyLine('Master', c.notifyMaster),
    ...notifyLine('Fault', c.notifyFault),
    ...notifyLine('Stop', c.notifyStop),
    ...notifyLine('Deleted', c.notifyDeleted?.script),
    ...notifyLine('Generic', c.notify),
    ...notifyLine('Master rx lower pri', c.notifyMasterRxLowerPri),
    `   Notify priority changes = ${s.notifyPriorityChanges}`,
  );
  return out;
}

/** The sections around the instances, in keepalived's order (each empty when keepalived leaves it out). */
export interface DataSections {
  /** Global definitions, then gratuitous ARP delay groups. */
  head: readonly string[];
  /** Static addresses, routes and rules. */
  statics: readonly string[];
  /** Socket pool, sync groups, scripts, track files, track processes. */
  afterTopology: readonly string[];
  /** Interfaces. */
  tail: readonly string[];
}

/** keepalived.data: keepalived's sections in its order, then our event-loop figures. */
export function dataDump(sections: DataSections, runtimes: readonly InstanceRuntime[], loop: LoopFigures, ctx: DataContext): string {
  const out: string[] = [...sections.head, ...sections.statics];
  if (runtimes.length) out.push('------< VRRP Topology >------');
  for (const rt of runtimes) out.push(...instanceLines(rt, ctx));
  out.push(...sections.afterTopology, ...sections.tail);
  out.push(
    '------< Event loop >------',
    ` Longest instance timer lateness = ${loop.maxTimerLateUs} usecs`,
    ` Event loop delay p50 = ${loop.loopDelayP50Us} usecs`,
    ` Event loop delay p99 = ${loop.loopDelayP99Us} usecs`,
    ` Event loop delay max = ${loop.loopDelayMaxUs} usecs`,
  );
  return `${out.join('\n')}\n`;
}

/** Marks a string value that goes into the JSON text as a bare number, exactly as written. */
const RAW = '\u0000raw:';
const RAW_VALUE = /"\\u0000raw:([0-9.]+)"/g;

/** The per-instance counters of keepalived's JSON "stats" object. */
function jsonStats(rt: InstanceRuntime): Record<string, number> {
  const st = rt.inst.stats;
  return {
    advert_rcvd: st.advertRcvd,
    advert_sent: st.advertSent,
    become_master: st.becomeMaster,
    release_master: st.releaseMaster,
    packet_len_err: wire(rt, 'packet_len_err'),
    advert_interval_err: wire(rt, 'advert_interval_err'),
    ip_ttl_err: wire(rt, 'ip_ttl_err'),
    invalid_type_rcvd: wire(rt, 'invalid_type_rcvd'),
    addr_list_err: st.addrListErr,
    invalid_authtype: wire(rt, 'invalid_authtype'),
    authtype_mismatch: wire(rt, 'authtype_mismatch'),
    auth_failure: wire(rt, 'auth_failure') + st.authFailure,
    pri_zero_rcvd: st.priZeroRcvd,
    pri_zero_sent: st.priZeroSent,
  };
}

/** keepalived's cmd_str() of a script: its resolved program and its arguments, each quoted. */
function scriptText(s: ScriptRef): string {
  return cmdStr(s.resolvedPath !== undefined ? [s.resolvedPath, ...s.args.slice(1)] : s.args);
}

function scriptField(name: string, s: ScriptRef | undefined): Record<string, string> {
  return s ? { [name]: scriptText(s) } : {};
}

/** keepalived leaves an empty list out. */
function listField(name: string, list: readonly string[]): Record<string, readonly string[]> {
  return list.length ? { [name]: list } : {};
}

/** vrrpScripts: the configuration's vrrp_scripts (a tracked script shows as its command). */
export function jsonDump(runtimes: readonly InstanceRuntime[], vrrpScripts: readonly VrrpScript[] = []): string {
  const scripts = new Map(vrrpScripts.map((v) => [v.name, scriptText(v.script)]));
  const list = runtimes.map((rt) => {
    const s = rt.inst.settings;
    const c = rt.plan.config;
    const state = STATE_NUMBERS[rt.inst.state] ?? 0;
    const data = {
      iname: rt.name,
      dont_track_primary: s.dontTrackPrimary ? 1 : 0,
      skip_check_adv_addr: s.skipCheckAdvAddr ? 1 : 0,
      strict_mode: s.strict ? 1 : 0,
      vmac_ifname: '',
      ifp_ifname: rt.plan.ifname,
      master_priority: rt.inst.masterPriority,
      last_transition: `${RAW}${secondsText(rt.lastTransition)}`,
      garp_delay: s.garp.masterDelayUs / 1_000_000,
      garp_refresh: s.garp.masterRefreshUs / 1_000_000,
      garp_rep: s.garp.masterRepeat,
      garp_refresh_rep: s.garp.masterRefreshRepeat,
      garp_lower_prio_delay: s.garp.lowerPrioDelayUs / 1_000_000,
      garp_lower_prio_rep: s.garp.lowerPrioRepeat,
      lower_prio_no_advert: s.lowerPrioNoAdvert ? 1 : 0,
      higher_prio_send_advert: s.higherPrioSendAdvert ? 1 : 0,
      vrid: s.vrid,
      base_priority: s.priority,
      effective_priority: rt.inst.effectivePriority,
      vipset: rt.installed.vips.size > 0,
      promote_secondaries: c.promoteSecondaries,
      adver_int: s.advertIntervalUs / 1_000_000,
      master_adver_int: rt.inst.masterAdvertIntervalUs / 1_000_000,
      accept: s.accept ? 1 : 0,
      nopreempt: s.nopreempt,
      preempt_delay: Math.floor(s.preemptDelayUs / 1_000_000),
      state,
      wantstate: state,
      version: s.version,
      smtp_alert: c.smtpAlert,
      notify_deleted: c.notifyDeleted !== undefined,
      ...scriptField('script_backup', c.notifyBackup),
      ...scriptField('script_master', c.notifyMaster),
      ...scriptField('script_fault', c.notifyFault),
      ...scriptField('script_stop', c.notifyStop),
      ...scriptField('script_deleted', c.notifyDeleted?.script),
      ...scriptField('script', c.notify),
      ...scriptField('script_master_rx_lower_pri', c.notifyMasterRxLowerPri),
      ...listField('vips', rt.pick('vips', s.vips).map((a) => vipText(a, rt.installed.vips.has(a.id)))),
      ...listField('evips', rt.pick('evips', s.evips).map((a) => vipText(a, rt.installed.evips.has(a.id)))),
      ...listField('vroutes', rt.pick('routes', s.routes).map((r) => routeDumpText(r, false, true))),
      ...listField('vrules', rt.pick('rules', s.rules).map((r) => formatRule({ ...r.entry, noTrack: r.noTrack }))),
      ...listField('track_ifp', c.trackInterface.map((x) => x.name)),
      ...listField('track_script', c.trackScript.map((x) => scripts.get(x.name)).filter((x) => x !== undefined)),
      auth_type: s.auth === 'pass' ? 1 : s.auth === 'ah' ? 2 : 0,
      ...(c.authentication ? { auth_data: c.authentication.authPass } : {}),
    };
    return { data, stats: jsonStats(rt) };
  });
  // keepalived's JSON writer escapes '/' as well; last_transition is printed with "%f" (six decimals, kept); the
  // file ends with a newline.
  return `${JSON.stringify(list).replace(/\//g, '\\/').replace(RAW_VALUE, '$1')}\n`;
}

/** STATS_CLEAR: every counter the stats and JSON dumps show goes back to zero. */
export function clearStats(runtimes: readonly InstanceRuntime[]): void {
  for (const rt of runtimes) {
    const st = rt.inst.stats as unknown as Record<string, number>;
    for (const k of Object.keys(st)) st[k] = 0;
    const c = rt.endpoint?.counters;
    if (c) {
      c.byReason.fill(0);
      c.addrCountMismatch = 0;
    }
  }
}
