// What one VRRP instance needs to run, as plain data. The daemon maps the configuration model onto this; the state
// machine never reads the configuration itself. Times are microseconds. Every default is keepalived 2.2.7's.
import { US_PER_SECOND } from './timers';

export type InitialState = 'MASTER' | 'BACKUP';
export type AuthKind = 'none' | 'pass' | 'ah';

/** The kinds of tracked object (track_script, track_interface, track_process, track_bfd, track_file). */
export type TrackerKind = 'script' | 'interface' | 'process' | 'bfd' | 'file';

export interface TrackerSetting {
  /** The tracked object's name (script name, interface name, file name, …); events refer to it. */
  readonly id: string;
  readonly kind: TrackerKind;
  /** 0 ⇒ failure puts the instance in FAULT; otherwise the priority contribution (see priority.ts). */
  readonly weight: number;
  readonly reverse: boolean;
}

export interface GarpSettings {
  /** garp_master_delay: second burst after becoming master; 0 = none. */
  readonly masterDelayUs: number;
  /** garp_master_repeat: GARPs/NAs per address per burst. */
  readonly masterRepeat: number;
  /** garp_master_refresh: periodic refresh while master; 0 = none. */
  readonly masterRefreshUs: number;
  /** garp_master_refresh_repeat. */
  readonly masterRefreshRepeat: number;
  /** garp_lower_prio_delay: second burst after hearing a lower-priority advert; 0 = none. */
  readonly lowerPrioDelayUs: number;
  /** garp_lower_prio_repeat: 0 = no GARPs on a lower-priority advert. */
  readonly lowerPrioRepeat: number;
}

export interface InstanceSettings {
  readonly name: string;
  readonly vrid: number;
  readonly version: 2 | 3;
  readonly family: 4 | 6;
  /** The instance's interface (only used in log lines). */
  readonly interfaceName: string;
  /** The address our adverts are sent from; compared numerically with a sender's on equal priority. */
  readonly sourceAddress: string;
  /** Base priority 1..255 (255 = address owner: trackers never change it). */
  readonly priority: number;
  readonly initialState: InitialState;
  /** Own advert interval, already rounded (v2 whole seconds, v3 centiseconds). */
  readonly advertIntervalUs: number;
  readonly nopreempt: boolean;
  /** preempt_delay; 0 = none. */
  readonly preemptDelayUs: number;
  /** down_timer_adverts (the "3" of Master_Down_Interval). */
  readonly downTimerAdverts: number;
  readonly lowerPrioNoAdvert: boolean;
  readonly higherPrioSendAdvert: boolean;
  readonly garp: GarpSettings;
  readonly auth: AuthKind;
  /** unicast_peer has at least one entry. */
  readonly unicast: boolean;
  readonly trackers: readonly TrackerSetting[];
  readonly strict: boolean;
  /** skip_check_adv_addr: a backup skips the VIP-list check for adverts from the master it already follows. */
  readonly skipCheckAdvAddr: boolean;
  /** accept (default) or no_accept (firewall DROP rules for the VIPs while master, unless owner). */
  readonly accept: boolean;
  /** dont_track_primary: own interface going down does not fault the instance. */
  readonly dontTrackPrimary: boolean;
  /** notify_priority_changes: FIFO MASTER_PRIORITY / BACKUP_PRIORITY lines. */
  readonly notifyPriorityChanges: boolean;
  /**
   * keepalived -D (--log-detail). Besides enabling the detail log lines, keepalived 2.2.7 only resets a v3
   * master's Master_Adver_Interval to its own advert_int when it is set (the reset sits inside the logging branch
   * of vrrp_state_become_master), so it changes behaviour and has to be known here.
   */
  readonly logDetail: boolean;
  /**
   * keepalived -V (--dont-release-vrrp): whenever the instance restores its interface (leaving MASTER, entering
   * BACKUP or FAULT at start-up or reload) every configured VIP and eVIP is removed, set by this run or not.
   */
  readonly dontReleaseVrrp: boolean;
  /**
   * keepalived -X (--release-vips): the interface restore removes addresses even when the instance has not marked
   * its VIPs as set; only those this run set go (2.2.7 keeps that mark across a reload, so it rarely shows).
   */
  readonly releaseVips: boolean;
  /** Opaque identifiers of what the instance installs while master; the daemon knows what they mean. */
  readonly vips: readonly string[];
  readonly evips: readonly string[];
  readonly routes: readonly string[];
  readonly rules: readonly string[];
}

export const DEFAULT_GARP: GarpSettings = {
  masterDelayUs: 5 * US_PER_SECOND,
  masterRepeat: 5,
  masterRefreshUs: 0,
  masterRefreshRepeat: 1,
  lowerPrioDelayUs: 5 * US_PER_SECOND,
  lowerPrioRepeat: 5,
};

export type SettingsInput = Partial<Omit<InstanceSettings, 'garp'>> &
  Pick<InstanceSettings, 'name' | 'vrid' | 'sourceAddress'> & { garp?: Partial<GarpSettings> };

/** Fills in keepalived's defaults (priority 100, advert_int 1 s, version 2, IPv4, 3 down-timer adverts, …). */
export function instanceSettings(input: SettingsInput): InstanceSettings {
  const priority = input.priority ?? 100;
  return {
    version: 2,
    family: 4,
    interfaceName: '',
    initialState: priority === 255 ? 'MASTER' : 'BACKUP',
    advertIntervalUs: US_PER_SECOND,
    nopreempt: false,
    preemptDelayUs: 0,
    downTimerAdverts: 3,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    auth: 'none',
    unicast: false,
    trackers: [],
    strict: false,
    skipCheckAdvAddr: false,
    accept: true,
    dontTrackPrimary: false,
    notifyPriorityChanges: false,
    logDetail: false,
    dontReleaseVrrp: false,
    releaseVips: false,
    vips: [],
    evips: [],
    routes: [],
    rules: [],
    ...input,
    priority,
    garp: { ...DEFAULT_GARP, ...input.garp },
  };
}

/**
 * strict_mode / vrrp_strict as keepalived applies it to an instance (vrrp_complete_instance): no authentication,
 * no preempt delay, no lower-priority GARPs, lower_prio_no_advert on, higher_prio_send_advert off, 3 down-timer
 * adverts. Idempotent, so the config layer may already have done it.
 */
export function applyStrictMode(s: InstanceSettings): InstanceSettings {
  if (!s.strict) return s;
  return {
    ...s,
    auth: 'none',
    preemptDelayUs: 0,
    lowerPrioNoAdvert: true,
    higherPrioSendAdvert: false,
    downTimerAdverts: 3,
    garp: { ...s.garp, lowerPrioRepeat: 0, lowerPrioDelayUs: 0 },
  };
}
