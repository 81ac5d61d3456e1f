// global_defs and the top-level-only keywords, as keepalived 2.2.7 resolves them. Field names are the camelCase of
// the keyword; times are microseconds in `…Us` fields. Defaults that keepalived derives from other settings (router
// id, mail sender, HELO name, lower-priority GARP values) are filled in by validateGlobal.
import type { ScriptRef } from './script';

/** keepalived's lvs_flush_on_stop: 'full' flushes everything, 'vs' only keepalived's virtual servers. */
export type LvsFlushOnStop = 'disabled' | 'full' | 'vs';

export interface SmtpServer {
  /** An IP address, or a host name keepalived resolves when it sends mail. */
  host: string;
  port: number;
}

/** A notify FIFO and the user/group it is created for. */
export interface NotifyFifo {
  name: string;
  uid: number;
  gid: number;
}

export interface LvsSyncDaemon {
  interface: string;
  /** The VRRP instance whose state selects master/backup sync daemon; unset: both run. */
  instance: string | undefined;
  /** Sync id; unset: the instance's VRID (0 without an instance). */
  id: number | undefined;
  maxlen: number | undefined;
  port: number | undefined;
  ttl: number | undefined;
  group: string | undefined;
}

export interface LvsTimeouts {
  tcpUs: number | undefined;
  tcpfinUs: number | undefined;
  udpUs: number | undefined;
}

export interface RxBufsPolicy {
  mtu: boolean;
  advert: boolean;
  /** An explicit buffer size (exclusive with mtu/advert). */
  size: number | undefined;
}

export interface GlobalDefs {
  // Identity and mail
  routerId: string;
  notificationEmail: string[];
  notificationEmailFrom: string | undefined;
  smtpServer: SmtpServer | undefined;
  smtpHeloName: string | undefined;
  /** 30 s once an SMTP server is set. */
  smtpConnectTimeoutUs: number | undefined;
  /** undefined: unset (the per-object default applies). */
  smtpAlert: boolean | undefined;
  smtpAlertVrrp: boolean | undefined;
  smtpAlertChecker: boolean | undefined;
  noEmailFaults: boolean;
  noCheckerEmails: boolean;
  checkerLogAllFailures: boolean;

  // Process names, priorities, limits
  processName: string | undefined;
  vrrpProcessName: string | undefined;
  checkerProcessName: string | undefined;
  bfdProcessName: string | undefined;
  vrrpPriority: number;
  checkerPriority: number;
  bfdPriority: number;
  vrrpNoSwap: boolean;
  checkerNoSwap: boolean;
  bfdNoSwap: boolean;
  /** SCHED_RR priority; 0: not real-time. */
  vrrpRtPriority: number;
  checkerRtPriority: number;
  bfdRtPriority: number;
  /** CPU ids; empty: no affinity set. */
  vrrpCpuAffinity: number[];
  checkerCpuAffinity: number[];
  bfdCpuAffinity: number[];
  /** RLIMIT_RTTIME, default 10000 µs. */
  vrrpRlimitRttimeUs: number;
  checkerRlimitRttimeUs: number;
  bfdRlimitRttimeUs: number;
  /** 0: off; -1: disabled explicitly; a bare keyword means the SCHED_RR maximum (99). */
  maxAutoPriority: number;
  minAutoPriorityDelayUs: number;
  /** File creation mask, default 0177. */
  umask: number;

  // Scripts
  startupScript: ScriptRef | undefined;
  /** 10 s once a startup script is set. */
  startupScriptTimeoutUs: number | undefined;
  shutdownScript: ScriptRef | undefined;
  shutdownScriptTimeoutUs: number | undefined;
  /** script_user USER [GROUP] as written. */
  scriptUser: string | undefined;
  scriptGroup: string | undefined;
  enableScriptSecurity: boolean;
  /** Who scripts without a user run as: script_user, else keepalived_script if it exists, else keepalived's own ids. */
  defaultScriptUid: number | undefined;
  defaultScriptGid: number | undefined;
  notifyFifo: NotifyFifo | undefined;
  notifyFifoScript: ScriptRef | undefined;
  vrrpNotifyFifo: NotifyFifo | undefined;
  vrrpNotifyFifoScript: ScriptRef | undefined;
  lvsNotifyFifo: NotifyFifo | undefined;
  lvsNotifyFifoScript: ScriptRef | undefined;
  vrrpNotifyPriorityChanges: boolean;
  fifoWriteVrrpStatesOnReload: boolean;

  // Interfaces
  dynamicInterfaces: boolean;
  /** `dynamic_interfaces allow_if_changes`. */
  allowIfChanges: boolean;
  defaultInterface: string;
  disableLocalIgmp: boolean;

  // VRRP defaults
  vrrpMcastGroup4: string;
  vrrpMcastGroup6: string;
  vrrpVersion: number;
  vrrpGarpMasterDelayUs: number;
  vrrpGarpMasterRepeat: number;
  vrrpGarpMasterRefreshUs: number;
  vrrpGarpMasterRefreshRepeat: number;
  /** Unset (undefined) until validateGlobal copies the master values, as keepalived's VRRP completion does. */
  vrrpGarpLowerPrioDelayUs: number | undefined;
  vrrpGarpLowerPrioRepeat: number | undefined;
  vrrpDownTimerAdverts: number;
  /** 0: no spacing between GARPs / NAs on an interface. */
  vrrpGarpIntervalUs: number;
  vrrpGnaIntervalUs: number;
  vrrpMinGarp: boolean;
  /** Periodic GARPs on VMAC (or all) interfaces; 0: off. */
  vrrpGarpExtraIfUs: number;
  vrrpGarpExtraIfAll: boolean;
  vrrpLowerPrioNoAdvert: boolean;
  vrrpHigherPrioSendAdvert: boolean;
  vrrpCheckUnicastSrc: boolean;
  vrrpSkipCheckAdvAddr: boolean;
  vrrpStrict: boolean;
  vrrpStartupDelayUs: number;
  logUnknownVrids: boolean;
  vmacPrefix: string | undefined;
  vmacAddrPrefix: string | undefined;
  vrrpRxBufsPolicy: RxBufsPolicy;
  vrrpRxBufsMultiplier: number;

  // Firewall (Debian's 2.2.7 has nftables only: vrrp_iptables falls back to it)
  nftables: string | undefined;
  nftablesPriority: number | undefined;
  nftablesIfindex: boolean;
  nftablesCounters: boolean;
  nftablesIpvs: string | undefined;
  nftablesIpvsPriority: number | undefined;
  nftablesIpvsStartFwmark: number | undefined;

  // Netlink and process-monitor buffers (0: kernel default)
  vrrpNetlinkCmdRcvBufs: number;
  vrrpNetlinkCmdRcvBufsForce: boolean;
  vrrpNetlinkMonitorRcvBufs: number;
  vrrpNetlinkMonitorRcvBufsForce: boolean;
  processMonitorRcvBufs: number;
  processMonitorRcvBufsForce: boolean;
  lvsNetlinkCmdRcvBufs: number;
  lvsNetlinkCmdRcvBufsForce: boolean;
  lvsNetlinkMonitorRcvBufs: number;
  lvsNetlinkMonitorRcvBufsForce: boolean;

  // LVS
  lvsSyncDaemon: LvsSyncDaemon | undefined;
  lvsTimeouts: LvsTimeouts;
  lvsFlush: boolean;
  lvsFlushOnStop: LvsFlushOnStop;
  rsInitNotifies: boolean;

  // SNMP and D-Bus
  snmpSocket: string | undefined;
  enableTraps: boolean;
  enableSnmpVrrp: boolean;
  enableSnmpChecker: boolean;
  enableSnmpRfcv2: boolean;
  enableSnmpRfcv3: boolean;
  enableDbus: boolean;
  dbusServiceName: string | undefined;

  // Reload and housekeeping
  randomSeed: number | undefined;
  /** Log file of the pre-reload config check ('/dev/null' for a bare keyword). */
  reloadCheckConfig: string | undefined;
  reloadTimeFile: string | undefined;
  reloadRepeat: boolean;
  reloadFile: string | undefined;
  tmpConfigDirectory: string | undefined;
  configSaveDir: string | undefined;
  dataUseInstance: boolean;
}

/** Keywords allowed only outside every block. */
export interface TopLevel {
  netNamespace: string | undefined;
  /** '' for a bare keyword: the default namespace. */
  netNamespaceIpvs: string | undefined;
  namespaceWithIpsets: boolean;
  instance: string | undefined;
  /** Also set by net_namespace and instance. */
  usePidDir: boolean;
  /** Seconds to wait for children at shutdown; default 5. */
  childWaitTimeUs: number;
  linkbeatUsePolling: boolean;
}

export function emptyGlobalDefs(): GlobalDefs {
  return {
    routerId: '',
    notificationEmail: [],
    notificationEmailFrom: undefined,
    smtpServer: undefined,
    smtpHeloName: undefined,
    smtpConnectTimeoutUs: undefined,
    smtpAlert: undefined,
    smtpAlertVrrp: undefined,
    smtpAlertChecker: undefined,
    noEmailFaults: false,
    noCheckerEmails: false,
    checkerLogAllFailures: false,
    processName: undefined,
    vrrpProcessName: undefined,
    checkerProcessName: undefined,
    bfdProcessName: undefined,
    vrrpPriority: 0,
    checkerPriority: 0,
    bfdPriority: 0,
    vrrpNoSwap: false,
    checkerNoSwap: false,
    bfdNoSwap: false,
    vrrpRtPriority: 0,
    checkerRtPriority: 0,
    bfdRtPriority: 0,
    vrrpCpuAffinity: [],
    checkerCpuAffinity: [],
    bfdCpuAffinity: [],
    vrrpRlimitRttimeUs: 10000,
    checkerRlimitRttimeUs: 10000,
    bfdRlimitRttimeUs: 10000,
    maxAutoPriority: 0,
    minAutoPriorityDelayUs: 1_000_000,
    umask: 0o177,
    startupScript: undefined,
    startupScriptTimeoutUs: undefined,
    shutdownScript: undefined,
    shutdownScriptTimeoutUs: undefined,
    scriptUser: undefined,
    scriptGroup: undefined,
    enableScriptSecurity: false,
    defaultScriptUid: undefined,
    defaultScriptGid: undefined,
    notifyFifo: undefined,
    notifyFifoScript: undefined,
    vrrpNotifyFifo: undefined,
    vrrpNotifyFifoScript: undefined,
    lvsNotifyFifo: undefined,
    lvsNotifyFifoScript: undefined,
    vrrpNotifyPriorityChanges: false,
    fifoWriteVrrpStatesOnReload: false,
    dynamicInterfaces: false,
    allowIfChanges: false,
    defaultInterface: 'eth0',
    disableLocalIgmp: false,
    vrrpMcastGroup4: '224.0.0.18',
    vrrpMcastGroup6: 'ff02::12',
    vrrpVersion: 2,
    vrrpGarpMasterDelayUs: 5_000_000,
    vrrpGarpMasterRepeat: 5,
    vrrpGarpMasterRefreshUs: 0,
    vrrpGarpMasterRefreshRepeat: 1,
    vrrpGarpLowerPrioDelayUs: undefined,
    vrrpGarpLowerPrioRepeat: undefined,
    vrrpDownTimerAdverts: 3,
    vrrpGarpIntervalUs: 0,
    vrrpGnaIntervalUs: 0,
    vrrpMinGarp: false,
    vrrpGarpExtraIfUs: 0,
    vrrpGarpExtraIfAll: false,
    vrrpLowerPrioNoAdvert: false,
    vrrpHigherPrioSendAdvert: false,
    vrrpCheckUnicastSrc: false,
    vrrpSkipCheckAdvAddr: false,
    vrrpStrict: false,
    vrrpStartupDelayUs: 0,
    logUnknownVrids: false,
    vmacPrefix: undefined,
    vmacAddrPrefix: undefined,
    vrrpRxBufsPolicy: { mtu: false, advert: false, size: undefined },
    vrrpRxBufsMultiplier: 3,
    nftables: undefined,
    nftablesPriority: undefined,
    nftablesIfindex: false,
    nftablesCounters: false,
    nftablesIpvs: undefined,
    nftablesIpvsPriority: undefined,
    nftablesIpvsStartFwmark: undefined,
    vrrpNetlinkCmdRcvBufs: 0,
    vrrpNetlinkCmdRcvBufsForce: false,
    vrrpNetlinkMonitorRcvBufs: 0,
    vrrpNetlinkMonitorRcvBufsForce: false,
    processMonitorRcvBufs: 0,
    processMonitorRcvBufsForce: false,
    lvsNetlinkCmdRcvBufs: 0,
    lvsNetlinkCmdRcvBufsForce: false,
    lvsNetlinkMonitorRcvBufs: 0,
    lvsNetlinkMonitorRcvBufsForce: false,
    lvsSyncDaemon: undefined,
    lvsTimeouts: { tcpUs: undefined, tcpfinUs: undefined, udpUs: undefined },
    lvsFlush: false,
    lvsFlushOnStop: 'disabled',
    rsInitNotifies: false,
    snmpSocket: undefined,
    enableTraps: false,
    enableSnmpVrrp: false,
    enableSnmpChecker: false,
    enableSnmpRfcv2: false,
    enableSnmpRfcv3: false,
    enableDbus: false,
    dbusServiceName: undefined,
    randomSeed: undefined,
    reloadCheckConfig: undefined,
    reloadTimeFile: undefined,
    reloadRepeat: false,
    reloadFile: undefined,
    tmpConfigDirectory: undefined,
    configSaveDir: undefined,
    dataUseInstance: false,
  };
}

export function emptyTopLevel(): TopLevel {
  return {
    netNamespace: undefined,
    netNamespaceIpvs: undefined,
    namespaceWithIpsets: false,
    instance: undefined,
    usePidDir: false,
    childWaitTimeUs: 5_000_000,
    linkbeatUsePolling: false,
  };
}
