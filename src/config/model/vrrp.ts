// vrrp_instance and vrrp_sync_group as keepalived resolves them: after validation every setting holds the value
// keepalived runs with (defaults from global_defs and strict mode applied, conflicts cleared).
import type { Position } from '../diagnostics';
import type { ScriptRef } from './script';
import type { AddressEntry, IpFamily, RouteEntry, RuleEntry } from './static-routing';

export type VrrpState = 'MASTER' | 'BACKUP';
export type AddressFamily = IpFamily;

/** One entry of a track_interface / track_script / track_file / track_process / track_bfd block. */
export interface TrackedObject {
  /** The interface, vrrp_script, track_file, vrrp_track_process or bfd_instance name. */
  name: string;
  /** 0 means: failure of the object puts the instance in FAULT. */
  weight: number;
  /** `reverse`: the weight applies the other way round. */
  weightReverse: boolean;
}

export interface UnicastPeer {
  address: string;
  /** 0..255; default 0. */
  minTtl: number;
  /** 0..255; default 255. */
  maxTtl: number;
}

export interface VrrpAuthentication {
  authType: 'PASS' | 'AH';
  /** At most 8 characters (keepalived truncates longer ones). */
  authPass: string;
}

/** `use_vmac [NAME] [MAC]`: a private macvlan carrying the VIPs. */
export interface VmacSettings {
  /** The macvlan's name (configured, or keepalived's `vrrp.<VRID>` style default). */
  name: string | undefined;
  /** A configured MAC address (colon separated); undefined for the RFC 00:00:5e:00:01|02:VRID address. */
  mac: string | undefined;
  /** Only five octets were given: the VRID is the sixth. */
  macUsesVrid: boolean;
}

/** `use_ipvlan [NAME] [ADDRESS[/LEN]] [bridge|private|vepa]`. */
export interface IpvlanSettings {
  name: string | undefined;
  address: string | undefined;
  mode: 'bridge' | 'private' | 'vepa';
}

/** `garp_extra_if [all] SECS`. */
export interface GarpExtraIf {
  intervalUs: number;
  all: boolean;
}

/** `notify_deleted [SCRIPT]`: report DELETED rather than FAULT when the instance is removed. */
export interface NotifyDeleted {
  script: ScriptRef | undefined;
}

export interface VrrpInstance {
  name: string;
  /** Initial state; without `state`, MASTER exactly when priority is 255. */
  state: VrrpState;
  interface: string | undefined;
  vrf: string | undefined;
  /** 1..255 (keepalived refuses an instance without it). */
  virtualRouterId: number;
  /** 1..255; 100, or 255 for `state MASTER` without priority. */
  priority: number;
  advertIntUs: number;
  version: 2 | 3;
  /** The instance's address family: from its first VIP / peer / source address; IPv4 when nothing says. */
  family: AddressFamily;
  nativeIpv6: boolean;
  mcastSrcIp: string | undefined;
  unicastSrcIp: string | undefined;
  /** The multicast group adverts go to (undefined in unicast mode). */
  mcastDstIp: string | undefined;
  trackSrcIp: boolean;
  unicastPeer: UnicastPeer[];
  /** Unicast mode: at least one peer and a unicast keyword. */
  unicast: boolean;
  unicastFaultNoPeer: boolean;
  /** IPv4: 255 unless set; IPv6: undefined (kernel default). */
  unicastTtl: number | undefined;
  checkUnicastSrc: boolean;
  /** `old_unicast_checksum`: 'always' (keyword alone), 'never', or undefined (auto-detect). */
  oldUnicastChecksum: 'always' | 'never' | undefined;
  dontTrackPrimary: boolean;
  useVmac: VmacSettings | undefined;
  useVmacAddr: boolean;
  vmacXmitBase: boolean;
  useIpvlan: IpvlanSettings | undefined;
  linkbeatUsePolling: boolean;
  kernelRxBufSize: number | undefined;
  debug: number;
  trackInterface: TrackedObject[];
  trackScript: TrackedObject[];
  trackFile: TrackedObject[];
  trackProcess: TrackedObject[];
  trackBfd: TrackedObject[];
  virtualIpaddress: AddressEntry[];
  virtualIpaddressExcluded: AddressEntry[];
  virtualRoutes: RouteEntry[];
  virtualRules: RuleEntry[];
  promoteSecondaries: boolean;
  accept: boolean;
  nopreempt: boolean;
  preemptDelayUs: number;
  skipCheckAdvAddr: boolean;
  strictMode: boolean;
  lowerPrioNoAdvert: boolean;
  higherPrioSendAdvert: boolean;
  downTimerAdverts: number;
  authentication: VrrpAuthentication | undefined;
  garpMasterDelayUs: number;
  garpMasterRepeat: number;
  garpMasterRefreshUs: number;
  garpMasterRefreshRepeat: number;
  garpLowerPrioDelayUs: number;
  garpLowerPrioRepeat: number;
  garpExtraIf: GarpExtraIf | undefined;
  notifyMaster: ScriptRef | undefined;
  notifyBackup: ScriptRef | undefined;
  notifyFault: ScriptRef | undefined;
  notifyStop: ScriptRef | undefined;
  notifyDeleted: NotifyDeleted | undefined;
  notify: ScriptRef | undefined;
  notifyMasterRxLowerPri: ScriptRef | undefined;
  smtpAlert: boolean;
  notifyPriorityChanges: boolean;
  /** Deprecated per-instance form of global lvs_sync_daemon. */
  lvsSyncDaemonInterface: string | undefined;
  /** The sync group the instance belongs to, if any. */
  syncGroup: string | undefined;
  /** Why keepalived would start the instance in FAULT and keep it there (config faults), in its words. */
  configFaults: string[];
  pos: Position;
}

export interface VrrpSyncGroup {
  name: string;
  /** The member instances that exist (keepalived drops unknown names and instances already in another group). */
  group: string[];
  trackInterface: TrackedObject[];
  trackScript: TrackedObject[];
  trackFile: TrackedObject[];
  trackProcess: TrackedObject[];
  trackBfd: TrackedObject[];
  notifyMaster: ScriptRef | undefined;
  notifyBackup: ScriptRef | undefined;
  notifyFault: ScriptRef | undefined;
  notifyStop: ScriptRef | undefined;
  notify: ScriptRef | undefined;
  smtpAlert: boolean;
  /** undefined: each member uses its own / the global setting. */
  notifyPriorityChanges: boolean | undefined;
  /** Also set by the deprecated `global_tracking`. */
  syncGroupTrackingWeight: boolean;
  pos: Position;
}
