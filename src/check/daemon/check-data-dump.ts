// keepalived_check.data, the checker process's SIGUSR1 dump, in keepalived 2.2.7's order and wording
// (dump_data_check): the global definitions, the SSL context, the LVS topology (virtual server groups, virtual
// servers with their real servers), the health checkers, each with its run-time state, and the track files the
// FILE_CHECKs follow. Not yet written: the fields a reload sets (reloaded, previous effective_weight) and a
// connection's last unexpected errno.
import { globalDefsDataLines, type GlobalDumpContext } from '../../config/dump/global-defs-data';
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { Checker, ForwardingMethod, RealServer, VirtualServer, VirtualServerGroup } from '../../config/model/virtual-server';
import { cmdStr } from '../../config/values/script';
import type { CheckerView, ServerView, VsView } from '../real-server/lvs-state';
import { formatPair } from '../checkers/labels';
import { hexPayload } from '../checkers/udp/reply-match';
import type { RunnerDetails } from '../checkers/runners/runner';
import { consoleTime } from '../../core/logging/timestamp';
import { groupEntryKey, NO_RELOAD, type ReloadMarks } from './reload-marks';
import type { ScriptRef } from '../../config/model/script';

/** The kernel's IPVS version as keepalived's build knows it (IP_VS_VERSION_CODE). */
const IPVS_VERSION = '1.2.1';

export interface CheckDumpInput {
  config: KeepalivedConfig;
  /** LvsState.view(), in configuration order. */
  lvs: readonly VsView[];
  /** A checker's retry_it (0 when it has none to tell). */
  retryIt(vsIndex: number, rsIndex: number, checkerIndex: number): number;
  /** A checker's other run-time details (MISC_CHECK's last run). */
  details(vsIndex: number, rsIndex: number, checkerIndex: number): RunnerDetails | undefined;
  /** What the last reload marked (nothing before the first). */
  reload?: ReloadMarks;
  global: GlobalDumpContext;
}

/** format_decimal(val, 6): µs as seconds with six decimals. */
const dec6 = (us: number): string => `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
const onOff = (b: boolean): string => (b ? 'ON' : 'OFF');
const int = (b: boolean): number => (b ? 1 : 0);

function forwardingLine(prefix: string, f: ForwardingMethod): string {
  const what = 'forwarding method = ';
  if (f.method === 'NAT') return `   ${prefix}${what}NAT`;
  if (f.method === 'DR') return `   ${prefix}${what}DR`;
  const csum = f.checksum === 'nocsum' ? ', no checksum' : f.checksum === 'csum' ? ', checksum' : ', remote checksum';
  if (f.type === 'ipip') return `   ${prefix}${what}TUN, type = IPIP`;
  // keepalived drops the prefix for GUE and GRE.
  if (f.type === 'gue') return `   ${what}TUN, type = GUE, port = ${f.port}${csum}`;
  return `   ${what}TUN, type = GRE${csum}`;
}

function sslLines(c: KeepalivedConfig): string[] {
  const s = c.ssl;
  if (!s) return [];
  const out = ['------< SSL definitions >------'];
  if (s.password === undefined && s.ca === undefined && s.certificate === undefined && s.key === undefined) {
    return [...out, ' Using autogen SSL context'];
  }
  if (s.password !== undefined) out.push(` Password : ${s.password}`);
  if (s.ca !== undefined) out.push(` CA-file : ${s.ca}`);
  if (s.certificate !== undefined) out.push(` Certificate file : ${s.certificate}`);
  if (s.key !== undefined) out.push(` Key file : ${s.key}`);
  return out;
}

/** keepalived's per-entry alive counts: the virtual servers using the group that are alive, by protocol. */
function groupLines(g: VirtualServerGroup, config: KeepalivedConfig, lvs: readonly VsView[], marks: ReloadMarks): string[] {
  const users = config.virtualServers.map((vs, i) => ({ vs, alive: lvs[i]?.alive ?? false })).filter((u) => u.vs.group === g.name && u.alive);
  const count = (p: string): number => users.filter((u) => u.vs.protocol === p).length;
  const v4 = g.addressRanges.some((r) => r.family === 'inet') || g.fwmarks.some((f) => f.family !== 'inet6');
  const v6 = g.addressRanges.some((r) => r.family === 'inet6') || g.fwmarks.some((f) => f.family === 'inet6');
  const out = [' ------< Virtual server group >------', ` Virtual Server Group = ${g.name}, IPv4 = ${v4 ? 'yes' : 'no'}, IPv6 = ${v6 ? 'yes' : 'no'}`];
  for (const r of g.addressRanges) {
    out.push(
      r.address !== r.addressEnd ? `   VIP Range = ${r.address}-${r.addressEnd}, VPORT = ${r.port}` : `   VIP = ${r.address}, VPORT = ${r.port}`,
      `     Alive: ${count('TCP')} tcp, ${count('UDP')} udp, ${count('SCTP')} sctp`,
      `     reloaded = ${marks.groupEntries.has(groupEntryKey(g.name, 'range', r)) ? 'True' : 'False'}`,
    );
  }
  for (const f of g.fwmarks) {
    const fam = f.family === 'inet' ? ' IPv4' : f.family === 'inet6' ? ' IPv6' : '';
    const a4 = users.filter((u) => u.vs.ipFamily !== 'inet6').length;
    const a6 = users.filter((u) => u.vs.ipFamily === 'inet6').length;
    out.push(`   FWMARK = ${f.fwmark}${fam}`, `     Alive: ${a4} IPv4, ${a6} IPv6`,
      `     reloaded = ${marks.groupEntries.has(groupEntryKey(g.name, 'fwmark', f)) ? 'True' : 'False'}`);
  }
  return out;
}

function vsLines(vs: VirtualServer, v: VsView, vi: number, marks: ReloadMarks): string[] {
  const out = [' ------< Virtual server >------'];
  if (vs.group !== undefined) out.push(` VS GROUP = ${v.name}`);
  else if (vs.fwmark) out.push(` VS FWMARK = ${vs.fwmark}`);
  else out.push(` VS VIP = ${vs.address ?? ''}, VPORT = ${vs.port}`);
  if (vs.virtualhost !== undefined) out.push(`   VirtualHost = ${vs.virtualhost}`);
  if (vs.snmpName !== undefined) out.push(`   SNMP name = '${vs.snmpName}'`);
  out.push(vs.ipFamily === undefined ? '   Address family = IPv4 & IPv6' : `   Address family = ${vs.ipFamily}`);
  out.push(`   connection timeout = ${dec6(vs.connectTimeoutUs)}`, `   delay_loop = ${dec6(vs.delayLoopUs)}`, `   lvs_sched = ${vs.lbAlgo}`, '   Hashed = disabled');
  const flag = (f: string): string => (vs.schedulerFlags.includes(f) ? 'enabled' : 'disabled');
  if (vs.lbAlgo === 'sh' || vs.lbAlgo === 'mh') {
    out.push(`   ${vs.lbAlgo}-port = ${flag(`${vs.lbAlgo}-port`)}`, `   ${vs.lbAlgo}-fallback = ${flag(`${vs.lbAlgo}-fallback`)}`);
  } else {
    out.push(`   flag-1 = ${flag('flag-1')}`, `   flag-2 = ${flag('flag-2')}`, `   flag-3 = ${flag('flag-3')}`);
  }
  const ops = vs.schedulerFlags.includes('ops');
  out.push(`   One packet scheduling = ${ops ? 'enabled' : 'disabled'}${ops && vs.protocol !== 'UDP' ? ' (inactive due to not UDP)' : ''}`);
  if (vs.persistenceTimeout) out.push(`   persistence timeout = ${vs.persistenceTimeout}`);
  if (vs.persistenceGranularity !== undefined) out.push(`   persistence granularity = ${vs.persistenceGranularity}`);
  out.push(`   protocol = ${vs.protocol ?? 'none'}`, `   alpha is ${onOff(vs.alpha)}`, `   omega is ${onOff(vs.omega)}`);
  if (vs.retry !== undefined) out.push(`   Retry count = ${vs.retry}`);
  if (vs.delayBeforeRetryUs !== undefined) out.push(`   Retry delay = ${dec6(vs.delayBeforeRetryUs)}`);
  if (vs.warmupUs !== undefined) out.push(`   Warmup = ${dec6(vs.warmupUs)}`);
  out.push(`   Inhibit on failure is ${onOff(vs.inhibitOnFailure)}`, `   quorum = ${vs.quorum}, hysteresis = ${vs.hysteresis}`);
  if (vs.quorumUp) out.push(`   Quorum up notify script = ${scriptStr(vs.quorumUp)}, uid:gid ${vs.quorumUp.uid ?? 0}:${vs.quorumUp.gid ?? 0}`);
  if (vs.quorumDown) out.push(`   Quorum down notify script = ${scriptStr(vs.quorumDown)}, uid:gid ${vs.quorumDown.uid ?? 0}:${vs.quorumDown.gid ?? 0}`);
  if (vs.haSuspend) out.push('   Using HA suspend');
  out.push(`   Using smtp notification = ${vs.smtpAlert ? 'yes' : 'no'}`);
  out.push(forwardingLine('default ', vs.lbKind ?? { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' }));
  const s = vs.sorryServer;
  if (s && v.sorry) {
    out.push(`   sorry server ${v.sorry.duplicatesRs ? '(duplicates rs) ' : ''}= ${v.sorry.name}`);
    out.push(forwardingLine('  ', s.lvsMethod ?? vs.lbKind ?? { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' }));
    out.push(`     Inhibit on failure is ${onOff(v.sorry.inhibit)}`);
  }
  out.push(`   alive = ${int(v.alive)}`, `   quorum_state_up = ${int(v.quorumUp)}`, `   reloaded = ${int(marks.vs.has(vi))}`);
  vs.realServers.forEach((rs, i) => {
    const sv = v.servers[i];
    if (sv) out.push(...rsLines(rs, sv, marks.rs.get(`${vi}/${i}`)));
  });
  return out;
}

/** previous: the effective weight before the reload that kept the server (undefined: not kept over a reload). */
function rsLines(rs: RealServer, s: ServerView, previous: number | undefined): string[] {
  const real = s.effectiveWeight < 0 ? 0 : Math.min(s.effectiveWeight, 2 ** 31 - 1);
  const out = [
    '   ------< Real server >------',
    `   RIP = ${rs.address}, RPORT = ${rs.port}, WEIGHT = ${real} EFF WEIGHT = ${s.effectiveWeight}`,
    forwardingLine('', rs.lvsMethod),
    `   Alpha is ${onOff(rs.alpha)}`,
    `   connection timeout = ${dec6(rs.connectTimeoutUs)}`,
    `   connection limit range = ${rs.lthreshold} -> ${rs.uthreshold}`,
    `   Delay loop = ${dec6(rs.delayLoopUs)}`,
  ];
  if (rs.retry !== undefined) out.push(`   Retry count = ${rs.retry}`);
  if (rs.delayBeforeRetryUs !== undefined) out.push(`   Retry delay = ${dec6(rs.delayBeforeRetryUs)}`);
  if (rs.warmupUs !== undefined) out.push(`   Warmup = ${dec6(rs.warmupUs)}`);
  out.push(`   Inhibit on failure is ${onOff(rs.inhibitOnFailure)}`);
  if (rs.notifyUp) out.push(`     RS up notify script = ${scriptStr(rs.notifyUp)}, uid:gid ${rs.notifyUp.uid ?? 0}:${rs.notifyUp.gid ?? 0}`);
  if (rs.notifyDown) out.push(`     RS down notify script = ${scriptStr(rs.notifyDown)}, uid:gid ${rs.notifyDown.uid ?? 0}:${rs.notifyDown.gid ?? 0}`);
  if (rs.virtualhost !== undefined) out.push(`    VirtualHost = '${rs.virtualhost}'`);
  if (rs.snmpName !== undefined) out.push(`   SNMP name = ${rs.snmpName}`);
  out.push(
    `   Using smtp notification = ${rs.smtpAlert ? 'yes' : 'no'}`,
    `   initial weight = ${s.iweight}`,
    `   effective weight = ${s.effectiveWeight}`,
    // keepalived sets the previous weight only when a reload carries a server over.
    `   previous effective_weight = ${previous ?? 0}`,
    `   alive = ${int(s.alive)}`,
    `   num failed checkers = ${s.numFailedCheckers}`,
    `   RS set = ${int(s.set)}`,
    `   reloaded = ${int(previous !== undefined)}`,
  );
  const files = rs.checkers.filter((c) => c.type === 'FILE_CHECK');
  if (files.length) out.push('   Tracked Files', ...files.map((f) => `     ${f.trackFile}, weight ${f.weight}${f.reverse ? ' reverse' : ''}`));
  return out;
}

/** "%ld.%06ld (ctime.%06ld)" of a time in µs since the epoch. */
function lastRan(us: number): string {
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `${Math.floor(us / 1_000_000)}.${frac} (${consoleTime(new Date(Math.floor(us / 1000)))}.${frac})`;
}

/** PCRE2 options in keepalived's table order (regex_options[]). */
const REGEX_OPTIONS = [
  'allow_empty_class', 'alt_bsux', 'auto_callout', 'caseless', 'dollar_endonly', 'dotall', 'dupnames', 'extended',
  'firstline', 'match_unset_backref', 'multiline', 'never_ucp', 'never_utf', 'no_auto_capture', 'no_auto_possess',
  'no_dotstar_anchor', 'no_start_optimize', 'ucp', 'ungreedy', 'utf', 'never_backslash_c', 'alt_circumflex',
  'alt_verbnames', 'use_offset_limit',
];

type RegexRefs = (pattern: string, options: readonly string[]) => number;

/** keepalived shares one compiled regex among the urls with the same pattern and options, and counts them. */
function regexCounter(config: KeepalivedConfig): RegexRefs {
  const key = (p: string, o: readonly string[]): string => JSON.stringify([p, [...o].sort()]);
  const counts = new Map<string, number>();
  for (const vs of config.virtualServers) {
    for (const rs of vs.realServers) {
      for (const c of rs.checkers) {
        if (c.type !== 'HTTP_GET' && c.type !== 'SSL_GET') continue;
        for (const u of c.url) if (u.regex !== undefined) counts.set(key(u.regex, u.regexOptions), (counts.get(key(u.regex, u.regexOptions)) ?? 0) + 1);
      }
    }
  }
  return (p, o) => counts.get(key(p, o)) ?? 1;
}

/** cmd_str() of a script: the program as found on the PATH, then its arguments. */
function scriptStr(s: ScriptRef): string {
  return cmdStr(s.resolvedPath !== undefined ? [s.resolvedPath, ...s.args.slice(1)] : s.args);
}

/** The default delay_before_retry a checker kind is queued with (checker->default_delay_before_retry). */
function defaultDelayBeforeRetryUs(c: Checker): number {
  if (c.type === 'HTTP_GET' || c.type === 'SSL_GET') return 3_000_000;
  if (c.type === 'DNS_CHECK') return 0;
  return 1_000_000;
}

/** The status code ranges of a url, one per line, as dump_url() merges them. */
function statusLines(codes: readonly string[]): string[] {
  return codes.map((r) => `       ${r}`);
}

function kindLines(c: Checker, d: RunnerDetails | undefined, regexRefs: (pattern: string, options: readonly string[]) => number): string[] {
  switch (c.type) {
    case 'TCP_CHECK':
      return ['   Keepalive method = TCP_CHECK'];
    case 'PING_CHECK':
      return ['   Keepalive method = PING_CHECK'];
    case 'SMTP_CHECK':
      return ['   Keepalive method = SMTP_CHECK', `   helo = ${c.heloName}`];
    case 'DNS_CHECK':
      return ['   Keepalive method = DNS_CHECK', `   Type = ${c.dnsType}`, `   Name = ${c.name}`];
    case 'UDP_CHECK': {
      const out = ['   Keepalive method = UDP_CHECK'];
      out.push(c.payload !== undefined ? `   Payload len = ${hexPayload(c.payload).length}` : '   Payload specified = no');
      out.push(`   Require reply = ${c.requireReply ? 'yes' : 'no'}`);
      if (c.requireReply) {
        out.push(`     Min reply length = ${c.minReplyLength}`, `     Max reply length = ${c.maxReplyLength}`);
        out.push(`     Reply data len = ${c.replyData !== undefined ? Math.ceil(c.replyData.length / 2) : 0}`);
        if (c.replyData !== undefined) out.push(`     Reply data mask = ${/x/i.test(c.replyData) ? 'yes' : 'no'}`);
      }
      return out;
    }
    case 'MISC_CHECK':
      return [
        '   Keepalive method = MISC_CHECK',
        `   script = ${scriptStr(c.miscPath)}`,
        // keepalived keeps 0 for "no misc_timeout" (the model has the delay_loop it then uses).
        `   timeout = ${c.miscTimeoutUs === c.delayLoopUs ? 0 : Math.floor(c.miscTimeoutUs / 1_000_000)}`,
        `   dynamic = ${c.miscDynamic ? 'YES' : 'NO'}`,
        `   uid:gid = ${c.miscPath.uid ?? 0}:${c.miscPath.gid ?? 0}`,
        `   Last ran = ${lastRan(d?.lastRanUs ?? 0)}`,
        `   Last status = ${d?.lastExitCode ?? 0}`,
      ];
    case 'FILE_CHECK':
      return ['   Keepalive method = FILE_CHECK', `     Tracked file = ${c.trackFile}`, '     Reloaded = No'];
    case 'HTTP_GET':
    case 'SSL_GET': {
      const out = [`   Keepalive method = ${c.type === 'HTTP_GET' ? 'HTTP' : 'SSL'}_GET, http protocol ${c.httpProtocol}`];
      if (c.virtualhost !== undefined) out.push(`   Virtualhost = ${c.virtualhost}`);
      out.push(`   Enable SNI ${c.enableSni ? '' : 'un'}set`, `   Fast recovery ${c.fastRecovery ? '' : 'un'}set`);
      for (const u of c.url) {
        out.push(`   Checked url = ${u.path}`);
        if (u.digest !== undefined) out.push(`     digest = ${u.digest}`);
        out.push('     HTTP Status Code(s)', ...statusLines(u.statusCode));
        if (u.virtualhost !== undefined) out.push(`     Virtual host = ${u.virtualhost}`);
        if (u.regex !== undefined) {
          out.push(`     Regex = "${u.regex}"`);
          if (u.regexNoMatch) out.push('     Regex no match');
          if (u.regexMinOffset || u.regexMaxOffset !== undefined) {
            out.push(u.regexMaxOffset !== undefined ? `     Regex min offset = ${u.regexMinOffset}, max_offset = ${u.regexMaxOffset}` : `     Regex min offset = ${u.regexMinOffset}`);
          }
          // keepalived lists every option it knows as soon as any one is set.
          out.push(`     Regex options:${u.regexOptions.length ? REGEX_OPTIONS.map((o) => ` ${o}`).join('') : ''}`);
          out.push(`     Regex ref count = ${regexRefs(u.regex, u.regexOptions)}`);
        }
      }
      if (d?.failedUrl !== undefined) out.push(`   Failed URL = ${d.failedUrl}`);
      return out;
    }
    default:
      return [];
  }
}

function checkerLines(rs: RealServer, c: Checker, cv: CheckerView, retryIt: number, details: RunnerDetails | undefined, regexRefs: RegexRefs): string[] {
  const out = [
    `   Enabled = ${cv.enabled ? 'yes' : 'no'}`,
    `   Up = ${cv.isUp ? 'yes' : 'no'}`,
    `   Has run = ${cv.hasRun ? 'yes' : 'no'}`,
    `   Current weight = ${cv.curWeight}`,
  ];
  if (c.type !== 'FILE_CHECK' && c.type !== 'BFD_CHECK') {
    out.push(`   Alpha = ${c.alpha ? 'yes' : 'no'}`, `   Delay loop = ${c.delayLoopUs} us`, `   Warmup = ${c.warmupUs} us`, `   Retries = ${c.retry}`);
    if (c.retry) out.push(`   Delay before retry = ${c.delayBeforeRetryUs} us`, `   Retries iterations = ${retryIt}`);
    out.push(`   Default delay before retry = ${defaultDelayBeforeRetryUs(c)} us`);
  }
  if (c.type !== 'FILE_CHECK' && c.type !== 'BFD_CHECK') out.push(`   Log all failures = ${c.logAllFailures ? 'yes' : 'no'}`);
  else out.push('   Log all failures = no');
  if ('connectTimeoutUs' in c) {
    out.push('   Connection', `     Dest = ${formatPair(c.connectIp ?? rs.address, c.connectPort || rs.port)}`);
    if (c.bindto !== undefined) out.push(`     Bind to = ${formatPair(c.bindto, c.bindPort ?? 0)}`);
    if (c.bindIf !== undefined) out.push(`     Bind i/f = ${c.bindIf}`);
    if (c.fwmark) out.push(`     Mark = ${c.fwmark >>> 0}`);
    out.push(`     Timeout = ${(c.connectTimeoutUs / 1_000_000).toFixed(6)}`);
  }
  return [...out, ...kindLines(c, details, regexRefs)];
}

/** "Checker track files": each track file a FILE_CHECK follows, its value and the real servers tracking it. */
function trackFileLines(input: CheckDumpInput): string[] {
  const { config, lvs } = input;
  const out: string[] = [];
  for (const tf of config.trackFiles) {
    const tracking: string[] = [];
    let details: RunnerDetails | undefined;
    config.virtualServers.forEach((vs, vi) => {
      vs.realServers.forEach((rs, ri) => {
        rs.checkers.forEach((c, ci) => {
          if (c.type !== 'FILE_CHECK' || c.trackFile !== tf.name) return;
          details ??= input.details(vi, ri, ci);
          tracking.push(`     ${lvs[vi]?.name ?? ''} -> ${lvs[vi]?.servers[ri]?.name ?? ''}, weight ${c.weight}${c.reverse ? ' reverse' : ''}`);
        });
      });
    });
    if (tracking.length === 0) continue;
    out.push(
      ` Track file = ${tf.name}`,
      `   File = ${details?.filePath ?? tf.file}`,
      `   Status = ${details?.fileValue ?? 0}`,
      `   Weight = ${tf.weight}${tf.weightReverse ? ' reverse' : ''}`,
      '   Tracking instances :',
      ...tracking,
    );
  }
  return out.length ? ['------< Checker track files >------', ...out] : [];
}

export function checkDataDump(input: CheckDumpInput): string {
  const { config, lvs } = input;
  const out = globalDefsDataLines(config.globalDefs, config.topLevel, input.global);
  out.push(...sslLines(config));
  if (config.virtualServers.length) {
    out.push('------< LVS Topology >------', ` System is compiled with LVS v${IPVS_VERSION}`);
    const marks = input.reload ?? NO_RELOAD;
    for (const g of config.virtualServerGroups) out.push(...groupLines(g, config, lvs, marks));
    config.virtualServers.forEach((vs, i) => {
      const v = lvs[i];
      if (v) out.push(...vsLines(vs, v, i, marks));
    });
  }
  const checkers: string[] = [];
  const fileCheckers: string[] = [];
  const regexRefs = regexCounter(config);
  config.virtualServers.forEach((vs, vi) => {
    const v = lvs[vi];
    if (!v) return;
    vs.realServers.forEach((rs, ri) => {
      const server = v.servers[ri];
      rs.checkers.forEach((c, ci) => {
        const cv = v.checkers[ri]?.[ci];
        if (!cv || !server || c.type === 'BFD_CHECK') return;
        // keepalived queues the FILE_CHECKs once the configuration is read, after every other checker
        (c.type === 'FILE_CHECK' ? fileCheckers : checkers).push(` ${v.name} -> ${server.name}`,
          ...checkerLines(rs, c, cv, input.retryIt(vi, ri, ci), input.details(vi, ri, ci), regexRefs));
      });
    });
  });
  checkers.push(...fileCheckers);
  if (checkers.length) out.push('------< Health checkers >------', ...checkers);
  out.push(...trackFileLines(input));
  return `${out.join('\n')}\n`;
}
