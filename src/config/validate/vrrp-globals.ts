// The global_defs settings the VRRP completion pass inherits from, with keepalived's fallbacks for the ones that
// default to other global settings (lower-priority GARPs follow the master GARP settings).
import type { BuildContext } from '../parser/build-context';

export interface VrrpGlobals {
  vrrpVersion: 2 | 3;
  vrrpStrict: boolean;
  vrrpGarpMasterDelayUs: number;
  vrrpGarpMasterRepeat: number;
  vrrpGarpMasterRefreshUs: number;
  vrrpGarpMasterRefreshRepeat: number;
  vrrpGarpLowerPrioDelayUs: number;
  vrrpGarpLowerPrioRepeat: number;
  vrrpDownTimerAdverts: number;
  vrrpLowerPrioNoAdvert: boolean;
  vrrpHigherPrioSendAdvert: boolean;
  vrrpSkipCheckAdvAddr: boolean;
  vrrpMcastGroup4: string;
  vrrpMcastGroup6: string;
  /** undefined: unset (keepalived's -1). */
  smtpAlert: boolean | undefined;
  smtpAlertVrrp: boolean | undefined;
  vrrpNotifyPriorityChanges: boolean;
  vrrpGarpExtraIfUs: number;
  vrrpGarpExtraIfAll: boolean;
  linkbeatUsePolling: boolean;
}

export function vrrpGlobals(ctx: BuildContext): VrrpGlobals {
  const g = ctx.config.globalDefs;
  return {
    vrrpVersion: g.vrrpVersion === 3 ? 3 : 2,
    vrrpStrict: g.vrrpStrict,
    vrrpGarpMasterDelayUs: g.vrrpGarpMasterDelayUs,
    vrrpGarpMasterRepeat: g.vrrpGarpMasterRepeat,
    vrrpGarpMasterRefreshUs: g.vrrpGarpMasterRefreshUs,
    vrrpGarpMasterRefreshRepeat: g.vrrpGarpMasterRefreshRepeat,
    vrrpGarpLowerPrioDelayUs: g.vrrpGarpLowerPrioDelayUs ?? g.vrrpGarpMasterDelayUs,
    vrrpGarpLowerPrioRepeat: g.vrrpGarpLowerPrioRepeat ?? g.vrrpGarpMasterRepeat,
    vrrpDownTimerAdverts: g.vrrpDownTimerAdverts,
    vrrpLowerPrioNoAdvert: g.vrrpLowerPrioNoAdvert,
    vrrpHigherPrioSendAdvert: g.vrrpHigherPrioSendAdvert,
    vrrpSkipCheckAdvAddr: g.vrrpSkipCheckAdvAddr,
    vrrpMcastGroup4: g.vrrpMcastGroup4,
    vrrpMcastGroup6: g.vrrpMcastGroup6,
    smtpAlert: g.smtpAlert,
    smtpAlertVrrp: g.smtpAlertVrrp,
    vrrpNotifyPriorityChanges: g.vrrpNotifyPriorityChanges,
    vrrpGarpExtraIfUs: g.vrrpGarpExtraIfUs,
    vrrpGarpExtraIfAll: g.vrrpGarpExtraIfAll,
    linkbeatUsePolling: ctx.config.topLevel.linkbeatUsePolling,
  };
}
