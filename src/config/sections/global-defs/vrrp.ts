// global_defs VRRP defaults (multicast groups, version, GARP/NA timing, advert behaviour, receive buffers, VMAC
// prefixes) and interface settings (dynamic_interfaces, default_interface, disable_local_igmp).
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { parseIp } from '../../values/ip-text';
import { readDecimalUnsignedWord } from '../../values/read-decimal';
import { TIMER_HZ, readIntWord, readUnsignedWord } from '../../values/read-number';
import { flag, optionalBool, type KeywordSpec } from './flags';

const UINT_MAX = 4294967295;
const INT_MAX = 2147483647;
const MAX_SECS = Math.floor(UINT_MAX / TIMER_HZ);
/** keepalived's TIMER_HZ_DIGITS: seconds read with microsecond resolution. */
const US_DIGITS = 6;
const IGMP_LINK_LOCAL = '/proc/sys/net/ipv4/igmp_link_local_mcast_reports';

// keepalived's built-in GARP settings, which vrrp_min_garp replaces only while they are untouched.
const GARP_DELAY_US = 5 * TIMER_HZ;
const GARP_REPEAT = 5;
const GARP_REFRESH_US = 0;
const GARP_REFRESH_REPEAT = 1;

function mcastGroup(ctx: BuildContext, a: KeywordArgs, v6: boolean): void {
  const g = ctx.config.globalDefs;
  const key = v6 ? 'vrrp_mcast_group6' : 'vrrp_mcast_group4';
  const word = a.word(1);
  const ip = parseIp(word);
  if (ip === undefined) return a.error(ConfigErr.GeneralError, `Can't parse ${key} [${word}]. Skipping`);
  if ((ip.family === 'inet6') !== v6) return a.error(ConfigErr.GeneralError, `${key} [${word}] is not IPv${v6 ? 6 : 4}. Skipping`);
  const first = ip.bytes[0] as number;
  const multicast = v6 ? first === 0xff : first >= 224 && first <= 239;
  if (!multicast) return a.error(ConfigErr.GeneralError, `${key} [${word}] is not multicast. Skipping`);
  if (v6) {
    // Reported, but the group is still used.
    if (((ip.bytes[1] as number) & 0x0f) !== 2) a.error(ConfigErr.GeneralError, `${key} [${word}] should be link-local multicast.`);
    g.vrrpMcastGroup6 = ip.text;
  } else g.vrrpMcastGroup4 = ip.text;
}

/** A repeat count where keepalived turns 0 into 1 (reporting it). */
function repeatCount(a: KeywordArgs, key: string, set: (n: number) => void): void {
  const n = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
  if (n === undefined) return a.error(ConfigErr.GeneralError, `${key} '${a.word(1)}' invalid - ignoring`);
  if (n === 0) a.error(ConfigErr.GeneralError, `${key} must be greater than 0, setting to 1`);
  set(n === 0 ? 1 : n);
}

/** A GARP/NA spacing: seconds with microsecond resolution, at least 1 µs. */
function spacing(a: KeywordArgs, key: string, set: (us: number) => void): void {
  const us = readDecimalUnsignedWord(a, a.word(1), 1, UINT_MAX, US_DIGITS, true);
  if (us === undefined) return a.error(ConfigErr.GeneralError, `${key} '${a.word(1)}' is invalid`);
  set(us);
}

function garpExtraIf(ctx: BuildContext, a: KeywordArgs): void {
  const g = ctx.config.globalDefs;
  const key = a.keyword;
  if (key === 'vrrp_vmac_garp_intvl') {
    a.error(ConfigErr.GeneralError, 'Keyword "vrrp_vmac_garp_intvl" is deprecated - please use "vrrp_garp_extra_if"');
  }
  let secs = 0;
  for (let i = 1; i < a.count; i++) {
    if (a.word(i) === 'all') {
      // Kept even if the line is rejected below, as keepalived sets it at once.
      g.vrrpGarpExtraIfAll = true;
      continue;
    }
    const n = readUnsignedWord(a, a.word(i), 1, 86400, true);
    if (n === undefined) return a.error(ConfigErr.GeneralError, `${key} '${a.word(i)}' invalid - ignoring`);
    secs = n;
  }
  if (secs === 0) return a.error(ConfigErr.GeneralError, `${key} specified without time - ignoring`);
  g.vrrpGarpExtraIfUs = secs * TIMER_HZ;
}

function rxBufsPolicy(ctx: BuildContext, a: KeywordArgs): void {
  const policy = ctx.config.globalDefs.vrrpRxBufsPolicy;
  if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'vrrp_rx_bufs_policy missing');
  for (let i = 1; i < a.count; i++) {
    const word = a.word(i).toUpperCase();
    if (word === 'MTU') policy.mtu = true;
    else if (word === 'ADVERT') policy.advert = true;
    else {
      // keepalived reads the size from the first word whichever word is not a policy name.
      const size = readUnsignedWord(a, a.word(1), 0, UINT_MAX);
      if (size === undefined) a.error(ConfigErr.GeneralError, `Invalid vrrp_rx_bufs_policy ${a.word(i)}`);
      else policy.size = size;
    }
  }
  if (policy.size !== undefined && (policy.mtu || policy.advert)) {
    a.error(ConfigErr.GeneralError, 'Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy');
    policy.mtu = false;
    policy.advert = false;
  } else if (policy.mtu && policy.advert) {
    a.error(ConfigErr.GeneralError, 'Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT');
    policy.advert = false;
  }
}

export function vrrpDefaultKeywords(ctx: BuildContext): KeywordSpec[] {
  const g = ctx.config.globalDefs;
  return [
    { name: 'vrrp_mcast_group4', handler: (a) => mcastGroup(ctx, a, false) },
    { name: 'vrrp_mcast_group6', handler: (a) => mcastGroup(ctx, a, true) },
    {
      name: 'vrrp_garp_master_delay',
      handler: (a) => {
        const secs = readUnsignedWord(a, a.word(1), 0, MAX_SECS, true);
        if (secs === undefined) return a.error(ConfigErr.GeneralError, `vrrp_garp_master_delay '${a.word(1)}' invalid - ignoring`);
        g.vrrpGarpMasterDelayUs = secs * TIMER_HZ;
      },
    },
    { name: 'vrrp_garp_master_repeat', handler: (a) => repeatCount(a, 'vrrp_garp_master_repeat', (n) => (g.vrrpGarpMasterRepeat = n)) },
    {
      name: 'vrrp_garp_master_refresh',
      handler: (a) => {
        // An invalid value turns refreshing off.
        const secs = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
        if (secs === undefined) a.error(ConfigErr.GeneralError, `Invalid vrrp_garp_master_refresh '${a.word(1)}' - ignoring`);
        g.vrrpGarpMasterRefreshUs = (secs ?? 0) * TIMER_HZ;
      },
    },
    {
      name: 'vrrp_garp_master_refresh_repeat',
      handler: (a) => repeatCount(a, 'vrrp_garp_master_refresh_repeat', (n) => (g.vrrpGarpMasterRefreshRepeat = n)),
    },
    {
      name: 'vrrp_garp_lower_prio_delay',
      handler: (a) => {
        const secs = readUnsignedWord(a, a.word(1), 0, MAX_SECS, true);
        if (secs === undefined) return a.error(ConfigErr.GeneralError, `vrrp_garp_lower_prio_delay '${a.word(1)}' invalid - ignoring`);
        g.vrrpGarpLowerPrioDelayUs = secs * TIMER_HZ;
      },
    },
    {
      name: 'vrrp_garp_lower_prio_repeat',
      handler: (a) => {
        const n = readUnsignedWord(a, a.word(1), 0, INT_MAX, true);
        if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid vrrp_garp_lower_prio_repeat '${a.word(1)}'`);
        g.vrrpGarpLowerPrioRepeat = n;
      },
    },
    {
      name: 'vrrp_down_timer_adverts',
      handler: (a) => {
        const n = readUnsignedWord(a, a.word(1), 1, 100, true);
        if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid vrrp_down_timer_adverts [1:100] '${a.word(1)}'`);
        g.vrrpDownTimerAdverts = n;
      },
    },
    { name: 'vrrp_garp_interval', handler: (a) => spacing(a, 'vrrp_garp_interval', (us) => (g.vrrpGarpIntervalUs = us)) },
    { name: 'vrrp_gna_interval', handler: (a) => spacing(a, 'vrrp_gna_interval', (us) => (g.vrrpGnaIntervalUs = us)) },
    optionalBool(
      'vrrp_min_garp',
      (on) => {
        if (!on) return;
        g.vrrpMinGarp = true;
        // One GARP/NA burst of one message, leaving alone anything already configured.
        if (g.vrrpGarpMasterRepeat === GARP_REPEAT) g.vrrpGarpMasterRepeat = 1;
        if (g.vrrpGarpMasterRefreshUs === GARP_REFRESH_US) g.vrrpGarpMasterRefreshUs = 0;
        if (g.vrrpGarpMasterRefreshRepeat === GARP_REFRESH_REPEAT) g.vrrpGarpMasterRefreshRepeat = 0;
        if (g.vrrpGarpMasterDelayUs === GARP_DELAY_US) g.vrrpGarpMasterDelayUs = 0;
      },
      'plain',
    ),
    { name: 'vrrp_garp_extra_if', aliases: ['vrrp_vmac_garp_intvl'], handler: (a) => garpExtraIf(ctx, a) },
    optionalBool('vrrp_lower_prio_no_advert', (v) => (g.vrrpLowerPrioNoAdvert = v), 'plain'),
    optionalBool('vrrp_higher_prio_send_advert', (v) => (g.vrrpHigherPrioSendAdvert = v), 'plain'),
    {
      name: 'vrrp_version',
      handler: (a) => {
        const v = readIntWord(a, a.word(1), 2, 3, true);
        if (v === undefined) return a.error(ConfigErr.GeneralError, 'VRRP Error: Version must be either 2 or 3');
        g.vrrpVersion = v;
      },
    },
    flag('vrrp_check_unicast_src', () => (g.vrrpCheckUnicastSrc = true)),
    flag('vrrp_skip_check_adv_addr', () => (g.vrrpSkipCheckAdvAddr = true)),
    flag('vrrp_strict', () => (g.vrrpStrict = true)),
    {
      name: 'vrrp_startup_delay',
      handler: (a) => {
        const us = readDecimalUnsignedWord(a, a.word(1), TIMER_HZ / 1000, UINT_MAX, US_DIGITS, true);
        if (us === undefined) return a.error(ConfigErr.GeneralError, `vrrp_startup_delay '${a.word(1)}' is invalid`);
        g.vrrpStartupDelayUs = us;
      },
    },
    flag('log_unknown_vrids', () => (g.logUnknownVrids = true)),
    {
      name: 'vmac_prefix',
      handler: (a) => {
        if (g.vmacPrefix !== undefined) {
          return a.error(ConfigErr.GeneralError, `vmac prefix has already been specified - ignoring ${a.word(1)}`);
        }
        g.vmacPrefix = a.word(1);
      },
    },
    {
      name: 'vmac_addr_prefix',
      handler: (a) => {
        if (g.vmacAddrPrefix !== undefined) {
          return a.error(ConfigErr.GeneralError, `vmac_addr prefix has already been specified - ignoring ${a.word(1)}`);
        }
        g.vmacAddrPrefix = a.word(1);
      },
    },
    { name: 'vrrp_rx_bufs_policy', handler: (a) => rxBufsPolicy(ctx, a) },
    {
      name: 'vrrp_rx_bufs_multiplier',
      handler: (a) => {
        if (a.count !== 2) return a.error(ConfigErr.GeneralError, 'Invalid vrrp_rx_bufs_multiplier');
        const n = readUnsignedWord(a, a.word(1), 1, UINT_MAX);
        if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid vrrp_rx_bufs_multiplier ${a.word(1)}`);
        g.vrrpRxBufsMultiplier = n;
      },
    },
    {
      name: 'dynamic_interfaces',
      handler: (a) => {
        g.dynamicInterfaces = true;
        if (!a.has(1)) return;
        if (a.word(1) === 'allow_if_changes') g.allowIfChanges = true;
        else a.error(ConfigErr.GeneralError, `Unknown dynamic_interfaces option '${a.word(1)}'`);
      },
    },
    {
      name: 'default_interface',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'default_interface requires interface name');
        g.defaultInterface = a.word(1);
      },
    },
    {
      name: 'disable_local_igmp',
      handler: (a) => {
        if (ctx.system.stat(IGMP_LINK_LOCAL) === undefined) {
          return a.error(ConfigErr.GeneralError, `kernel does not support ${IGMP_LINK_LOCAL}`);
        }
        g.disableLocalIgmp = true;
      },
    },
  ];
}
