// What keepalived remembers about an instance or sync group between parsing and its completion pass that the
// resolved model has no place for: "not set" markers (keepalived's 0 / -1 / PARAMETER_UNSET sentinels, which the
// completion pass replaces with defaults), flags that only steer validation, and the raw member list of a group.
import type { AddressFamily, VrrpInstance, VrrpState, VrrpSyncGroup } from '../model/vrrp';

export interface InstanceDraft {
  /** `state`, unset until given (keepalived's VRRP_STATE_INIT). */
  wantState: VrrpState | undefined;
  /** `priority`, unset until given (keepalived's 0). */
  priority: number | undefined;
  /** `version` or deduced (native_ipv6); undefined = from global vrrp_version. */
  version: 2 | 3 | undefined;
  /** Set by the first VIP, peer, source address, multicast group or ipvlan address. */
  family: AddressFamily | undefined;
  /** `unicast_ttl` (keepalived's -1 when unset). */
  ttl: number | undefined;
  accept: boolean | undefined;
  strictMode: boolean | undefined;
  lowerPrioNoAdvert: boolean | undefined;
  higherPrioSendAdvert: boolean | undefined;
  /** Instance overrides of the global GARP settings. */
  garpMasterDelayUs: number | undefined;
  garpMasterRepeat: number | undefined;
  garpMasterRefreshUs: number | undefined;
  garpMasterRefreshRepeat: number | undefined;
  garpLowerPrioDelayUs: number | undefined;
  garpLowerPrioRepeat: number | undefined;
  downTimerAdverts: number | undefined;
  garpExtraIfUs: number | undefined;
  garpExtraIfAll: boolean;
  smtpAlert: boolean | undefined;
  notifyPriorityChanges: boolean | undefined;
  /** The keyword gave a source address (mcast_src_ip / unicast_src_ip / ipvlan address). */
  saddrFromConfig: boolean;
  /** Family of the configured source address. */
  saddrFamily: AddressFamily | undefined;
  /** Any unicast keyword was given (unicast mode needs peers as well). */
  unicastConfigured: boolean;
  /** `skip_check_adv_addr` given (keepalived sets the flag whatever boolean follows). */
  skipCheckAdvAddr: boolean;
  /** `auth_type` / `auth_pass` as given; the completion pass decides whether authentication stays. */
  authType: 'PASS' | 'AH' | undefined;
  authPass: string;
}

export interface SyncGroupDraft {
  /** The `group` block as written; undefined until given (keepalived's iname vector). */
  members: string[] | undefined;
}

const instanceDrafts = new WeakMap<VrrpInstance, InstanceDraft>();
const groupDrafts = new WeakMap<VrrpSyncGroup, SyncGroupDraft>();

export function newInstanceDraft(): InstanceDraft {
  return {
    wantState: undefined,
    priority: undefined,
    version: undefined,
    family: undefined,
    ttl: undefined,
    accept: undefined,
    strictMode: undefined,
    lowerPrioNoAdvert: undefined,
    higherPrioSendAdvert: undefined,
    garpMasterDelayUs: undefined,
    garpMasterRepeat: undefined,
    garpMasterRefreshUs: undefined,
    garpMasterRefreshRepeat: undefined,
    garpLowerPrioDelayUs: undefined,
    garpLowerPrioRepeat: undefined,
    downTimerAdverts: undefined,
    garpExtraIfUs: undefined,
    garpExtraIfAll: false,
    smtpAlert: undefined,
    notifyPriorityChanges: undefined,
    saddrFromConfig: false,
    saddrFamily: undefined,
    unicastConfigured: false,
    skipCheckAdvAddr: false,
    authType: undefined,
    authPass: '',
  };
}

export function attachInstanceDraft(vrrp: VrrpInstance, draft: InstanceDraft): void {
  instanceDrafts.set(vrrp, draft);
}

/** The draft of an instance built by this parser; a fresh one for an instance built elsewhere (e.g. tests). */
export function instanceDraft(vrrp: VrrpInstance): InstanceDraft {
  let d = instanceDrafts.get(vrrp);
  if (d === undefined) {
    d = newInstanceDraft();
    instanceDrafts.set(vrrp, d);
  }
  return d;
}

export function syncGroupDraft(group: VrrpSyncGroup): SyncGroupDraft {
  let d = groupDrafts.get(group);
  if (d === undefined) {
    d = { members: undefined };
    groupDrafts.set(group, d);
  }
  return d;
}
