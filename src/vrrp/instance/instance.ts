// One VRRP instance as a sans-IO state machine (RFC 3768 / RFC 5798 as keepalived 2.2.7 implements them).
//
// The daemon feeds it events with the current monotonic time in microseconds and carries out the actions it
// returns, front to back; it arms one timer for nextDeadline() and calls timerFired() when it expires. Nothing
// here reads a clock, touches a socket or draws a random number, so virtual-time tests see exactly what a real
// run would. Names of private fields follow keepalived's (sands, ms_down_timer, wantstate …) so the two can be
// read side by side; the behaviour, not the structure, is what is copied.
import type { Action, AddressKind, GarpReason, InstanceState, NotifyState } from './actions';
import { compareAddresses } from './address-compare';
import { AhSequence } from './ah-sequence';
import type { ReceivedAdvert, TrackerValue } from './events';
import * as L from './log-lines';
import { faultCauseLines } from './fault-causes';
import { fifoLine, pushLowerPriorityEvent, pushStateNotifies } from './notify';
import { OWNER_PRIORITY, effectivePriority, summarizeTrackers, trackerEffect, type TrackerSummary } from './priority';
import { applyStrictMode, type InstanceSettings } from './settings';
import { newStats, type InstanceStats } from './stats';
import type { SyncGate } from './sync-gate';
import { masterDownIntervalUs, minSkewTimeUs, skewTimeUs } from './timers';

type WantState = 'BACKUP' | 'MASTER' | 'FAULT';

interface PendingGarp {
  at: number;
  count: number;
  reason: GarpReason;
}

const EMPTY: readonly Action[] = Object.freeze([]);

export class VrrpInstance {
  private s: InstanceSettings;
  private current: InstanceState = 'INIT';
  private started = false;
  /** What the instance would be in, ignoring any sync group (keepalived's wantstate). */
  private wantState: WantState;
  /** Base priority; only changes when two address owners meet (keepalived then drops to 254). */
  private basePriority: number;
  private effective: number;
  /** Master_Adver_Interval: own advert_int, or (v3 backup) the interval the master advertises. */
  private masterAdverIntUs: number;
  /** The down-timer length keepalived keeps in ms_down_timer (also the base of the priority-change shift). */
  private msDownTimerUs = 0;
  /** Expiry of the instance timer: next advert (MASTER) or master down (BACKUP); null when idle. */
  private sands: number | null = null;
  /** preempt_delay running until this time; 0 = not running. */
  private preemptTime = 0;
  /** VIPs (and eVIPs, routes, rules) are installed. */
  private vipSet = false;
  private masterAddress: string | null = null;
  private masterPriorityValue = 0;
  private readonly ah = new AhSequence();
  /** Delayed GARP bursts (keepalived thread timers, not cancelled when leaving MASTER; they check vipSet). */
  private pendingGarps: PendingGarp[] = [];
  private garpRefreshAt = 0;
  private readonly values = new Map<string, TrackerValue>();
  private interfaceUp = true;
  private readonly faultFlags = new Set<string>();
  private out: Action[] | null = null;
  /** The vrrp_sync_group this instance belongs to, if any. */
  private gate: SyncGate | null = null;
  /** A state notification went out once (keepalived's notifies_sent: a member then skips its group's state). */
  private notifiesSent = false;
  /** Lower-priority adverts heard as MASTER (the sync group repeats the other members' GARPs for each). */
  private lowerPrioHeard = 0;
  /** The state wanted at start: the configured one, unless the sync group says BACKUP. */
  private startWish: WantState;

  readonly stats: InstanceStats = newStats();

  constructor(settings: InstanceSettings) {
    this.s = applyStrictMode(settings);
    this.wantState = this.s.initialState;
    this.startWish = this.s.initialState;
    this.basePriority = this.s.priority;
    this.effective = this.s.priority;
    this.masterAdverIntUs = this.s.advertIntervalUs;
  }

  get name(): string { return this.s.name; }
  get settings(): InstanceSettings { return this.s; }
  get state(): InstanceState { return this.current; }
  get effectivePriority(): number { return this.effective; }
  /** Address and priority of the master this backup last accepted (SNMP / JSON dump). */
  get masterSource(): string | null { return this.masterAddress; }
  get masterPriority(): number { return this.masterPriorityValue; }
  get masterAdvertIntervalUs(): number { return this.masterAdverIntUs; }
  get ahSequence(): number { return this.ah.seq; }
  /** The state this instance would be in, ignoring its sync group (keepalived's wantstate; the data dump). */
  get wantedState(): InstanceState { return this.wantState; }
  /** The master-down interval in force, µs (the data dump). */
  get masterDownTimerUs(): number { return this.msDownTimerUs; }
  /** The instance timer's expiry (keepalived's sands), µs, or null when disabled. */
  get readTimeout(): number | null { return this.sands; }
  /** keepalived's num_config_faults and num_script_if_fault (the data dump). */
  get faultFigures(): { config: number; trackers: number } {
    const sum = this.summary();
    return { config: this.faultFlags.size, trackers: sum.faults + (!this.interfaceUp && !this.s.dontTrackPrimary ? 1 : 0) };
  }
  /** Some tracked object or fault flag of its own holds it in FAULT (keepalived's num_script_if_fault > 0). */
  get ownFault(): boolean { return this.faultCount(this.summary()) > 0; }
  /** Still waiting for the first result of a track script (num_script_init > 0). */
  get waitingForScripts(): boolean { return this.summary().waiting > 0; }
  get isAddressOwner(): boolean { return this.basePriority === OWNER_PRIORITY; }
  /** How many lower-priority adverts this instance heard as MASTER (the daemon tells the sync group). */
  get lowerPriorityHeard(): number { return this.lowerPrioHeard; }

  /** Makes this instance a member of a sync group (before start). */
  joinSyncGroup(gate: SyncGate | null): void {
    this.gate = gate;
  }

  /** A group that cannot start as MASTER as a whole starts every member wanting BACKUP (vrrp_complete_init). */
  startAsBackup(): void {
    this.startWish = 'BACKUP';
    if (!this.started) this.wantState = 'BACKUP';
  }

  /** The instance timer alone (keepalived's sands): next advert (MASTER) or master down (BACKUP), µs, or null. */
  get timerDeadline(): number | null { return this.sands; }

  /** The earliest delayed GARP burst (keepalived runs these on timers of their own), µs, or null. */
  get garpDeadline(): number | null {
    let next: number | null = null;
    for (const g of this.pendingGarps) if (next === null || g.at < next) next = g.at;
    return next;
  }

  /** When timerFired() must be called next (µs), or null when nothing is pending. */
  nextDeadline(): number | null {
    let next = this.sands;
    for (const g of this.pendingGarps) if (next === null || g.at < next) next = g.at;
    return next;
  }

  // ---- events ---------------------------------------------------------------------------------------------------

  /**
   * Starts the instance (after vrrp_startup_delay). Tracker values, interface state and fault flags reported
   * before this call are taken as the initial state, as keepalived reads them at config load.
   */
  start(now: number): readonly Action[] {
    if (this.started) return EMPTY;
    this.loadState();
    this.initState(now, this.summary(), false, true);
    return this.flush();
  }

  /**
   * start() in keepalived's steps, for a daemon with several instances and sync groups: loadTracking() sets the
   * priorities and logs why the instance starts faulted (every instance's causes come first); beginStart() is the
   * rest of the config-load part (an instance starting faulted, or in a FAULT group, logs and notifies FAULT);
   * the groups then announce their state; finishStart() is vrrp_init_state (BACKUP (init), or the owner's quick
   * takeover).
   */
  loadTracking(): readonly Action[] {
    if (!this.started) this.loadPriorities(true);
    return this.flush();
  }

  beginStart(): readonly Action[] {
    if (!this.started) this.loadPriorities(true);
    this.loadFault(false);
    return this.flush();
  }

  finishStart(now: number): readonly Action[] {
    this.initState(now, this.summary(), false, true);
    return this.flush();
  }

  /** vrrp_complete_init → initialise_tracking_priorities, and the FAULT at load. */
  private loadState(): void {
    this.loadPriorities(false);
    this.loadFault(true);
  }

  private loadPriorities(logCauses: boolean): void {
    this.started = true;
    const sum = this.summary();
    this.effective = this.basePriority;
    this.masterAdverIntUs = this.s.advertIntervalUs;
    this.msDownTimerUs = this.masterDownUs();
    this.setEffectivePriority(sum);
    if (logCauses && this.faultCount(sum) > 0) this.logFaultCauses();
  }

  private loadFault(logCauses: boolean): void {
    const faults = this.faultCount(this.summary());
    if (faults > 0 || this.gate?.state === 'FAULT') {
      if (logCauses && faults > 0) this.logFaultCauses();
      this.log(L.enteringFaultAtLoad(this.s.name));
      this.setState('FAULT');
      this.notifyState('FAULT');
    }
    this.wantState = faults > 0 ? 'FAULT' : this.startWish;
  }

  /** An advert for our VRID that passed the wire checks. Ignored in FAULT and INIT (as keepalived). */
  advertReceived(now: number, advert: ReceivedAdvert): readonly Action[] {
    if (this.current === 'BACKUP') {
      this.backupReceived(now, advert);
      this.initSands(now, false);
    } else if (this.current === 'MASTER') {
      if (this.masterReceived(now, advert)) this.leaveMaster(now, false);
      // The master restarts its advert timer after processing a packet (it usually just sent one).
      if (this.current !== 'MASTER' || !this.s.lowerPrioNoAdvert) this.initSands(now, false);
    }
    return this.flush();
  }

  /**
   * An advert for our VRID that failed a wire check of keepalived's vrrp_check_packet (length, TTL, version,
   * auth, v2 interval, type, checksum, multicast/unicast) — not a packet too short for its headers or for an
   * unknown VRID, which never reach the instance. keepalived still re-arms a master's advert timer after it, so a
   * stream of bad packets delays the master's adverts; a backup's timer is unaffected.
   */
  advertRejected(now: number): readonly Action[] {
    if (this.current === 'MASTER' && !this.s.lowerPrioNoAdvert) this.initSands(now, false);
    return EMPTY;
  }

  /** The timer armed for nextDeadline() expired. */
  timerFired(now: number): readonly Action[] {
    if (this.current === 'STOP') return EMPTY;
    for (;;) {
      const garp = this.dueGarp(now);
      const mainDue = this.sands !== null && this.sands <= now;
      if (mainDue && (garp === null || this.sands! <= garp.at)) {
        this.instanceTimer(now);
      } else if (garp !== null) {
        this.pendingGarps.splice(this.pendingGarps.indexOf(garp), 1);
        if (this.vipSet) this.out_().push({ kind: 'sendGarps', count: garp.count, reason: garp.reason });
      } else {
        break;
      }
    }
    return this.flush();
  }

  /** A tracked object changed (script result after rise/fall, interface, process quorum, BFD, file value). */
  trackerChanged(now: number, id: string, value: TrackerValue): readonly Action[] {
    if (!this.s.trackers.some((t) => t.id === id)) {
      this.values.set(id, value);
      return EMPTY;
    }
    const before = this.snapshot();
    const file = this.s.trackers.find((t) => t.id === id && t.kind === 'file' && t.weight !== 0);
    const fileWasFault = file !== undefined && trackerEffect(file, this.values.get(id)).fault;
    this.values.set(id, value);
    if (file !== undefined) {
      // keepalived (process_update_vrrp_track_file_status): a weighted file entering FAULT leaves the effective
      // priority as it was; leaving FAULT sets it without the "Changing effective priority" line.
      const fileIsFault = trackerEffect(file, value).fault;
      if (!fileWasFault && fileIsFault) return this.afterFaultSourceChange(now, before, 'keep');
      if (fileWasFault && !fileIsFault) {
        const status = trackerEffect(file, value).weight;
        if (this.started && this.current !== 'STOP' && status !== 0 && this.basePriority !== OWNER_PRIORITY) {
          this.log(L.settingPriority(this.s.name, effectivePriority(this.basePriority, this.summary().total)), true);
        }
        return this.afterFaultSourceChange(now, before, 'quiet');
      }
    }
    return this.afterFaultSourceChange(now, before);
  }

  /** The instance's own interface went up or down (ignored with dont_track_primary). */
  interfaceChanged(now: number, up: boolean): readonly Action[] {
    const before = this.snapshot();
    this.interfaceUp = up;
    return this.afterFaultSourceChange(now, before);
  }

  /**
   * Any other fault condition (no source address, unicast_fault_no_peer, VMAC on a non-Ethernet link, deleted
   * tracked static address …), named by the caller; the instance is in FAULT while any flag is set.
   */
  faultFlagChanged(now: number, flag: string, set: boolean): readonly Action[] {
    const before = this.snapshot();
    if (set) this.faultFlags.add(flag);
    else this.faultFlags.delete(flag);
    return this.afterFaultSourceChange(now, before);
  }

  /**
   * One of our VIPs, virtual routes or rules was deleted behind our back while MASTER: keepalived leaves MASTER
   * (priority-0 advert, everything removed) and sets its down timer to Skew_Time for a quick re-election.
   */
  vipDeletedExternally(now: number): readonly Action[] {
    if (this.current !== 'MASTER') return EMPTY;
    this.wantState = 'BACKUP';
    this.leaveMaster(now, true);
    this.msDownTimerUs = this.skewUs();
    this.initSands(now, false);
    return this.flush();
  }

  // ---- moved by the sync group (vrrp_sync_master / vrrp_sync_backup / vrrp_sync_fault) -------------------------

  /** Another member went MASTER: want MASTER and go there, unless the group still holds this one back. */
  syncMaster(now: number): readonly Action[] {
    if (this.current === 'MASTER' || this.current === 'STOP') return EMPTY;
    this.wantState = 'MASTER';
    this.gotoMaster(now);
    this.initSands(now, false);
    return this.flush();
  }

  /** Another member went BACKUP: leave MASTER (no priority-0 advert) or FAULT / INIT for BACKUP. */
  syncBackup(now: number): readonly Action[] {
    if (this.current === 'BACKUP' || this.current === 'STOP' || !this.started) return EMPTY;
    this.wantState = 'BACKUP';
    if (this.current === 'FAULT' || this.current === 'INIT') this.leaveFault(now);
    else this.leaveMaster(now, false);
    return this.flush();
  }

  /**
   * Another member went FAULT: a MASTER leaves (its priority-0 advert goes out), a BACKUP is switched to FAULT
   * silently before leave_fault (keepalived's "bit of a bodge": no "Entering FAULT STATE" line for it).
   */
  syncFault(now: number): readonly Action[] {
    if (this.current === 'FAULT' || this.current === 'STOP' || !this.started) return EMPTY;
    this.wantState = 'FAULT';
    if (this.current === 'MASTER') {
      this.leaveMaster(now, false);
    } else {
      this.setState('FAULT');
      this.leaveFault(now);
    }
    return this.flush();
  }

  /**
   * Another member of the sync group heard a lower-priority advert while MASTER: this member repeats its
   * lower-priority GARPs too (vrrp_state_master_rx), if it has garp_lower_prio_repeat and its VIPs are set.
   */
  groupLowerPriorityGarps(now: number): readonly Action[] {
    this.lowerPriorityGarps(now);
    return this.flush();
  }

  /** SIGTERM: release (a MASTER sends one priority-0 advert and removes everything), then notify STOP. */
  shutdown(now: number): readonly Action[] {
    this.pushRelease();
    this.pushStop();
    return this.flush();
  }

  /**
   * Shutdown phase 1 alone, for a daemon with several instances: keepalived releases every instance first
   * (restore_vrrp_interfaces) and only then notifies STOP for all of them (notify_shutdown).
   */
  release(now: number): readonly Action[] {
    this.pushRelease();
    return this.flush();
  }

  /** Shutdown phase 2: STOP notification; the instance is inert afterwards. */
  stop(): readonly Action[] {
    this.pushStop();
    return this.flush();
  }

  /**
   * The instance disappeared from the configuration on reload: a MASTER releases as on shutdown, then the
   * instance is notified DELETED (with notify_deleted) or FAULT (otherwise; not repeated if already FAULT).
   */
  removed(now: number, notifyDeleted: boolean): readonly Action[] {
    if (this.current === 'STOP') return EMPTY;
    const wasFault = this.current === 'FAULT';
    if (this.current === 'MASTER') this.restoreInterface(true, false);
    const from = this.current;
    this.current = 'STOP';
    this.sands = null;
    this.pendingGarps = [];
    this.out_().push({ kind: 'stateChanged', from, to: 'STOP' });
    if (notifyDeleted || !wasFault) this.notifyState(notifyDeleted ? 'DELETED' : 'FAULT');
    return this.flush();
  }

  /**
   * SIGHUP with this instance matched in the new configuration (the daemon matches by VRID, family, interface,
   * unicast source … not by name). The state is kept where keepalived keeps it: a MASTER stays MASTER and
   * advertises at once, a BACKUP restarts its down timer; stats, AH sequence and tracker values carry over.
   */
  reload(now: number, settings: InstanceSettings): readonly Action[] {
    const old = this.s;
    this.s = applyStrictMode(settings);
    if (!this.started || this.current === 'STOP') {
      this.wantState = this.s.initialState;
      this.basePriority = this.effective = this.s.priority;
      this.masterAdverIntUs = this.s.advertIntervalUs;
      return EMPTY;
    }
    const oldState = this.current;
    const oldVipSet = this.vipSet;
    this.basePriority = this.effective = this.s.priority;
    this.masterAdverIntUs = this.s.advertIntervalUs;
    this.msDownTimerUs = this.masterDownUs();
    this.preemptTime = 0;
    this.masterAddress = null;
    this.pendingGarps = [];
    const sum = this.summary();
    this.setEffectivePriority(sum);

    // clear_diff_vrrp: what the old configuration installed and the new one no longer has goes.
    if (oldVipSet) {
      this.pushRemoved('rules', old.rules, this.s.rules);
      this.pushRemoved('routes', old.routes, this.s.routes);
      this.pushRemoved('vips', old.vips, this.s.vips);
      this.pushRemoved('evips', old.evips, this.s.evips);
    }

    const faults = this.faultCount(sum);
    if (faults > 0) {
      if (oldState !== 'FAULT') {
        this.log(L.enteringFaultAtLoad(this.s.name));
        this.setState('FAULT');
        this.notifyState('FAULT');
      }
      this.wantState = 'FAULT';
    } else if (sum.waiting === 0 && (oldState === 'MASTER' || oldState === 'BACKUP')) {
      this.wantState = oldState;
    } else {
      this.setState('INIT');
      this.wantState = this.s.initialState;
    }
    const reloadMaster = this.current === 'MASTER';

    // restore_vrrp_state: keep what was installed, add what is new.
    if (this.vipSet) {
      if (this.firewallApplies()) this.out_().push({ kind: 'firewallDrop', install: true });
      const added = this.pushAdd('vips', old.vips) + this.pushAdd('evips', old.evips);
      this.pushAdd('routes', old.routes);
      this.pushAdd('rules', old.rules);
      if (added > 0) {
        this.pushGarps(this.s.garp.masterRepeat, 'reload');
        if (this.s.garp.masterRefreshUs) this.garpRefreshAt = now + this.s.garp.masterRefreshUs;
      }
    }
    this.initState(now, sum, reloadMaster, false);
    return this.flush();
  }

  // ---- keepalived's state functions ------------------------------------------------------------------------------

  /** vrrp_init_state for this instance (RFC 3768 §6.4.1 / RFC 5798 §6.4.1, Initialize). */
  private initState(now: number, sum: TrackerSummary, reloadMaster: boolean, force: boolean): void {
    const begin = this.current;
    if (this.current === 'FAULT') this.wantState = 'FAULT';
    const up = this.faultCount(sum) === 0;
    // A member follows its group's state, not its own wish (vrrp_init_state's new_state).
    const newState = this.gate ? this.gate.state : this.wantState;
    const waiting = sum.waiting > 0 || (this.gate?.waiting ?? false);
    if (up && newState === 'MASTER' && !waiting && this.wantState === 'MASTER' &&
        (this.basePriority === OWNER_PRIORITY || reloadMaster)) {
      // The address owner starts as master (RFC 3768 §6.4.1): keepalived times out of BACKUP after 1 µs.
      if (!reloadMaster) {
        this.setState('BACKUP');
        this.msDownTimerUs = 1;
      }
    } else {
      // A would-be master held in BACKUP by its group lets one advert interval pass first.
      this.msDownTimerUs = newState === 'BACKUP' && this.wantState === 'MASTER'
        ? this.masterAdverIntUs + minSkewTimeUs(this.s.version, this.masterAdverIntUs)
        : this.masterDownUs();
      this.restoreInterface(false, force);
      if (up && newState !== 'FAULT' && !waiting) {
        if (this.current !== 'BACKUP') {
          this.log(L.enteringStateInit(this.s.name, 'BACKUP'));
          this.setState('BACKUP');
        }
      } else {
        // Waiting for track scripts: a silent FAULT until they report.
        this.setState('FAULT');
      }
      if (begin !== this.current && (this.current !== 'FAULT' || !up)) this.notifyState(this.current as NotifyState);
    }
    this.initSands(now, reloadMaster);
  }

  /** vrrp_init_instance_sands: arm the instance timer for the current state. */
  private initSands(now: number, reloadMaster: boolean): void {
    if (this.current === 'MASTER') this.sands = reloadMaster ? now : now + this.s.advertIntervalUs;
    else if (this.current === 'BACKUP') this.sands = now + this.msDownTimerUs;
    else this.sands = null;
  }

  /** The instance timer expired (vrrp_dispatcher_read_timeout). */
  private instanceTimer(now: number): void {
    if (this.current === 'BACKUP') {
      // RFC 3768 §6.4.2 / RFC 5798 §6.4.2: Master_Down_Timer fired ⇒ transition to Master.
      this.log(L.receiveTimeout(this.s.name), true);
      this.wantState = 'MASTER';
      this.gotoMaster(now);
    } else if (this.current === 'MASTER') {
      // RFC 3768 §6.4.3 / RFC 5798 §6.4.3: Adver_Timer fired ⇒ send an advertisement.
      this.masterTx(now);
    }
    this.initSands(now, false);
  }

  /** vrrp_state_goto_master */
  private gotoMaster(now: number): void {
    if (this.gate && !this.gate.canGotoMaster(this)) {
      // Held back until every member wants MASTER: the down timer starts again (vrrp_sync_can_goto_master).
      this.wantState = 'MASTER';
      this.msDownTimerUs = this.masterDownUs();
      this.initSands(now, false);
      return;
    }
    if (this.s.auth === 'ah') this.ah.resetIfCycled();
    this.setState('MASTER');
    this.initSands(now, false);
    this.masterTx(now);
  }

  /** vrrp_state_master_tx: the periodic advert, and the transition work the first time. */
  private masterTx(now: number): void {
    // Advert first, so the old master drops the VIPs before our GARPs go out.
    this.sendAdvert(this.effective);
    if (!this.vipSet) {
      this.log(L.enteringState(this.s.name, 'MASTER'));
      this.becomeMaster(now);
      if (this.s.garp.masterDelayUs) {
        this.pendingGarps.push({ at: now + this.s.garp.masterDelayUs, count: this.s.garp.masterRepeat, reason: 'master-delayed' });
      }
    } else if (this.s.garp.masterRefreshUs && now > this.garpRefreshAt) {
      // The refresh is only looked at when an advert is due, as in keepalived.
      this.pushGarps(this.s.garp.masterRefreshRepeat, 'refresh');
      this.garpRefreshAt = now + this.s.garp.masterRefreshUs;
    }
  }

  /** vrrp_state_become_master */
  private becomeMaster(now: number): void {
    this.stats.becomeMaster++;
    // RFC 5798 §6.4.3: a master advertises its own interval. keepalived 2.2.7 only resets Master_Adver_Interval
    // inside its -D logging branch; without -D the value adopted as backup lingers (it matters for Skew_Time).
    if (this.s.version === 3 && this.s.logDetail && this.masterAdverIntUs !== this.s.advertIntervalUs) {
      this.log(L.intervalBackToLocal(this.s.name, this.masterAdverIntUs, this.s.advertIntervalUs), true);
      this.masterAdverIntUs = this.s.advertIntervalUs;
    }
    if (this.firewallApplies()) {
      this.log(L.firewallChange(this.s.name, true), true);
      this.out_().push({ kind: 'firewallDrop', install: true });
    }
    this.pushAdd('vips');
    this.pushAdd('evips');
    this.vipSet = true;
    this.pushAdd('routes');
    this.pushAdd('rules');
    this.pushGarps(this.s.garp.masterRepeat, 'master');
    if (this.s.garp.masterRefreshUs) this.garpRefreshAt = now + this.s.garp.masterRefreshUs;
    this.notifyState('MASTER');
    this.out_().push({ kind: 'lvsSyncDaemon', role: 'master' });
  }

  /** vrrp_state_leave_master (to wantState BACKUP or FAULT). */
  private leaveMaster(now: number, sendStop: boolean): void {
    if (this.vipSet) this.out_().push({ kind: 'lvsSyncDaemon', role: 'backup' });
    if (this.wantState === 'BACKUP') {
      this.log(L.enteringState(this.s.name, 'BACKUP'));
      this.preemptTime = 0;
    } else {
      this.log(L.enteringState(this.s.name, 'FAULT'));
      this.sendAdvert(0);
    }
    this.restoreInterface(sendStop, false);
    this.setState(this.wantState);
    this.notifyState(this.wantState);
    this.msDownTimerUs = this.masterDownUs();
    this.initSands(now, false);
    this.stats.releaseMaster++;
  }

  /** vrrp_state_leave_fault (to wantState). */
  private leaveFault(now: number): void {
    if (this.wantState === 'MASTER') {
      this.gotoMaster(now);
    } else {
      if (this.current !== this.wantState) this.log(L.enteringState(this.s.name, this.wantState));
      if (this.wantState === 'FAULT' && this.current === 'MASTER') {
        this.sendAdvert(0);
        this.restoreInterface(false, false);
      }
      this.setState(this.wantState);
      this.notifyState(this.wantState);
      if (this.current === 'BACKUP') this.preemptTime = 0;
    }
    this.masterAdverIntUs = this.s.advertIntervalUs;
    this.msDownTimerUs = this.masterDownUs();
    this.initSands(now, false);
  }

  /** vrrp_restore_interface: optional priority-0 advert, then remove rules, routes, queued GARPs, VIPs. */
  private restoreInterface(sendStop: boolean, force: boolean): void {
    if (sendStop) {
      this.sendAdvert(0);
      this.stats.priZeroSent++;
      this.log(L.sentZeroPriority(this.s.name), true);
    }
    this.pushRemove('rules', force);
    this.pushRemove('routes', force);
    if (this.vipSet) this.out_().push({ kind: 'cancelQueuedGarps' });
    // keepalived's vrrp_restore_interface / netlink_iplist: -V and -X open the removal; each address then goes
    // when forced, when this run set it, or with -V whatever set it.
    if (force || this.vipSet || this.s.dontReleaseVrrp || this.s.releaseVips) {
      this.pushRemove('vips', force || this.s.dontReleaseVrrp);
      this.pushRemove('evips', force || this.s.dontReleaseVrrp);
      if ((force || this.vipSet) && this.firewallApplies()) {
        this.log(L.firewallChange(this.s.name, false), true);
        this.out_().push({ kind: 'firewallDrop', install: false });
      }
      this.vipSet = false;
    }
  }

  /** down_instance: a fault source appeared. */
  private downInstance(now: number): void {
    this.wantState = 'FAULT';
    if (this.current === 'MASTER') this.leaveMaster(now, true);
    else this.leaveFault(now);
  }

  /** try_up_instance: the last fault source cleared, or the last awaited script reported (leavingInit). */
  private tryUpInstance(now: number, sum: TrackerSummary, leavingInit: boolean): void {
    const faults = this.faultCount(sum);
    if (leavingInit) {
      if (faults) return;
    } else if (faults || sum.waiting) {
      if (!faults) this.wantState = 'BACKUP';
      return;
    }
    const owner = this.wantState === 'MASTER' && this.basePriority === OWNER_PRIORITY;
    if (!owner) this.wantState = 'BACKUP';
    this.masterAdverIntUs = this.s.advertIntervalUs;
    this.msDownTimerUs = owner ? this.s.advertIntervalUs + this.skewUs() : this.masterDownUs();
    // A member stays in FAULT while another member of its group is faulted.
    if (this.gate && !this.gate.canLeaveFault(this)) return;
    const wanted = this.wantState;
    if (this.gate && this.wantState === 'MASTER' && !this.gate.canGotoMaster(this)) this.wantState = 'BACKUP';
    this.leaveFault(now);
    this.wantState = wanted;
    // A unicast instance renews the master's ARP entry for it, so adverts reach it before its timer expires.
    if (this.s.unicast) {
      this.log(`${this.s.name}: sending gratuitous ${this.s.family === 4 ? 'ARP' : 'NA'} for ${this.s.sourceAddress}`, true);
      this.out_().push({ kind: 'sendSourceGarp' });
    }
    this.initSands(now, false);
  }

  /** vrrp_state_backup: an advert while BACKUP (RFC 3768 §6.4.2 / RFC 5798 §6.4.2). */
  private backupReceived(now: number, adv: ReceivedAdvert): void {
    const checkAddr = !this.s.skipCheckAdvAddr || this.masterAddress === null || adv.source !== this.masterAddress;
    let ignore = !this.checkPacket(adv, checkAddr);
    if (ignore) {
      // nothing else
    } else if (adv.priority === 0) {
      // "If the Priority in the ADVERTISEMENT is zero, then: Set the Master_Down_Timer to Skew_Time".
      this.log(L.backupPriorityZero(this.s.name), true);
      this.msDownTimerUs = this.skewUs();
    } else if (this.s.nopreempt || adv.priority >= this.effective ||
               (this.s.preemptDelayUs > 0 && (this.preemptTime === 0 || this.preemptTime > now))) {
      // Accept: equal priority is accepted too (no address tie-break in BACKUP), as is anything with nopreempt
      // or while a preempt delay runs.
      if (this.s.version === 3 && this.masterAdverIntUs !== adv.advertIntervalUs) {
        // RFC 5798 §6.4.2: "Set Master_Adver_Interval to Adver Interval contained in the ADVERTISEMENT".
        this.log(L.intervalUpdatedByMaster(this.s.name, this.masterAdverIntUs, adv.advertIntervalUs), true);
        this.masterAdverIntUs = adv.advertIntervalUs;
      }
      this.msDownTimerUs = this.masterDownUs();
      this.masterAddress = adv.source;
      this.masterPriorityValue = adv.priority;
      if (this.s.preemptDelayUs > 0) {
        if (adv.priority >= this.effective) {
          if (this.preemptTime) {
            this.log(L.stopPreemptDelay(this.s.name), true);
            this.preemptTime = 0;
          }
        } else if (!this.preemptTime) {
          this.log(L.startPreemptDelay(this.s.name, this.s.preemptDelayUs), true);
          this.preemptTime = now + this.s.preemptDelayUs;
        }
      }
      this.wantState = 'BACKUP';
    } else {
      // Preempting: the lower-priority advert is dropped and the down timer keeps running from the last
      // accepted advert, so the takeover comes up to one Master_Down_Interval later, not at once.
      this.log(L.lowerPriorityDiscarding(this.s.name, adv.priority, adv.source));
      ignore = true;
      this.masterAddress = adv.source;
    }
    if (ignore) this.msDownTimerUs = Math.max(0, (this.sands ?? now) - now);
  }

  /** vrrp_state_master_rx: an advert while MASTER; true when we must leave MASTER. */
  private masterReceived(now: number, adv: ReceivedAdvert): boolean {
    if (!this.checkPacket(adv, true)) return false;
    const addrCmp = this.compareWithOurs(adv.source);
    const name = this.s.name;
    if (adv.priority === 0 ||
        (this.s.higherPrioSendAdvert &&
         (adv.priority > this.effective || (adv.priority === this.effective && addrCmp > 0)))) {
      // RFC 3768 §6.4.3: "If the Priority in the ADVERTISEMENT is zero, then: Send an ADVERTISEMENT".
      this.sendAdvert(this.effective);
      if (adv.priority === 0) {
        this.log(L.masterPriorityZero(name), true);
        return false;
      }
    }
    if (adv.priority === this.effective) {
      if (addrCmp === 0) {
        this.log(L.equalPriorityOurAddress(name));
      } else if (this.effective === OWNER_PRIORITY) {
        this.log(L.bothOwners(name));
        this.effective = OWNER_PRIORITY - 1;
        this.basePriority = OWNER_PRIORITY - 1;
      }
    }
    if (adv.priority < this.effective || (adv.priority === this.effective && addrCmp < 0)) {
      // RFC 3768 §6.4.3: a lower priority advert is discarded by the RFC; keepalived re-asserts itself (advert +
      // GARPs) since such an advert means a backup took over while it could not hear us.
      this.log(L.lowerPriorityForcing(name, adv.source, adv.priority, this.effective, !this.s.lowerPrioNoAdvert));
      if (this.s.auth === 'ah' && adv.ahSequence !== undefined) {
        this.log(L.ahResync(name));
        this.ah.resyncAbove(adv.ahSequence);
      }
      if (!this.s.lowerPrioNoAdvert) this.sendAdvert(this.effective);
      this.lowerPriorityGarps(now);
      this.lowerPrioHeard++;
      pushLowerPriorityEvent(this.out_(), name, this.effective);
      return false;
    }
    if (adv.priority > this.effective || (adv.priority === this.effective && addrCmp > 0)) {
      // RFC 3768 §6.4.3 / RFC 5798 §6.4.3: greater priority, or equal priority and greater primary address ⇒
      // Backup.
      this.log(adv.priority > this.effective
        ? L.masterHigherPriority(name, adv.source, adv.priority, this.effective)
        : L.masterSamePriorityHigherIp(name, adv.source, adv.priority));
      if (this.s.auth === 'ah') this.ah.cycle = false;
      if (this.s.version === 3 && this.masterAdverIntUs !== adv.advertIntervalUs) {
        this.log(L.intervalUpdatedByMaster(name, this.masterAdverIntUs, adv.advertIntervalUs), true);
        this.masterAdverIntUs = adv.advertIntervalUs;
      }
      this.msDownTimerUs = this.masterDownUs();
      this.masterPriorityValue = adv.priority;
      this.masterAddress = adv.source;
      this.wantState = 'BACKUP';
      return true;
    }
    return false;
  }

  /**
   * The stateful part of vrrp_check_packet: the AH replay check, then (when asked) the VIP list, which keepalived
   * 2.2.7 treats as a bad packet: an advert that does not carry exactly our VIPs is ignored.
   */
  private checkPacket(adv: ReceivedAdvert, checkAddr: boolean): boolean {
    if (this.s.auth === 'ah' && adv.ahSequence !== undefined) {
      if (!this.ah.accept(adv.ahSequence)) {
        this.log(L.ahReplay(this.s.name, adv.ahSequence, this.ah.seq));
        this.stats.authFailure++;
        return false;
      }
      if (this.current === 'BACKUP') this.ah.cycle = false;
    }
    if (checkAddr && adv.addressCount !== this.s.vips.length) {
      this.log(L.unexpectedAddressCount(this.s.name, adv.addressCount, this.s.vips.length));
      this.stats.addrListErr++;
      return false;
    }
    this.stats.advertRcvd++;
    if (checkAddr && adv.missingVip !== null) {
      this.log(L.vipNotInAdvert(this.s.name, this.s.vrid, adv.missingVip));
      this.stats.addrListErr++;
      return false;
    }
    if (adv.priority === 0) this.stats.priZeroRcvd++;
    return true;
  }

  /** vrrp_set_effective_priority: clamp, log, and shift a running down timer by the change in its length. */
  private setEffectivePriority(sum: TrackerSummary, quiet = false): void {
    if (this.basePriority === OWNER_PRIORITY) return;
    const next = effectivePriority(this.basePriority, sum.total);
    if (next === this.effective) return;
    if (quiet) {
      this.effective = next; // keepalived sets it directly here: no log, no down-timer or FIFO update
      return;
    }
    this.log(L.changingPriority(this.s.name, this.effective, next));
    this.effective = next;
    const old = this.msDownTimerUs;
    this.msDownTimerUs = this.masterDownUs();
    if (this.current === 'BACKUP' && this.sands !== null) this.sands += this.msDownTimerUs - old;
    if (this.s.notifyPriorityChanges) {
      const what = this.current === 'MASTER' ? 'MASTER_PRIORITY' : 'BACKUP_PRIORITY';
      this.out_().push({ kind: 'runNotify', step: 'fifo', line: fifoLine(this.s.name, what, next) });
    }
  }

  /** Fault and waiting counts before a change, to see which way it went. */
  private snapshot(): { faults: number; waiting: number } {
    const sum = this.summary();
    return { faults: this.faultCount(sum), waiting: sum.waiting };
  }

  /** priority: 'keep' leaves the effective priority as it is, 'quiet' sets it before trying to come up, unlogged. */
  private afterFaultSourceChange(
    now: number, before: { faults: number; waiting: number }, priority: 'set' | 'keep' | 'quiet' = 'set',
  ): readonly Action[] {
    if (!this.started || this.current === 'STOP') return EMPTY;
    const after = this.summary();
    const wasFault = before.faults > 0;
    const isFault = this.faultCount(after) > 0;
    if (priority === 'quiet') this.setEffectivePriority(after, true);
    if (!wasFault && isFault) this.downInstance(now);
    else if (wasFault && !isFault) this.tryUpInstance(now, after, false);
    else if (!isFault && before.waiting > 0 && after.waiting === 0) this.tryUpInstance(now, after, true);
    if (priority === 'set') this.setEffectivePriority(after);
    return this.flush();
  }

  private pushRelease(): void {
    if (this.current === 'MASTER') this.restoreInterface(true, false);
  }

  private pushStop(): void {
    if (this.current === 'STOP') return;
    this.setState('STOP');
    this.sands = null;
    this.pendingGarps = [];
    this.notifyState('STOP');
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private summary(): TrackerSummary {
    return summarizeTrackers(this.basePriority, this.s.trackers, this.values);
  }

  private faultCount(sum: TrackerSummary): number {
    return sum.faults + this.faultFlags.size + (!this.interfaceUp && !this.s.dontTrackPrimary ? 1 : 0);
  }

  private skewUs(): number {
    return skewTimeUs(this.s.version, this.effective, this.masterAdverIntUs);
  }

  private masterDownUs(): number {
    return masterDownIntervalUs(this.s.version, this.effective, this.masterAdverIntUs, this.s.downTimerAdverts);
  }

  private compareWithOurs(source: string): number {
    try {
      return compareAddresses(source, this.s.sourceAddress);
    } catch {
      return 0; // different families cannot be ordered; keepalived treats them as equal
    }
  }

  private firewallApplies(): boolean {
    return !this.s.accept && this.basePriority !== OWNER_PRIORITY;
  }

  private dueGarp(now: number): PendingGarp | null {
    let best: PendingGarp | null = null;
    for (const g of this.pendingGarps) if (g.at <= now && (best === null || g.at < best.at)) best = g;
    return best;
  }

  private sendAdvert(priority: number): void {
    this.stats.advertSent++;
    if (this.s.auth === 'ah') this.out_().push({ kind: 'sendAdvert', priority, ahSequence: this.ah.next() });
    else this.out_().push({ kind: 'sendAdvert', priority });
  }

  /** garp_lower_prio_repeat GARPs now, and again after garp_lower_prio_delay. */
  private lowerPriorityGarps(now: number): void {
    const n = this.s.garp.lowerPrioRepeat;
    if (!n) return;
    this.pushGarps(n, 'lower-prio');
    if (this.s.garp.lowerPrioDelayUs) {
      this.pendingGarps.push({ at: now + this.s.garp.lowerPrioDelayUs, count: n, reason: 'lower-prio-delayed' });
    }
  }

  private pushGarps(count: number, reason: GarpReason): void {
    if (!this.vipSet || count <= 0 || (this.s.vips.length === 0 && this.s.evips.length === 0)) return;
    this.out_().push({ kind: 'sendGarps', count, reason });
  }

  /** Install one list (logged with -D); returns how many items the previous configuration did not have. */
  private pushAdd(what: AddressKind, previous?: readonly string[]): number {
    const items = this.s[what];
    if (items.length === 0) return 0;
    this.log(L.addressChange(this.s.name, true, what), true);
    this.out_().push({ kind: 'add', what, items });
    return previous ? items.filter((i) => !previous.includes(i)).length : items.length;
  }

  private pushRemove(what: AddressKind, force: boolean): void {
    const items = this.s[what];
    if (items.length === 0) return;
    this.log(L.addressChange(this.s.name, false, what), true);
    this.out_().push({ kind: 'remove', what, items, force });
  }

  private pushRemoved(what: AddressKind, before: readonly string[], after: readonly string[]): void {
    const gone = before.filter((i) => !after.includes(i));
    if (gone.length) this.out_().push({ kind: 'remove', what, items: gone, force: false });
  }

  private logFaultCauses(): void {
    const ownDown = !this.interfaceUp && !this.s.dontTrackPrimary;
    for (const line of faultCauseLines(this.s, this.values, ownDown)) this.log(line);
  }

  private setState(to: InstanceState): void {
    if (to === this.current) return;
    const from = this.current;
    this.current = to;
    this.out_().push({ kind: 'stateChanged', from, to });
  }

  private notifyState(state: NotifyState): void {
    // Already in the state its group is in: the group's notification covers it (send_instance_notifies).
    if (this.gate && this.notifiesSent && state === this.gate.state) return;
    this.notifiesSent = true;
    pushStateNotifies(this.out_(), this.s.name, state, this.effective);
  }

  private log(line: string, detail = false): void {
    this.out_().push({ kind: 'log', line, detail });
  }

  private out_(): Action[] {
    return (this.out ??= []);
  }

  private flush(): readonly Action[] {
    const r = this.out ?? EMPTY;
    this.out = null;
    return r;
  }
}
