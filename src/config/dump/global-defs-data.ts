// The "Global definitions" section that opens keepalived 2.2.7's SIGUSR1 data dumps (dump_global_data), in its
// order and wording, for keepalived's Debian build (LVS, VRRP, BFD, SNMP, D-Bus, nftables with libnftnl 1.2.3).
// Each process prints it from its own view of global_defs: the parent and the checker never derive the VRRP defaults
// (lower-priority GARP values stay unset, printed as 4294967295) and only the VRRP process names the default
// interface.
import type { GlobalDefs, TopLevel } from '../model/global-defs';
import type { ScriptRef } from '../model/script';
import { cmdStr } from '../values/script';

/** Which process writes the dump (the parent's and the checker's views are the same). */
export type DumpingProcess = 'parent' | 'vrrp' | 'checker';

/** keepalived's PARAMETER_UNSET as %u prints it. */
const UNSET = 4294967295;
/** libnftnl's version in the Debian build of keepalived 2.2.7 (a compile-time constant there). */
const LIBNFTNL_VERSION = '1.2.3';

export interface GlobalDumpContext {
  process: DumpingProcess;
  /** The default script user's ids (get_default_script_user()); undefined: it could not be found. */
  scriptIds: { uid: number; gid: number } | undefined;
}

const onOff = (v: boolean | undefined): string => (v === undefined ? 'unset' : v ? 'on' : 'off');
const tf = (v: boolean): string => (v ? 'true' : 'false');
const en = (v: boolean): string => (v ? 'enabled' : 'disabled');
const secs = (us: number): number => Math.floor(us / 1_000_000);
/** printf's %f of a seconds value. */
const fixed6 = (us: number): string => (us / 1_000_000).toFixed(6);

function scriptLine(label: string, s: ScriptRef, sep: string, extra = ''): string {
  const argv = s.resolvedPath !== undefined ? [s.resolvedPath, ...s.args.slice(1)] : s.args;
  return ` ${label} = ${cmdStr(argv)}, uid:gid ${s.uid ?? 0}:${s.gid ?? 0}${sep}${extra}`;
}

export function globalDefsDataLines(g: GlobalDefs, top: TopLevel, ctx: GlobalDumpContext): string[] {
  const out: string[] = ['------< Global definitions >------'];
  const w = (line: string): void => void out.push(line);
  w(` Network namespace = ${top.netNamespace ?? '(default)'}`);
  w(` Network namespace ipvs = ${top.netNamespaceIpvs === undefined ? '(main namespace)' : top.netNamespaceIpvs || '(default)'}`);
  if (top.instance !== undefined) w(` Instance name = ${top.instance}`);
  if (g.processName !== undefined) w(` Parent process name = ${g.processName}`);
  if (g.vrrpProcessName !== undefined) w(` VRRP process name = ${g.vrrpProcessName}`);
  if (g.checkerProcessName !== undefined) w(` LVS process name = ${g.checkerProcessName}`);
  if (g.bfdProcessName !== undefined) w(` BFD process name = ${g.bfdProcessName}`);
  if (g.routerId) w(` Router ID = ${g.routerId}`);
  if (g.smtpServer) {
    w(` Smtp server = ${g.smtpServer.host}`);
    w(` Smtp server port = ${g.smtpServer.port}`);
  }
  if (g.smtpHeloName !== undefined) w(` Smtp HELO name = ${g.smtpHeloName}`);
  if (g.smtpConnectTimeoutUs) w(` Smtp server connection timeout = ${secs(g.smtpConnectTimeoutUs)}`);
  if (g.notificationEmailFrom !== undefined) {
    w(` Email notification from = ${g.notificationEmailFrom}`);
    w(' Email notification to:');
    for (const e of g.notificationEmail) w(`   ${e}`);
  }
  w(` Default smtp_alert = ${onOff(g.smtpAlert)}`);
  w(` Default smtp_alert_vrrp = ${onOff(g.smtpAlertVrrp)}`);
  w(` Default smtp_alert_checker = ${onOff(g.smtpAlertChecker)}`);
  w(` Checkers log all failures = ${tf(g.checkerLogAllFailures)}`);
  w(g.reloadCheckConfig !== undefined ? ` Test config before reload, log to ${g.reloadCheckConfig}` : ' No test config before reload');
  if (g.reloadTimeFile !== undefined) {
    w(` Reload time file = ${g.reloadTimeFile}${g.reloadRepeat ? ' (repeat)' : ''}`);
    w(' No reload scheduled');
  }
  if (g.reloadFile !== undefined) w(` Reload_file = ${g.reloadFile}`);
  if (g.tmpConfigDirectory !== undefined) w(` config save directory = ${g.tmpConfigDirectory}`);
  if (g.dataUseInstance) w(' Use instance name in data dumps');
  if (g.startupScript) w(scriptLine('Startup script', g.startupScript, ', ', `timeout ${secs(g.startupScriptTimeoutUs ?? 10_000_000)}`));
  if (g.shutdownScript) w(scriptLine('Shutdown script', g.shutdownScript, ' ', `timeout ${secs(g.shutdownScriptTimeoutUs ?? 10_000_000)}`));
  w(` Dynamic interfaces = ${tf(g.dynamicInterfaces)}`);
  if (g.dynamicInterfaces) w(` Allow interface changes = ${tf(g.allowIfChanges)}`);
  if (g.noEmailFaults) w(' Send emails for fault transitions = off');
  const t = g.lvsTimeouts;
  if (t.tcpUs) w(` LVS TCP timeout = ${secs(t.tcpUs)}`);
  if (t.tcpfinUs) w(` LVS TCP FIN timeout = ${secs(t.tcpfinUs)}`);
  // keepalived labels the UDP timeout "TCP" too.
  if (t.udpUs) w(` LVS TCP timeout = ${secs(t.udpUs)}`);
  if (ctx.process === 'vrrp') w(` Default interface = ${g.defaultInterface}`);
  w(` Disable local IGMP = ${g.disableLocalIgmp ? 'yes' : 'no'}`);
  const sd = g.lvsSyncDaemon;
  if (sd) {
    if (sd.instance !== undefined) w(` LVS syncd vrrp ${ctx.process === 'vrrp' ? 'instance' : 'name'} = ${sd.instance}`);
    w(` LVS syncd interface = ${sd.interface}`);
    w(` LVS syncd syncid = ${sd.id ?? 0}`);
    if (sd.maxlen) w(` LVS syncd maxlen = ${sd.maxlen}`);
    if (sd.group !== undefined) w(` LVS mcast group ${sd.group}`);
    if (sd.port) w(` LVS syncd mcast port = ${sd.port}`);
    if (sd.ttl) w(` LVS syncd mcast ttl = ${sd.ttl}`);
  }
  w(` LVS flush = ${tf(g.lvsFlush)}`);
  w(` LVS flush on stop = ${g.lvsFlushOnStop === 'full' ? 'full' : g.lvsFlushOnStop === 'vs' ? 'VS' : 'disabled'}`);
  const fifo = (label: string, f: GlobalDefs['notifyFifo'], s: ScriptRef | undefined): void => {
    if (!f) return;
    w(` ${label} = ${f.name}, uid:gid ${f.uid}:${f.gid}`);
    if (s) w(scriptLine(`${label} script`, s, ''));
  };
  fifo('Global notify fifo', g.notifyFifo, g.notifyFifoScript);
  fifo('VRRP notify fifo', g.vrrpNotifyFifo, g.vrrpNotifyFifoScript);
  fifo('LVS notify fifo', g.lvsNotifyFifo, g.lvsNotifyFifoScript);
  w(` FIFO write vrrp states on reload = ${tf(g.fifoWriteVrrpStatesOnReload)}`);
  w(` VRRP notify priority changes = ${tf(g.vrrpNotifyPriorityChanges)}`);
  w(` VRRP IPv4 mcast group = ${g.vrrpMcastGroup4}`);
  w(` VRRP IPv6 mcast group = ${g.vrrpMcastGroup6}`);
  w(` Gratuitous ARP delay = ${secs(g.vrrpGarpMasterDelayUs)}`);
  w(` Gratuitous ARP repeat = ${g.vrrpGarpMasterRepeat}`);
  w(` Gratuitous ARP refresh timer = ${secs(g.vrrpGarpMasterRefreshUs)}`);
  w(` Gratuitous ARP refresh repeat = ${g.vrrpGarpMasterRefreshRepeat}`);
  // The model fills these from the master values (the VRRP process's defaults); the checker never does.
  const lowerDelayUnset = g.vrrpGarpLowerPrioDelayUs === undefined || (ctx.process !== 'vrrp' && g.vrrpGarpLowerPrioDelayUs === g.vrrpGarpMasterDelayUs);
  const lowerRepeatUnset = g.vrrpGarpLowerPrioRepeat === undefined || (ctx.process !== 'vrrp' && g.vrrpGarpLowerPrioRepeat === g.vrrpGarpMasterRepeat);
  w(` Gratuitous ARP lower priority delay = ${lowerDelayUnset ? UNSET : secs(g.vrrpGarpLowerPrioDelayUs as number)}`);
  w(` Gratuitous ARP lower priority repeat = ${lowerRepeatUnset ? UNSET : (g.vrrpGarpLowerPrioRepeat as number)}`);
  w(` Num adverts before down = ${g.vrrpDownTimerAdverts}`);
  w(` Gratuitous ARP for each secondary ${g.vrrpGarpExtraIfAll ? 'i/f' : 'VMAC'} = ${secs(g.vrrpGarpExtraIfUs)}s`);
  w(` Send advert after receive lower priority advert = ${tf(!g.vrrpLowerPrioNoAdvert)}`);
  w(` Send advert after receive higher priority advert = ${tf(g.vrrpHigherPrioSendAdvert)}`);
  w(` Gratuitous ARP interval = ${fixed6(g.vrrpGarpIntervalUs)}`);
  w(` Gratuitous NA interval = ${fixed6(g.vrrpGnaIntervalUs)}`);
  w(` VRRP default protocol version = ${g.vrrpVersion}`);
  if (g.nftables !== undefined) {
    w(` nftables table name = ${g.nftables}`);
    w(` nftables base chain priority = ${g.nftablesPriority ?? -1}`);
    w(` nftables ${g.nftablesIfindex ? '' : "don't "}force use ifindex for link local IPv6`);
  }
  if (g.nftablesIpvs !== undefined) {
    w(` ipvs nftables table name = ${g.nftablesIpvs}`);
    w(` ipvs nftables base chain priority = ${g.nftablesIpvsPriority ?? -1}`);
    w(` ipvs nftables start fwmark = ${g.nftablesIpvsStartFwmark ?? 1000}`);
  }
  w(` nftables with${g.nftablesCounters ? '' : 'out'} counters`);
  w(` libnftnl version ${LIBNFTNL_VERSION}`);
  w(` VRRP check unicast_src = ${tf(g.vrrpCheckUnicastSrc)}`);
  w(` VRRP skip check advert addresses = ${tf(g.vrrpSkipCheckAdvAddr)}`);
  w(` VRRP strict mode = ${tf(g.vrrpStrict)}`);
  w(` Max auto priority = ${g.maxAutoPriority === -1 ? 'Disabled' : g.maxAutoPriority}`);
  w(` Min auto priority delay = ${g.minAutoPriorityDelayUs} usecs`);
  const proc = (label: string, prio: number, noSwap: boolean, rt: number, cpus: number[], rlimit: number): void => {
    w(` ${label} process priority = ${prio}`);
    w(` ${label} don't swap = ${tf(noSwap)}`);
    w(` ${label} realtime priority = ${rt}`);
    if (cpus.length) w(` ${label} CPU Affinity = ${cpus.join(' ')}`);
    w(` ${label} realtime limit = ${rlimit}`);
  };
  proc('VRRP', g.vrrpPriority, g.vrrpNoSwap, g.vrrpRtPriority, g.vrrpCpuAffinity, g.vrrpRlimitRttimeUs);
  proc('Checker', g.checkerPriority, g.checkerNoSwap, g.checkerRtPriority, g.checkerCpuAffinity, g.checkerRlimitRttimeUs);
  proc('BFD', g.bfdPriority, g.bfdNoSwap, g.bfdRtPriority, g.bfdCpuAffinity, g.bfdRlimitRttimeUs);
  w(` SNMP vrrp ${en(g.enableSnmpVrrp)}`);
  w(` SNMP checker ${en(g.enableSnmpChecker)}`);
  w(` SNMP RFCv2 ${en(g.enableSnmpRfcv2)}`);
  w(` SNMP RFCv3 ${en(g.enableSnmpRfcv3)}`);
  w(` SNMP traps ${en(g.enableTraps)}`);
  w(` SNMP socket = ${g.snmpSocket ?? 'default (unix:/var/agentx/master)'}`);
  w(` DBus ${en(g.enableDbus)}`);
  w(` DBus service name = ${g.dbusServiceName ?? ''}`);
  w(` Script security ${en(g.enableScriptSecurity)}`);
  if (ctx.scriptIds) w(` Default script uid:gid ${ctx.scriptIds.uid}:${ctx.scriptIds.gid}`);
  const n = (b: boolean): number => (b ? 1 : 0);
  w(` vrrp_netlink_cmd_rcv_bufs = ${g.vrrpNetlinkCmdRcvBufs}`);
  w(` vrrp_netlink_cmd_rcv_bufs_force = ${n(g.vrrpNetlinkCmdRcvBufsForce)}`);
  w(` vrrp_netlink_monitor_rcv_bufs = ${g.vrrpNetlinkMonitorRcvBufs}`);
  w(` vrrp_netlink_monitor_rcv_bufs_force = ${n(g.vrrpNetlinkMonitorRcvBufsForce)}`);
  w(` process_monitor_rcv_bufs = ${g.processMonitorRcvBufs}`);
  w(` process_monitor_rcv_bufs_force = ${n(g.processMonitorRcvBufsForce)}`);
  w(` lvs_netlink_cmd_rcv_bufs = ${g.lvsNetlinkCmdRcvBufs}`);
  w(` lvs_netlink_cmd_rcv_bufs_force = ${n(g.lvsNetlinkCmdRcvBufsForce)}`);
  w(` lvs_netlink_monitor_rcv_bufs = ${g.lvsNetlinkMonitorRcvBufs}`);
  w(` lvs_netlink_monitor_rcv_bufs_force = ${n(g.lvsNetlinkMonitorRcvBufsForce)}`);
  w(` rs_init_notifies = ${n(g.rsInitNotifies)}`);
  w(` no_checker_emails = ${n(g.noCheckerEmails)}`);
  const rx = g.vrrpRxBufsPolicy;
  if (rx.mtu) w(' rx_bufs_policy = MTU');
  else if (rx.advert) w(' rx_bufs_policy = ADVERT');
  else if (rx.size !== undefined) w(` rx_bufs_size = ${rx.size}`);
  w(` rx_bufs_multiples = ${g.vrrpRxBufsMultiplier}`);
  w(` umask = 0${g.umask.toString(8)}`);
  if (g.vrrpStartupDelayUs) w(` vrrp_startup_delay = ${g.vrrpStartupDelayUs / 1_000_000}`);
  if (g.logUnknownVrids) w(' log_unknown_vrids');
  if (g.vmacPrefix !== undefined) w(` VMAC prefix = ${g.vmacPrefix}`);
  if (g.vmacAddrPrefix !== undefined) w(` VMAC address prefix = ${g.vmacAddrPrefix}`);
  return out;
}
