// What a member instance asks its vrrp_sync_group while it runs its own transitions (keepalived's vrrp->sync).
// The group core (src/vrrp/sync-group) implements it; an instance without a group has no gate.
import type { InstanceState } from './actions';

/** A sync group's state: a member state, or INIT while some member still waits for its track scripts. */
export type GroupState = InstanceState;

export interface SyncGate {
  /** The group's state (it changes only after the group has moved its members). */
  readonly state: GroupState;
  /** Some member still waits for the first result of a track script (keepalived's num_member_init). */
  readonly waiting: boolean;
  /**
   * vrrp_sync_can_goto_master: true when the group is MASTER already, or every other member wants MASTER.
   * A member held back re-arms its down timer and stays BACKUP.
   */
  canGotoMaster(member: object): boolean;
  /** try_up_instance: a member whose own faults cleared leaves FAULT only if no other member is faulted. */
  canLeaveFault(member: object): boolean;
}
