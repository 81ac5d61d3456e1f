// One vrrp_sync_group as a sans-IO core: its members move together as in keepalived 2.2.7 (vrrp_sync.c and the
// transition table of vrrp_scheduler.c). The daemon tells it what just happened to a member — a transition
// after an advert or a timer, or a change of the member's own fault state — and carries out the steps it returns:
// the other members' actions (the group drives them through their syncMaster / syncBackup / syncFault), its log
// lines and its notifications, front to back.
//
//   MASTER: one member going MASTER pulls the others, but only once every member wants MASTER (a member whose
//           down timer fires first is held in BACKUP and re-arms it: "prefer backup state to avoid thrashing").
//   BACKUP: a MASTER member going BACKUP takes the others to BACKUP (no priority-0 advert from them).
//   FAULT:  the first member with a fault of its own forces the others to FAULT (a MASTER sends priority 0); a
//           member whose faults clear stays in FAULT until no member has one, then the group leaves FAULT.
import type { InstanceState } from '../instance/actions';
import type { VrrpInstance } from '../instance/instance';
import type { GroupState, SyncGate } from '../instance/sync-gate';
import { groupNotifies, GroupStep } from './steps';

/** Nothing to do (shared, so a master member's every advert tick allocates nothing). */
const NONE: readonly GroupStep[] = Object.freeze([]);

export class SyncGroup implements SyncGate {
  private current: GroupState;

  /** members: in the order of the group's `group { }` block (the order keepalived walks them). */
  constructor(readonly name: string, readonly members: readonly VrrpInstance[]) {
    // vrrp_sync_set_group: MASTER only when every member is an address owner wanting MASTER.
    const allOwners = members.every((m) => m.wantedState === 'MASTER' && m.isAddressOwner);
    this.current = allOwners ? 'MASTER' : 'BACKUP';
    // …and if some member wants MASTER but not all can start there, none does (vrrp_complete_init).
    if (!allOwners && members.some((m) => m.wantedState === 'MASTER')) for (const m of members) m.startAsBackup();
    for (const m of members) m.joinSyncGroup(this);
  }

  get state(): GroupState {
    return this.current;
  }

  get waiting(): boolean {
    return this.members.some((m) => m.waitingForScripts);
  }

  canGotoMaster(member: object): boolean {
    if (this.current === 'MASTER') return true;
    return this.members.every((m) => m === member || m.wantedState === 'MASTER');
  }

  canLeaveFault(member: object): boolean {
    return !this.members.some((m) => m !== member && m.ownFault) && !this.waiting;
  }

  /**
   * Start-up (initialise_tracking_priorities), member by member after its tracking is set: a member faulted at
   * load puts the group in FAULT (with keepalived's line, for the first one); one waiting for its scripts puts it
   * in INIT unless it is in FAULT.
   */
  loadMember(member: VrrpInstance): readonly GroupStep[] {
    if (member.ownFault) {
      if (this.current === 'FAULT') return NONE;
      this.current = 'FAULT';
      return [{ kind: 'log', line: `VRRP_Group(${this.name}): Syncing ${member.name} to FAULT state` }];
    }
    if (member.waitingForScripts && this.current !== 'FAULT') this.current = 'INIT';
    return NONE;
  }

  /** vrrp_init_state announces a group that starts in FAULT or BACKUP before its members enter their state. */
  announce(): readonly GroupStep[] {
    return this.current === 'FAULT' || this.current === 'BACKUP' ? groupNotifies(this.name, this.current) : [];
  }

  /** A member's transition after an advert or its timer (VRRP_TSM: B→M, M→M, F→M sync MASTER; M→B syncs BACKUP). */
  afterTransition(now: number, member: VrrpInstance, from: InstanceState): readonly GroupStep[] {
    const to = member.state;
    if (to === 'MASTER' && (from === 'BACKUP' || from === 'MASTER' || from === 'FAULT')) return this.syncMaster(now, member);
    if (from === 'MASTER' && to === 'BACKUP') return this.syncBackup(now, member);
    return NONE;
  }

  /**
   * A member's own fault state may have changed (interface, tracker, fault flag): down_instance syncs the group
   * to FAULT when this is the first faulted member; try_up_instance, once the member left FAULT, syncs the group
   * to the member's new state.
   */
  afterFaultChange(now: number, member: VrrpInstance, from: InstanceState, hadFault: boolean): readonly GroupStep[] {
    if (!hadFault && member.ownFault) {
      if (this.members.some((m) => m !== member && m.ownFault)) return NONE;
      return this.syncFault(now, member);
    }
    if (from === 'FAULT' && member.state === 'MASTER') return this.syncMaster(now, member);
    if (from === 'FAULT' && member.state === 'BACKUP') return this.syncBackup(now, member);
    return NONE;
  }

  /** A MASTER member heard a lower-priority advert: every other member repeats its lower-priority GARPs. */
  lowerPriorityHeard(now: number, member: VrrpInstance): readonly GroupStep[] {
    const out: GroupStep[] = [];
    for (const m of this.members) {
      if (m === member) continue;
      const actions = m.groupLowerPriorityGarps(now);
      if (actions.length > 0) out.push({ kind: 'member', member: m, actions });
    }
    return out;
  }

  /** notify_shutdown: after every instance's STOP, each group's. */
  stop(): readonly GroupStep[] {
    if (this.current === 'STOP') return NONE;
    this.current = 'STOP';
    return groupNotifies(this.name, 'STOP');
  }

  /** After a reload: the group takes the state its members are in, without notifying. */
  settle(): void {
    if (this.members.some((m) => m.state === 'FAULT')) this.current = 'FAULT';
    else if (this.members.every((m) => m.state === 'MASTER')) this.current = 'MASTER';
    else this.current = 'BACKUP';
  }

  // ---- vrrp_sync_master / vrrp_sync_backup / vrrp_sync_fault -------------------------------------------------------

  private syncMaster(now: number, member: VrrpInstance): readonly GroupStep[] {
    if (this.current === 'MASTER' || !this.canGotoMaster(member)) return NONE;
    const out: GroupStep[] = [{ kind: 'log', line: `VRRP_Group(${this.name}) Syncing instances to MASTER state` }];
    for (const m of this.members) {
      if (m !== member && m.state !== 'MASTER') out.push({ kind: 'member', member: m, actions: m.syncMaster(now) });
    }
    return this.enter('MASTER', out);
  }

  private syncBackup(now: number, member: VrrpInstance): readonly GroupStep[] {
    if (this.current === 'BACKUP') return NONE;
    const out: GroupStep[] = [{ kind: 'log', line: `VRRP_Group(${this.name}) Syncing instances to BACKUP state` }];
    for (const m of this.members) {
      if (m !== member && m.state !== 'BACKUP') out.push({ kind: 'member', member: m, actions: m.syncBackup(now) });
    }
    return this.enter('BACKUP', out);
  }

  private syncFault(now: number, member: VrrpInstance): readonly GroupStep[] {
    if (this.current === 'FAULT') return NONE;
    const out: GroupStep[] = [{ kind: 'log', line: `VRRP_Group(${this.name}) Syncing instances to FAULT state` }];
    for (const m of this.members) {
      if (m !== member && m.state !== 'FAULT') out.push({ kind: 'member', member: m, actions: m.syncFault(now) });
    }
    return this.enter('FAULT', out);
  }

  private enter(state: 'MASTER' | 'BACKUP' | 'FAULT', out: GroupStep[]): GroupStep[] {
    this.current = state;
    out.push(...groupNotifies(this.name, state));
    return out;
  }
}
