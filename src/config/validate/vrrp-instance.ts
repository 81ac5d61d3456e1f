// One instance through keepalived 2.2.7's vrrp_complete_instance(), as far as `-t` runs it: defaults derived from
// other settings and from global_defs, strict-mode overrides, conflicting settings cleared, and the refusals that
// stop the whole VRRP check (returns false). Messages and their order are keepalived's.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { VrrpInstance, VrrpState, VrrpSyncGroup } from '../model/vrrp';
import { instanceDraft } from '../sections/vrrp-draft';
import { isIpv6LinkLocal } from '../sections/vrrp-inet';
import { parseIp } from '../values/ip-text';
import { addressWordOf } from '../values/ip-address';
import { TIMER_HZ } from '../values/read-number';
import type { VrrpGlobals } from './vrrp-globals';
import { DEFAULT_MTU, interfaceFacts } from './vrrp-interfaces';

const TIMER_CENTI_HZ = 10_000;
const OWNER = 255;
const DEFAULT_PRIORITY = 100;
const DOWN_TIMER_ADVERTS = 3;
/** Ethernet + IPv4/IPv6 + VRRP headers, the v2 authentication field and the AH header (keepalived's sizes). */
const ETHER_HDR = 14;
const IPV4_HDR = 20;
const IPV6_HDR = 40;
const VRRP_HDR = 8;
const VRRP_AUTH_LEN = 8;
const AH_HDR = 24;
const VRRP_MAX_ADDR = 255;

/** printf("%f") / ("%.2f") of a number of seconds. */
const fixed = (us: number, digits: number): string => (us / TIMER_HZ).toFixed(digits);

export function completeInstance(
  ctx: BuildContext,
  vrrp: VrrpInstance,
  globals: VrrpGlobals,
  sync: VrrpSyncGroup | undefined,
): boolean {
  const d = instanceDraft(vrrp);
  const name = vrrp.name;
  const error = (message: string): void => ctx.diags.error(ConfigErr.GeneralError, undefined, message);
  const strict = d.strictMode ?? globals.vrrpStrict;
  vrrp.strictMode = strict;

  let version = d.version;
  if (d.family === 'inet6') {
    if (version === 2 && strict) {
      error(`(${name}) cannot use IPv6 with VRRP version 2; setting version 3`);
      version = 3;
    } else if (version === undefined) version = 3;
  }
  const family = d.family ?? 'inet';
  vrrp.family = family;
  vrrp.version = version ?? (family === 'inet6' ? 3 : globals.vrrpVersion);
  let ttl = d.ttl;
  if (family === 'inet' && ttl === undefined) ttl = 255;
  vrrp.unicastTtl = ttl;

  if (vrrp.virtualIpaddress.length === 0) {
    if (vrrp.version === 3 || strict) {
      error(`(${name}) No VIP specified; at least one is required`);
      return false;
    }
    error(`(${name}) No VIP specified; at least one is sensible`);
  }

  let state = d.wantState;
  const priority = d.priority ?? (state === 'MASTER' ? OWNER : DEFAULT_PRIORITY);
  vrrp.priority = priority;
  if (state === undefined) state = priority === OWNER ? 'MASTER' : 'BACKUP';
  else if (strict && (state === 'MASTER') !== (priority === OWNER)) {
    error(`(${name}) State MASTER must match being address owner`);
    state = priority === OWNER ? 'MASTER' : 'BACKUP';
  }

  vrrp.state = completeAuthentication(vrrp, strict, state, error);

  // 2.2.7 tests "unicast peers in strict mode" before it has decided the instance is unicast, so that refusal never
  // fires; and chk_min_cfg() has already refused every instance without an interface.
  if (d.unicastConfigured) {
    if (vrrp.unicastPeer.length > 0) vrrp.unicast = true;
    else if (vrrp.unicastFaultNoPeer) vrrp.configFaults.push('Cannot use unicast without any peers');
    else {
      // CONFIG_DEPRECATED in keepalived: the same exit code as a general error.
      error(
        `(${name}) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.`,
      );
    }
  }

  vrrp.skipCheckAdvAddr = d.skipCheckAdvAddr || globals.vrrpSkipCheckAdvAddr;
  const facts = vrrp.interface === undefined ? undefined : interfaceFacts(ctx.system, vrrp.interface);
  if (vrrp.useVmac !== undefined) {
    if (strict && vrrp.useVmac.mac !== undefined) {
      error(`(${name}): cannot specify MAC address with strict mode - clearing`);
      vrrp.useVmac.mac = undefined;
      vrrp.useVmac.macUsesVrid = false;
    }
    if (vrrp.useVmac.mac !== undefined && vrrp.useVmac.macUsesVrid) {
      vrrp.useVmac.mac = `${vrrp.useVmac.mac}:${vrrp.virtualRouterId.toString(16).padStart(2, '0')}`;
    }
  }
  if ((vrrp.useVmac !== undefined || vrrp.useIpvlan !== undefined) && facts !== undefined && !facts.ethernet) {
    // keepalived clears every flag of the instance here, not just the VMAC ones.
    vrrp.useVmac = undefined;
    vrrp.useIpvlan = undefined;
    vrrp.unicast = false;
    vrrp.nopreempt = false;
    vrrp.dontTrackPrimary = false;
    vrrp.trackSrcIp = false;
    vrrp.checkUnicastSrc = false;
    vrrp.promoteSecondaries = false;
    vrrp.useVmacAddr = false;
    vrrp.vmacXmitBase = false;
    d.saddrFromConfig = false;
    vrrp.skipCheckAdvAddr = false;
    error(`(${name}): vmacs are only supported on Ethernet type interfaces`);
    vrrp.configFaults.push('vmacs are only supported on Ethernet type interfaces');
  }
  if (facts !== undefined && !facts.multicast && !vrrp.unicast) {
    error(`(${name}) interface ${vrrp.interface} does not support multicast, specify unicast peers - disabling`);
    vrrp.configFaults.push(`interface ${vrrp.interface} does not support multicast`);
  }

  const firstVip = vrrp.virtualIpaddress[0];
  if (family === 'inet6' && !vrrp.unicast && firstVip !== undefined) {
    const bytes = parseIp(firstVip.address)?.bytes ?? [];
    if (!isIpv6LinkLocal(bytes)) {
      if (strict) error(`(${name}) the first IPv6 VIP address must be link local`);
      else ctx.diags.warning(undefined, `(${name}) the first IPv6 VIP address should be link local`);
    }
  }

  if (vrrp.vrf !== undefined && (vrrp.interface !== undefined || !vrrp.unicast)) {
    error(
      `(${name}) vrf can only be specified with${vrrp.interface !== undefined ? 'out interface' : ' unicast'} - clearing`,
    );
    vrrp.vrf = undefined;
  }

  moveExcessVips(ctx, vrrp, facts === undefined ? undefined : facts.mtu, vrrp.authentication?.authType === 'AH');

  if (priority === OWNER && vrrp.nopreempt) {
    error(`(${name}) nopreempt is incompatible with priority ${OWNER}. resetting nopreempt`);
    vrrp.nopreempt = false;
  }
  if (state === 'MASTER') {
    if (vrrp.nopreempt) {
      error(`(${name}) Warning - nopreempt will not work with initial state MASTER - clearing`);
      vrrp.nopreempt = false;
    }
    if (vrrp.preemptDelayUs) {
      error(`(${name}) Warning - preempt delay will not work with initial state MASTER - clearing`);
      vrrp.preemptDelayUs = 0;
    }
  }
  if (vrrp.preemptDelayUs) {
    if (strict) {
      error(`(${name}) preempt_delay is incompatible with strict mode - resetting`);
      vrrp.preemptDelayUs = 0;
    }
    if (vrrp.nopreempt) {
      error(`(${name}) preempt_delay is incompatible with nopreempt mode - resetting`);
      vrrp.preemptDelayUs = 0;
    }
  }

  vrrp.downTimerAdverts = d.downTimerAdverts ?? globals.vrrpDownTimerAdverts;
  if (vrrp.downTimerAdverts !== DOWN_TIMER_ADVERTS && strict) {
    error(`(${name}) down_timer_adverts is incompatible with strict mode - resetting`);
    vrrp.downTimerAdverts = DOWN_TIMER_ADVERTS;
  }

  let accept = d.accept ?? (priority === OWNER ? true : !strict);
  if (accept && priority !== OWNER && strict && vrrp.version === 2) {
    error(`(${name}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting`);
    accept = false;
  }
  vrrp.accept = accept;

  if (!vrrp.unicast && vrrp.mcastDstIp === undefined) {
    vrrp.mcastDstIp = family === 'inet' ? globals.vrrpMcastGroup4 : globals.vrrpMcastGroup6;
  } else if (vrrp.unicast && vrrp.mcastDstIp !== undefined) {
    error(`(${name}) multicast destination specified with unicast - ignoring`);
    vrrp.mcastDstIp = undefined;
  }

  completeGarp(vrrp, globals, strict, error);
  vrrp.smtpAlert = d.smtpAlert ?? globals.smtpAlertVrrp ?? globals.smtpAlert ?? false;
  vrrp.notifyPriorityChanges =
    d.notifyPriorityChanges ?? sync?.notifyPriorityChanges ?? globals.vrrpNotifyPriorityChanges;
  completeAdvertInterval(vrrp, error);

  vrrp.linkbeatUsePolling = vrrp.interface !== undefined && (vrrp.linkbeatUsePolling || globals.linkbeatUsePolling);
  if (!d.saddrFromConfig) vrrp.trackSrcIp = false;

  completeVmac(ctx, vrrp, strict, error);

  if (vrrp.interface !== undefined) {
    vrrp.trackInterface = vrrp.trackInterface.filter((t) => {
      if (t.name !== vrrp.interface) return true;
      error(`(${name}) Ignoring track_interface ${t.name} since own interface`);
      return false;
    });
  }
  if (vrrp.vmacXmitBase && vrrp.useVmac === undefined) {
    error(`(${name}) vmac_xmit_base is only valid with a vmac`);
    vrrp.vmacXmitBase = false;
  }

  const extra = checkVipVmacUse(vrrp, error);
  const garpExtraUs = d.garpExtraIfUs ?? globals.vrrpGarpExtraIfUs;
  // Without an instance setting the global one applies; a bare `garp_extra_if all` still sets the flag.
  const garpExtraAll = d.garpExtraIfAll || (d.garpExtraIfUs === undefined && globals.vrrpGarpExtraIfAll);
  const keepExtra = garpExtraUs !== 0 && !((!extra.otherIf && !extra.vmac) || (!extra.vmac && !garpExtraAll));
  vrrp.garpExtraIf = keepExtra ? { intervalUs: garpExtraUs, all: garpExtraAll } : undefined;

  if (vrrp.virtualIpaddress.length === 0) {
    if (vrrp.version === 3 || family === 'inet6' || strict) {
      error(`(${name}) No VIP specified; at least one is required`);
      return false;
    }
    // CONFIG_WARNING in keepalived: it still counts against the configuration.
    error(`(${name}) No VIP specified; at least one is sensible`);
  }

  dropWeightedTrackers(vrrp, sync, error);
  return true;
}

/** Authentication only exists for VRRPv2 outside strict mode; AH also refuses IPv6 and an initial MASTER. */
function completeAuthentication(
  vrrp: VrrpInstance,
  strict: boolean,
  state: VrrpState,
  error: (m: string) => void,
): VrrpState {
  const d = instanceDraft(vrrp);
  const name = vrrp.name;
  let authType = d.authType;
  if (authType !== undefined) {
    if (strict) {
      error(`(${name}) Strict mode does not support authentication. Ignoring.`);
      authType = undefined;
    } else if (vrrp.version === 3) {
      error(`(${name}) VRRP version 3 does not support authentication. Ignoring.`);
      authType = undefined;
    } else if (d.authPass === '' || d.authPass.startsWith('\0')) {
      error(`(${name}) Authentication specified but no password given. Ignoring`);
      authType = undefined;
    } else if (vrrp.family === 'inet6' && authType === 'AH') {
      error(`(${name}) Cannot use AH authentication with IPv6. ignoring`);
      authType = undefined;
    } else if (authType === 'AH' && state === 'MASTER' && vrrp.priority !== OWNER) {
      // An AH sequence number has to be learnt from an advert before taking over.
      error(`(${name}) Initial state master is incompatible with AH authentication - clearing`);
      state = 'BACKUP';
    }
  }
  vrrp.authentication = authType === undefined ? undefined : { authType, authPass: d.authPass };
  return state;
}

/** The VIPs beyond what one advert can carry become eVIPs (keepalived reports it, and still runs). */
function moveExcessVips(ctx: BuildContext, vrrp: VrrpInstance, mtu: number | undefined, ah: boolean): void {
  let max: number;
  // A dynamic interface that does not exist yet has MTU 0, which keepalived's unsigned arithmetic makes unlimited.
  if (mtu === undefined && vrrp.interface !== undefined) max = VRRP_MAX_ADDR;
  else if (vrrp.family === 'inet') {
    const hdr = ETHER_HDR + IPV4_HDR + VRRP_HDR + (vrrp.version === 2 ? VRRP_AUTH_LEN + (ah ? AH_HDR : 0) : 0);
    max = Math.floor(((mtu ?? DEFAULT_MTU) - hdr) / 4);
  } else max = Math.floor(((mtu ?? DEFAULT_MTU) - (ETHER_HDR + IPV6_HDR + VRRP_HDR)) / 16);
  max = Math.min(Math.max(max, 0), VRRP_MAX_ADDR);
  const count = vrrp.virtualIpaddress.length;
  if (count > 0 && count > max) {
    ctx.diags.error(
      ConfigErr.GeneralError,
      undefined,
      `(${vrrp.name}) Number of VIPs (${count}) exceeds maximum/space available in packet (max ${max} addresses) - excess moved to eVIPs`,
    );
    // A loop, not a spread: a ~SEQ-generated instance can have more VIPs than a call has room for arguments.
    for (const vip of vrrp.virtualIpaddress.splice(max)) vrrp.virtualIpaddressExcluded.push(vip);
  }
}

function completeGarp(vrrp: VrrpInstance, g: VrrpGlobals, strict: boolean, error: (m: string) => void): void {
  const d = instanceDraft(vrrp);
  const name = vrrp.name;
  vrrp.garpMasterDelayUs = d.garpMasterDelayUs ?? g.vrrpGarpMasterDelayUs;
  vrrp.garpMasterRepeat = d.garpMasterRepeat ?? g.vrrpGarpMasterRepeat;
  vrrp.garpMasterRefreshUs = d.garpMasterRefreshUs ?? g.vrrpGarpMasterRefreshUs;
  vrrp.garpMasterRefreshRepeat = d.garpMasterRefreshRepeat ?? g.vrrpGarpMasterRefreshRepeat;

  if (d.garpLowerPrioRepeat === undefined) vrrp.garpLowerPrioRepeat = strict ? 0 : g.vrrpGarpLowerPrioRepeat;
  else if (strict && d.garpLowerPrioRepeat) {
    error(`(${name}) Strict mode requires no repeat garps. resetting`);
    vrrp.garpLowerPrioRepeat = 0;
  } else vrrp.garpLowerPrioRepeat = d.garpLowerPrioRepeat;

  if (d.garpLowerPrioDelayUs === undefined) vrrp.garpLowerPrioDelayUs = strict ? 0 : g.vrrpGarpLowerPrioDelayUs;
  else if (strict && d.garpLowerPrioDelayUs) {
    error(`(${name}) Strict mode requires no repeat garp delay. resetting`);
    vrrp.garpLowerPrioDelayUs = 0;
  } else vrrp.garpLowerPrioDelayUs = d.garpLowerPrioDelayUs;

  if (d.lowerPrioNoAdvert === undefined) vrrp.lowerPrioNoAdvert = strict ? true : g.vrrpLowerPrioNoAdvert;
  else if (strict && !d.lowerPrioNoAdvert) {
    error(`(${name}) Strict mode requires no lower priority advert. resetting`);
    vrrp.lowerPrioNoAdvert = true;
  } else vrrp.lowerPrioNoAdvert = d.lowerPrioNoAdvert;

  if (d.higherPrioSendAdvert === undefined) vrrp.higherPrioSendAdvert = strict ? false : g.vrrpHigherPrioSendAdvert;
  else if (strict && d.higherPrioSendAdvert) {
    error(`(${name}) strict mode requires higher_prio_send_advert to be clear. resetting`);
    vrrp.higherPrioSendAdvert = false;
  } else vrrp.higherPrioSendAdvert = d.higherPrioSendAdvert;
}

/** VRRPv2 carries whole seconds (< 256), VRRPv3 centiseconds (< 4096): keepalived rounds half up. */
function completeAdvertInterval(vrrp: VrrpInstance, error: (m: string) => void): void {
  const name = vrrp.name;
  let us = vrrp.advertIntUs || TIMER_HZ;
  if (vrrp.version === 2) {
    if (us >= 256 * TIMER_HZ) {
      error(
        `(${name}) VRRPv2 advertisement interval ${fixed(us, 2)}s is out of range. Must be less than 256s. Setting to 255s`,
      );
      us = 255 * TIMER_HZ;
    } else if (us % TIMER_HZ) {
      error(`(${name}) VRRPv2 advertisement interval ${fixed(us, 6)}s must be an integer. rounding`);
      us += TIMER_HZ / 2;
      us -= us % TIMER_HZ;
      if (us === 0) us = TIMER_HZ;
    }
  } else if (us >= 4096 * TIMER_CENTI_HZ) {
    error(
      `(${name}) VRRPv3 advertisement interval ${fixed(us, 2)}s is out of range. Must be less than 40.96s. Setting to 40.95s`,
    );
    us = 4095 * TIMER_CENTI_HZ;
  } else if (us % TIMER_CENTI_HZ) {
    error(`(${name}) VRRPv3 advertisement interval ${fixed(us, 6)}s must be in units of 10ms - rounding`);
    us += TIMER_CENTI_HZ / 2;
    us -= us % TIMER_CENTI_HZ;
    if (us === 0) us = TIMER_CENTI_HZ;
  }
  vrrp.advertIntUs = us;
}

/** VMAC/ipvlan settings: a default interface name, strict-mode and promote_secondaries conflicts, ipvlan addresses. */
function completeVmac(ctx: BuildContext, vrrp: VrrpInstance, strict: boolean, error: (m: string) => void): void {
  const name = vrrp.name;
  const link = vrrp.useVmac ?? vrrp.useIpvlan;
  if (link !== undefined) {
    if (link.name === undefined) link.name = vmacName(ctx, vrrp);
    if (vrrp.useVmac !== undefined && strict && vrrp.vmacXmitBase) {
      error(`(${name}) xmit_base is incompatible with strict mode - resetting`);
      vrrp.vmacXmitBase = false;
    }
    if (vrrp.promoteSecondaries) {
      error(`(${name}) promote_secondaries is automatically set for vmacs - ignoring`);
      vrrp.promoteSecondaries = false;
    }
  }
  const ipvlan = vrrp.useIpvlan;
  if (ipvlan !== undefined) {
    if (vrrp.family === 'inet' && ipvlan.address === undefined) {
      error(`(${name}) IPv4 ipvlan requires a source ip address to be configured. setting instance to fault state`);
      vrrp.configFaults.push('IPv4 ipvlan requires a source ip address');
    } else if (ipvlan.address !== undefined && (ipvlan.address.includes(':') ? 'inet6' : 'inet') !== vrrp.family) {
      error(`(${name}) IPv4 ipvlan address family does not match instance. setting instance to fault state`);
      vrrp.configFaults.push('ipvlan address family does not match instance');
    }
  }
}

/** keepalived's create_vmac_name(): `PREFIX.VRID`, else `PREFIX6.VRID` (IPv6), `PREFIX1.VRID`, … unused by anyone. */
function vmacName(ctx: BuildContext, vrrp: VrrpInstance): string {
  const prefix = ctx.config.globalDefs.vmacPrefix ?? 'vrrp';
  const claimed = (n: string): boolean =>
    ctx.config.vrrpInstances.some((o) => o.useVmac?.name === n || o.useIpvlan?.name === n);
  const taken = (n: string): boolean => claimed(n) || ctx.system.interfaceExists(n);
  const make = (num: number | ''): string => {
    const tail = `${num}.${vrrp.virtualRouterId}`;
    return `${prefix.slice(0, Math.max(0, 15 - tail.length))}${tail}`;
  };
  let num: number | '' = '';
  for (let guard = 0; guard < 1000; guard++) {
    const candidate = make(num);
    if (!taken(candidate)) return candidate;
    if (vrrp.family === 'inet6') num = num === '' ? 6 : num === 6 ? 1 : num + 1 === 6 ? 7 : num + 1;
    else num = num === '' ? 1 : num + 1;
  }
  return make(num);
}

/** use_vmac on a VIP, and whether VIPs live on interfaces other than the instance's (for garp_extra_if). */
function checkVipVmacUse(vrrp: VrrpInstance, error: (m: string) => void): { otherIf: boolean; vmac: boolean } {
  let otherIf = false;
  let vmac = false;
  for (const list of [vrrp.virtualIpaddress, vrrp.virtualIpaddressExcluded]) {
    for (const ip of list) {
      const onOwnIf = ip.dev === undefined || ip.dev === vrrp.interface;
      if (ip.useVmac) {
        ip.useVmac = false;
        if (onOwnIf && vrrp.useVmac !== undefined && ip.family === vrrp.family) {
          error(`(${vrrp.name}) use_vmac specified for VIP/eVIP ${addressWordOf(ip)} and vrrp instance`);
        } else if ((!onOwnIf || ip.family !== vrrp.family) && vrrp.useVmacAddr) {
          error(`(${vrrp.name}) use_vmac_addr specified and use_vmac specified for VIP/eVIP ${addressWordOf(ip)}`);
        } else ip.useVmac = true;
      }
      // Where keepalived puts the address: the instance's VMAC, a VMAC of its own, or a plain interface that is
      // not the one the instance sends on.
      const ownVmac = ip.useVmac || (onOwnIf ? vrrp.useVmacAddr && ip.family !== vrrp.family : vrrp.useVmacAddr);
      if (onOwnIf && vrrp.useVmac !== undefined && ip.family === vrrp.family) continue;
      if (ownVmac) vmac = true;
      else if (!onOwnIf || vrrp.useVmac !== undefined) otherIf = true;
    }
  }
  return { otherIf, vmac };
}

/**
 * Members of a sync group (without sync_group_tracking_weight) and address owners cannot have weighted trackers:
 * keepalived zeroes or drops them with a report.
 */
function dropWeightedTrackers(vrrp: VrrpInstance, sync: VrrpSyncGroup | undefined, error: (m: string) => void): void {
  const syncNoWeight = sync !== undefined && !sync.syncGroupTrackingWeight;
  if (!syncNoWeight && vrrp.priority !== OWNER) return;
  const why = syncNoWeight ? 'SYNC group' : 'address owner';
  const why2 = syncNoWeight ? 'SYNC group' : 'address_owner';
  const name = vrrp.name;
  vrrp.trackInterface = vrrp.trackInterface.filter((t) => {
    if (t.weight === 0) return true;
    error(`(${name}) ignoring ${t.name} tracked interface ${syncNoWeight ? 'weight ' : ''}due to ${why}`);
    t.weight = 0;
    return syncNoWeight;
  });
  vrrp.trackScript = vrrp.trackScript.filter((t) => {
    if (t.weight === 0) return true;
    error(`(${name}) ignoring tracked script ${t.name} with weights due to ${why2}`);
    return false;
  });
  vrrp.trackFile = vrrp.trackFile.filter((t) => {
    if (t.weight === 1) {
      error(`(${name}) ignoring weight from tracked file ${t.name} due to ${why2}. specify weight 0`);
      t.weight = 0;
      return true;
    }
    if (t.weight === 0) return true;
    error(`(${name}) ignoring tracked file ${t.name} with weight ${t.weight} due to ${why2}`);
    return false;
  });
  vrrp.trackBfd = vrrp.trackBfd.filter((t) => {
    if (t.weight === 0) return true;
    error(`(${name}) ignoring tracked bfd ${t.name} with weight ${t.weight} due to ${why2}`);
    return false;
  });
}
