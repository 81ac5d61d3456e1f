// The sections of keepalived.data after the global definitions, in keepalived 2.2.7's order and wording
// (vrrp_data.c dump_vrrp_data and the dump functions of the trackers): static addresses, routes and rules, the
// socket pool, the sync groups, the vrrp_scripts, the track files and the tracked processes. Each builder returns the section's lines,
// header included, or nothing when keepalived leaves the section out (an empty list).
import type { VrrpInstance as VrrpInstanceConfig } from '../../config/model/vrrp';
import type { ScriptRef } from '../../config/model/script';
import { cmdStr } from '../../config/values/script';
import { consoleTime } from '../../core/logging/timestamp';
import type { VrrpTrackProcess } from '../../config/model/trackers';
import type { FileTracker } from '../trackers/file-tracker';
import type { ProcessQuorum } from '../trackers/process-quorum';
import type { ScriptTracker } from '../trackers/script-tracker';
import type { InstanceRuntime } from './instance-runtime';
import type { PlannedRoute } from './instance-plan';
import type { StaticPlan } from './static-routing';
import { formatAddress, formatRoute, formatRule } from './static-text';
import type { SyncGroupRuntime } from './sync-groups';

/** The receive and send sockets of a channel, as keepalived numbers them. */
export interface SocketFds {
  readonly fdIn: number;
  readonly fdOut: number;
}

/**
 * A route as keepalived's dump prints it. keepalived learns the interface an installed route went to from the
 * kernel's route notifications, which it only listens to for a family when some tracked virtual route (or a static
 * route with a track_group) of that family needs them; a tracked static route it never heard about shows index 0.
 * (A route without a device whose notification was heard shows the kernel's choice: not known here, left out.)
 */
export function routeDumpText(r: PlannedRoute, isStatic: boolean, monitored: boolean): string {
  const text = formatRoute({ ...r.entry, noTrack: r.noTrack });
  return isStatic && !r.noTrack && !monitored ? `${text} [installed ifindex 0]` : text;
}

/** The families whose route notifications keepalived listens to (process_static_entries, vrrp_complete_instance). */
export function monitoredRouteFamilies(runtimes: readonly InstanceRuntime[], plan: StaticPlan | undefined): Set<string> {
  const out = new Set<string>();
  for (const rt of runtimes) for (const r of rt.plan.routes) if (!r.noTrack) out.add(r.entry.family);
  for (const r of plan?.routes ?? []) if (r.entry.trackGroup) out.add(r.entry.family);
  return out;
}

export function staticSections(plan: StaticPlan | undefined, monitored: ReadonlySet<string>): string[] {
  if (!plan) return [];
  const out: string[] = [];
  if (plan.addresses.length) {
    out.push('------< Static Addresses >------');
    for (const a of plan.addresses) out.push(`     ${formatAddress(a.entry, a.dev)} set`);
  }
  if (plan.routes.length) {
    out.push('------< Static Routes >------');
    for (const r of plan.routes) out.push(`     ${routeDumpText(r, true, monitored.has(r.entry.family))}`);
  }
  if (plan.rules.length) {
    out.push('------< Static Rules >------');
    for (const r of plan.rules) out.push(`     ${formatRule({ ...r.entry, noTrack: r.noTrack })}`);
  }
  return out;
}

/** One pool entry per (interface, family) channel, with its instances in VRID order as keepalived's tree walks them. */
export function sockPoolSection(runtimes: readonly InstanceRuntime[], fds: (rt: InstanceRuntime) => SocketFds | undefined): string[] {
  const pools = new Map<string, InstanceRuntime[]>();
  for (const rt of runtimes) {
    if (!rt.endpoint) continue;
    const s = rt.inst.settings;
    const key = `${rt.plan.ifname}/${s.family}/${s.auth === 'ah' ? 51 : 112}/${s.unicast ? rt.plan.endpoint.srcIp ?? '' : ''}`;
    pools.set(key, [...(pools.get(key) ?? []), rt]);
  }
  if (pools.size === 0) return [];
  const out = ['------< VRRP Sockpool >------'];
  for (const members of pools.values()) {
    const first = members[0];
    const s = first.inst.settings;
    const f = fds(first) ?? { fdIn: -1, fdOut: -1 };
    out.push(
      ` fd_in ${f.fdIn} fd_out = ${f.fdOut}`,
      `   Interface = ${first.plan.ifname}`,
      `   Family = ${s.family === 4 ? 'IPv4' : 'IPv6'}`,
      `   Protocol = ${s.auth === 'ah' ? 'AH' : 'VRRP'}`,
      `   Type = ${s.unicast ? 'Unicast' : 'Multicast'}`,
    );
    if (s.unicast) out.push(`   Address = ${s.sourceAddress}`);
    out.push('   Rx buf size = 0', '   VRRP instances');
    for (const rt of [...members].sort((a, b) => a.inst.settings.vrid - b.inst.settings.vrid)) {
      out.push(`     ${rt.name} vrid ${rt.inst.settings.vrid}`);
    }
  }
  return out;
}

function notifyLine(label: string, s: ScriptRef | undefined): string[] {
  if (!s) return [];
  const argv = s.resolvedPath !== undefined ? [s.resolvedPath, ...s.args.slice(1)] : s.args;
  return [`   ${label} state transition script = ${cmdStr(argv)}, uid:gid ${s.uid ?? 0}:${s.gid ?? 0}`];
}

type Tracked = VrrpInstanceConfig['trackScript'];

/** "     name weight N[ reverse]" (interfaces and scripts) or "     name, weight N" (files and processes). */
export function trackedLines(title: string, list: Tracked, comma: boolean): string[] {
  if (list.length === 0) return [];
  return [`   ${title} :`, ...list.map((t) => `     ${t.name}${comma ? ',' : ''} weight ${t.weight}${t.weightReverse ? ' reverse' : ''}`)];
}

export function syncGroupSection(groups: readonly SyncGroupRuntime[]): string[] {
  if (groups.length === 0) return [];
  const out = ['------< VRRP Sync groups >------'];
  for (const g of groups) {
    const c = g.config;
    const members = g.core.members;
    out.push(
      ` VRRP Sync Group = ${c.name}, ${g.core.state}`,
      `   Num member fault ${members.filter((m) => m.state === 'FAULT').length}, num member init ${members.filter((m) => m.state === 'INIT').length}`,
      '   VRRP member instances :',
      ...c.group.map((n) => `     ${n}`),
    );
    if (c.syncGroupTrackingWeight) out.push('   sync group tracking weight set');
    out.push(`   Using smtp notification = ${c.smtpAlert ? 'yes' : 'no'}`);
    if (c.notifyPriorityChanges !== undefined) out.push(`   Notify priority changes = ${c.notifyPriorityChanges ? 'yes' : 'no'}`);
    out.push(
      ...trackedLines('Tracked interfaces', c.trackInterface, false),
      ...trackedLines('Tracked scripts', c.trackScript, false),
      ...trackedLines('Tracked files', c.trackFile, true),
      ...trackedLines('Tracked process', c.trackProcess, true),
      ...notifyLine('Backup', c.notifyBackup),
      ...notifyLine('Master', c.notifyMaster),
      ...notifyLine('Fault', c.notifyFault),
      ...notifyLine('Stop', c.notifyStop),
      ...notifyLine('Generic', c.notify),
    );
  }
  return out;
}

/** Who tracks an object: instances in configuration order, with the weight they track it with. */
function trackingLines(runtimes: readonly InstanceRuntime[], pick: (c: VrrpInstanceConfig) => Tracked, name: string): string[] {
  const out: string[] = [];
  for (const rt of runtimes) {
    const t = pick(rt.plan.config).find((x) => x.name === name);
    if (t) out.push(`     ${rt.name}, weight ${t.weight}${t.weightReverse ? ' reverse' : ''}`);
  }
  return out;
}

const INIT_STATE_WORDS: Readonly<Record<string, string>> = { init: 'INIT', failed: 'INIT/FAILED', 'init-reload': 'INIT/RELOAD' };

export function scriptSection(scripts: readonly ScriptTracker[], runtimes: readonly InstanceRuntime[]): string[] {
  if (scripts.length === 0) return [];
  const out = ['------< VRRP Scripts >------'];
  for (const t of scripts) {
    const c = t.config;
    const st = t.state;
    const argv = c.script.resolvedPath !== undefined ? [c.script.resolvedPath, ...c.script.args.slice(1)] : c.script.args;
    const tracking = trackingLines(runtimes, (x) => x.trackScript, c.name);
    out.push(
      ` VRRP Script = ${c.name}`,
      `   Command = ${cmdStr(argv)}`,
      `   Interval = ${Math.floor(c.intervalUs / 1_000_000)} sec`,
      `   Timeout = ${Math.floor(c.configuredTimeoutUs / 1_000_000)} sec`,
      `   Weight = ${c.weight}${c.weightReverse ? ' reverse' : ''}`,
      `   Rise = ${c.rise}`,
      `   Fall = ${c.fall}`,
      `   Result = ${st.result}`,
      '   Insecure = no',
      `   Init state = ${INIT_STATE_WORDS[st.initState] ?? 'unknown'}`,
      `   Status = ${st.result >= c.rise ? 'GOOD' : 'BAD'}`,
      `   Script uid:gid = ${c.script.uid ?? 0}:${c.script.gid ?? 0}`,
      '   VRRP instances :',
      ...(tracking.length ? ['   Tracking instances :', ...tracking] : []),
      `   State = ${t.runState}`,
    );
  }
  return out;
}

export function trackFileSection(files: readonly FileTracker[], runtimes: readonly InstanceRuntime[]): string[] {
  if (files.length === 0) return [];
  const out = ['------< VRRP Track files >------'];
  for (const f of files) {
    const c = f.config;
    const tracking = trackingLines(runtimes, (x) => x.trackFile, c.name);
    out.push(
      ` Track file = ${c.name}`,
      `   File = ${f.filePath}`,
      `   Status = ${f.value}`,
      `   Weight = ${c.weight}${c.weightReverse ? ' reverse' : ''}`,
      ...(tracking.length ? ['   Tracking instances :', ...tracking] : []),
    );
  }
  return out;
}

/** "VRRP Track processes": each vrrp_track_process, its process count and quorum, who tracks it. */
export function trackProcessSection(processes: ReadonlyArray<{ config: VrrpTrackProcess; quorum: ProcessQuorum | undefined }>,
  runtimes: readonly InstanceRuntime[]): string[] {
  if (processes.length === 0) return [];
  const out = ['------< VRRP Track processes >------'];
  const seconds = (us: number): string => `${(us / 1_000_000).toFixed(6)}s`;
  for (const { config: c, quorum: q } of processes) {
    out.push(` VRRP Track process = ${c.name}`, `   Process = ${c.process}`);
    if (c.processParams.length) out.push(`   Parameters = ${c.processParams.join(' ')}`);
    if (c.paramMatch !== 'none') out.push(`   Param match${c.paramMatch === 'exact' ? '' : ` = ${c.paramMatch}`}`);
    out.push(`   Min processes = ${c.quorum}`);
    if (c.quorumMax < 0xffffffff) out.push(`   Max processes = ${c.quorumMax}`);
    const tracking = trackingLines(runtimes, (x) => x.trackProcess, c.name);
    out.push(
      `   Current processes = ${q?.count ?? 0}`,
      `   Have quorum = ${q?.haveQuorum ? 'true' : 'false'}`,
      `   Weight = ${c.weight}${c.weightReverse ? ' reverse' : ''}`,
      `   Terminate delay = ${seconds(c.terminateDelayUs)}`,
      `   Fork delay = ${seconds(c.forkDelayUs)}`,
      `   Fork delay timer ${q?.forkDelayRunning ? '' : 'not '}running`,
      `   Terminate delay timer ${q?.terminateDelayRunning ? '' : 'not '}running`,
      `   Full command = ${c.fullCommand ? 'true' : 'false'}`,
      ...(tracking.length ? ['   Tracking instances :', ...tracking] : []),
    );
  }
  return out;
}

/** One rate limit of the gratuitous ARP pacing (NeighbourPacer.dumpDelays), next times as wall-clock µs (0: never). */
export interface GarpDelayView {
  readonly garpUs?: number;
  readonly gnaUs?: number;
  readonly garpNextWallUs: number;
  readonly gnaNextWallUs: number;
  readonly aggregationGroup: number;
  /** In interface index order. */
  readonly interfaces: readonly string[];
}

/** "%ld.%6.6ld (%.19s.%6.6ld)" of a wall-clock time in µs. */
function nextTime(us: number): string {
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `${Math.floor(us / 1_000_000)}.${frac} (${consoleTime(new Date(Math.floor(us / 1000))).slice(0, 19)}.${frac})`;
}

/** "Gratuitous ARP delays" (dump_garp_delay): each limit, its next send time and its interfaces. */
export function garpDelaySection(delays: readonly GarpDelayView[]): string[] {
  if (delays.length === 0) return [];
  const out = ['------< Gratuitous ARP delays >------'];
  for (const d of delays) {
    out.push(`------< GARP delay group ${d.aggregationGroup} >------`);
    if (d.garpUs !== undefined) out.push(` GARP interval = ${d.garpUs / 1_000_000}`, ` GARP next time ${nextTime(d.garpNextWallUs)}`);
    if (d.gnaUs !== undefined) out.push(` GNA interval = ${d.gnaUs / 1_000_000}`, ` GNA next time ${nextTime(d.gnaNextWallUs)}`);
    else if (d.garpUs === undefined) out.push(' No configuration');
    out.push(' Interfaces', ...d.interfaces.map((n) => `  ${n}`));
  }
  return out;
}

export { notifyLine };
