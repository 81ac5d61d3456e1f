// `vrrp_instance NAME { … }`: every keyword keepalived 2.2.7 installs for an instance (vrrp_parser.c), with its
// messages and error classes. Handlers write to the last instance in the list, as keepalived's do; settings whose
// default depends on other settings or on global_defs are left in the instance's draft for validateVrrp().
import { ConfigErr, type Position } from '../diagnostics';
import type { BlockEntry, KeywordArgs } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { keywordTable } from '../parser/keyword-tree';
import type { TrackedObject, VrrpInstance } from '../model/vrrp';
import { checkTrueFalse } from '../values/bool';
import { parseAddressEntry } from '../values/ip-address';
import { interfaceUsable } from '../values/ip-interfaces';
import { parseRouteEntry } from '../values/ip-route';
import { parseRuleEntry } from '../values/ip-rule';
import { readDecimalUnsignedWord } from '../values/read-decimal';
import { readIntWord, readUnsignedWord, TIMER_HZ } from '../values/read-number';
import { readScript } from '../values/script';
import { interfaceFacts } from '../validate/vrrp-interfaces';
import { attachInstanceDraft, instanceDraft, newInstanceDraft } from './vrrp-draft';
import { isVrrpMulticastGroup, parseInet } from './vrrp-inet';
import { addTracked, entryArgs, TrackKind } from './vrrp-tracking';
import { parseIpvlanWords, parseVmacWords } from './vrrp-vmac';

/** The kernel's IFNAMSIZ: names must be shorter. */
const IFNAMSIZ = 16;
const UINT_MAX = 4294967295;
const INT_MAX = 2147483647;
/** keepalived's TIMER_MAX_SEC (preempt_delay limit). */
const TIMER_MAX_SEC = 1000;

export function newVrrpInstance(name: string, pos: VrrpInstance['pos']): VrrpInstance {
  return {
    name,
    state: 'BACKUP',
    interface: undefined,
    vrf: undefined,
    virtualRouterId: 0,
    priority: 100,
    advertIntUs: TIMER_HZ,
    version: 2,
    family: 'inet',
    nativeIpv6: false,
    mcastSrcIp: undefined,
    unicastSrcIp: undefined,
    mcastDstIp: undefined,
    trackSrcIp: false,
    unicastPeer: [],
    unicast: false,
    unicastFaultNoPeer: false,
    unicastTtl: undefined,
    checkUnicastSrc: false,
    oldUnicastChecksum: undefined,
    dontTrackPrimary: false,
    useVmac: undefined,
    useVmacAddr: false,
    vmacXmitBase: false,
    useIpvlan: undefined,
    linkbeatUsePolling: false,
    kernelRxBufSize: undefined,
    debug: 0,
    trackInterface: [],
    trackScript: [],
    trackFile: [],
    trackProcess: [],
    trackBfd: [],
    virtualIpaddress: [],
    virtualIpaddressExcluded: [],
    virtualRoutes: [],
    virtualRules: [],
    promoteSecondaries: false,
    accept: true,
    nopreempt: false,
    preemptDelayUs: 0,
    skipCheckAdvAddr: false,
    strictMode: false,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    downTimerAdverts: 3,
    authentication: undefined,
    garpMasterDelayUs: 5 * TIMER_HZ,
    garpMasterRepeat: 5,
    garpMasterRefreshUs: 0,
    garpMasterRefreshRepeat: 1,
    garpLowerPrioDelayUs: 5 * TIMER_HZ,
    garpLowerPrioRepeat: 5,
    garpExtraIf: undefined,
    notifyMaster: undefined,
    notifyBackup: undefined,
    notifyFault: undefined,
    notifyStop: undefined,
    notifyDeleted: undefined,
    notify: undefined,
    notifyMasterRxLowerPri: undefined,
    smtpAlert: false,
    notifyPriorityChanges: false,
    lvsSyncDaemonInterface: undefined,
    syncGroup: undefined,
    configFaults: [],
    pos,
  };
}

type NotifyField = 'notifyMaster' | 'notifyBackup' | 'notifyFault' | 'notifyStop' | 'notify' | 'notifyMasterRxLowerPri';

export function vrrpInstanceKeywords(ctx: BuildContext): KeywordDef[] {
  // Handlers below the instance level write to the last instance, as keepalived's list_last_entry(); a block whose
  // instance was refused is skipped, so they only meet one when the file is very broken.
  let orphan: VrrpInstance | undefined;
  const last = (): VrrpInstance => {
    const list = ctx.config.vrrpInstances;
    return list[list.length - 1] ?? (orphan ??= newVrrpInstance('', { file: '', line: 0 }));
  };

  const onInstance = (a: KeywordArgs): void => {
    if (a.count !== 2) {
      a.error(ConfigErr.GeneralError, 'vrrp_instance must have a name');
      a.skipBlock();
      return;
    }
    const name = a.word(1);
    if (ctx.config.vrrpInstances.some((v) => v.name === name)) {
      a.error(ConfigErr.GeneralError, `vrrp instance ${name} already defined`);
      a.skipBlock();
      return;
    }
    const vrrp = newVrrpInstance(name, a.pos);
    attachInstanceDraft(vrrp, newInstanceDraft());
    ctx.config.vrrpInstances.push(vrrp);
  };

  /** vrrp_end_handler(): checks that need the whole block, reported at its `}`. */
  const onInstanceEnd = (end: Position | undefined): void => {
    const vrrp = last();
    const d = instanceDraft(vrrp);
    if (d.unicastConfigured && (vrrp.useVmac !== undefined || vrrp.useIpvlan !== undefined)) {
      if (vrrp.interface === undefined) {
        ctx.diags.error(
          ConfigErr.GeneralError,
          end,
          `(${vrrp.name}): Cannot use VMAC/ipvlan with unicast and no interface - clearing use_vmac`,
        );
        vrrp.useVmac = undefined;
        vrrp.useIpvlan = undefined;
      } else if (!vrrp.vmacXmitBase) {
        ctx.diags.error(
          ConfigErr.GeneralError,
          end,
          `(${vrrp.name}) unicast with use_vmac requires vmac_xmit_base - setting`,
        );
        vrrp.vmacXmitBase = true;
      }
    }
    if (vrrp.unicastPeer.length === 0 && d.ttl !== undefined) {
      ctx.diags.error(
        ConfigErr.GeneralError,
        end,
        `(${vrrp.name}): Cannot use unicast_ttl without unicast peers - resetting`,
      );
      // keepalived resets it to 0, not to "unset", so an IPv4 instance then sends with TTL 0.
      d.ttl = 0;
    }
    if (vrrp.interface === undefined) vrrp.linkbeatUsePolling = false;
  };

  const flag = (name: string, set: (v: VrrpInstance) => void): KeywordDef => ({ name, handler: () => set(last()) });

  /** `keyword [BOOL]` where a bad value is reported as "(NAME) invalid KEYWORD VALUE specified". */
  const optionalBool = (name: string, set: (v: VrrpInstance, value: boolean) => void): KeywordDef => ({
    name,
    handler: (a) => {
      const v = last();
      if (!a.has(1)) return set(v, true);
      const res = checkTrueFalse(a.word(1));
      if (res === undefined) a.error(ConfigErr.GeneralError, `(${v.name}) invalid ${name} ${a.word(1)} specified`);
      else set(v, res);
    },
  });

  const notifyScript = (name: string, field: NotifyField): KeywordDef => ({
    name,
    handler: (a) => {
      const v = last();
      if (v[field] !== undefined) {
        a.error(ConfigErr.GeneralError, `(${v.name}) ${name} script already specified - ignoring ${a.word(1)}`);
        return;
      }
      v[field] = readScript(ctx, a, 1, `${name} script for ${v.name}`, { scope: 'vrrp', type: 'notify' });
    },
  });

  const trackBlock = (name: string, kind: TrackKind, pick: (v: VrrpInstance) => TrackedObject[]): KeywordDef => ({
    name,
    handler: (a) => {
      const v = last();
      a.readBlockLines((entry) => addTracked(ctx, kind, v.name, pick(v), entry));
    },
  });

  /** A source address keyword (mcast_src_ip / unicast_src_ip): both set keepalived's one saddr. */
  const sourceAddress = (a: KeywordArgs, v: VrrpInstance, which: 'mcastSrcIp' | 'unicastSrcIp'): void => {
    const d = instanceDraft(v);
    const addr = parseInet(a.word(1));
    if (addr === undefined) {
      a.error(
        ConfigErr.GeneralError,
        `Configuration error: VRRP instance[${v.name}] malformed src address[${a.word(1)}]. Skipping...`,
      );
      v.mcastSrcIp = v.unicastSrcIp = undefined;
      d.saddrFamily = undefined;
      return;
    }
    d.saddrFromConfig = true;
    if (d.family === undefined) d.family = addr.family;
    else if (addr.family !== d.family) {
      a.error(
        ConfigErr.GeneralError,
        `Configuration error: VRRP instance[${v.name}] and src address[${a.word(1)}] MUST be of the same family !!! Skipping...`,
      );
      v.mcastSrcIp = v.unicastSrcIp = undefined;
      d.saddrFamily = undefined;
      d.saddrFromConfig = false;
      return;
    }
    v.mcastSrcIp = v.unicastSrcIp = undefined;
    v[which] = addr.text;
    d.saddrFamily = addr.family;
  };

  /** garp_master_repeat / garp_master_refresh_repeat: 0 is taken as 1 for compatibility with older versions. */
  const garpRepeat = (name: string, set: (v: VrrpInstance, n: number) => void): KeywordDef => ({
    name,
    handler: (a) => {
      const v = last();
      const n = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
      if (n === undefined) {
        a.error(ConfigErr.GeneralError, `(${v.name}): ${name} '${a.word(1)}' invalid - ignoring`);
        return;
      }
      if (n === 0) a.error(ConfigErr.GeneralError, `(${v.name}): ${name} must be greater than 0, setting to 1`);
      set(v, n === 0 ? 1 : n);
    },
  });

  const garpExtraIf: KeywordDef['handler'] = (a) => {
    const v = last();
    const d = instanceDraft(v);
    const cmd = a.keyword;
    if (cmd === 'vmac_garp_intvl') {
      // CONFIG_DEPRECATED in keepalived; the exit code is the same as for a general error.
      a.error(ConfigErr.GeneralError, 'Keyword "vmac_garp_intvl" is deprecated - please use "garp_extra_if"');
    }
    let delay: number | undefined;
    for (let i = 1; i < a.count; i++) {
      if (a.word(i) === 'all') d.garpExtraIfAll = true;
      else {
        const n = readUnsignedWord(a, a.word(i), 0, 86400, true);
        if (n === undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}): ${cmd} '${a.word(i)}' invalid - ignoring`);
          return;
        }
        delay = n;
      }
    }
    if (delay === undefined) {
      a.error(ConfigErr.GeneralError, `(${v.name}): ${cmd} specified without time - ignoring`);
      return;
    }
    d.garpExtraIfUs = delay * TIMER_HZ;
  };

  const authentication = keywordTable([
    {
      name: 'auth_type',
      handler: (a) => {
        const v = last();
        const t = a.word(1);
        if (t === 'AH' || t === 'PASS') instanceDraft(v).authType = t;
        else a.error(ConfigErr.GeneralError, `(${v.name}) unknown authentication type '${t}'`);
      },
    },
    {
      name: 'auth_pass',
      handler: (a) => {
        const pass = a.word(1);
        if (Buffer.byteLength(pass) > 8) a.error(ConfigErr.GeneralError, 'Truncating auth_pass to 8 characters');
        instanceDraft(last()).authPass = Buffer.from(pass).subarray(0, 8).toString('latin1');
      },
    },
  ]);

  const instanceKeywords: Array<KeywordDef & { aliases?: readonly string[] }> = [
    {
      name: 'use_vmac',
      handler: (a) => {
        const v = last();
        parseVmacWords(ctx, a, v, ctx.config.vrrpInstances);
      },
    },
    flag('use_vmac_addr', (v) => (v.useVmacAddr = true)),
    flag('vmac_xmit_base', (v) => (v.vmacXmitBase = true)),
    {
      name: 'use_ipvlan',
      handler: (a) => parseIpvlanWords(ctx, a, last(), ctx.config.vrrpInstances),
    },
    {
      name: 'unicast_peer',
      handler: (a) => {
        const v = last();
        instanceDraft(v).unicastConfigured = true;
        a.readBlockLines((entry) => addUnicastPeer(ctx, v, entry));
      },
    },
    flag('unicast_fault_no_peer', (v) => {
      instanceDraft(v).unicastConfigured = true;
      v.unicastFaultNoPeer = true;
    }),
    flag('check_unicast_src', (v) => {
      instanceDraft(v).unicastConfigured = true;
      v.checkUnicastSrc = true;
    }),
    {
      name: 'old_unicast_checksum',
      handler: (a) => {
        const v = last();
        instanceDraft(v).unicastConfigured = true;
        if (!a.has(1)) v.oldUnicastChecksum = 'always';
        else if (a.word(1) === 'never') v.oldUnicastChecksum = 'never';
        else a.error(ConfigErr.GeneralError, `(${v.name}) Unknown old_unicast_chksum mode ${a.word(1)} - ignoring`);
      },
    },
    {
      name: 'native_ipv6',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        if (d.family === 'inet') {
          a.error(ConfigErr.GeneralError, `(${v.name}) Cannot specify native_ipv6 with IPv4 addresses`);
          return;
        }
        v.nativeIpv6 = true;
        d.family = 'inet6';
        d.version = 3;
      },
    },
    {
      name: 'state',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        const s = a.word(1);
        if (s === 'MASTER') d.wantState = 'MASTER';
        else if (s === 'BACKUP') {
          if (d.wantState === 'MASTER')
            a.error(ConfigErr.GeneralError, `(${v.name}) state previously set as MASTER - ignoring BACKUP`);
          else d.wantState = 'BACKUP';
        } else {
          a.error(ConfigErr.GeneralError, `(${v.name}) unknown state '${s}', defaulting to BACKUP`);
          d.wantState = 'BACKUP';
        }
      },
    },
    {
      name: 'interface',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        const name = a.word(1);
        if (name.length >= IFNAMSIZ) {
          a.error(ConfigErr.GeneralError, `Interface name '${name}' too long - ignoring`);
          return;
        }
        const facts = interfaceFacts(ctx.system, name);
        // keepalived replaces the interface with the look-up's result, so a failed look-up clears an earlier one.
        v.interface = undefined;
        if (facts === undefined) {
          if (!interfaceUsable(ctx, name)) {
            a.error(ConfigErr.GeneralError, `WARNING - interface ${name} for vrrp_instance ${v.name} doesn't exist`);
            return;
          }
          v.interface = name;
        } else if (facts.loopback) {
          a.error(ConfigErr.GeneralError, `(${v.name}) cannot use a loopback interface (${name}) for vrrp - ignoring`);
        } else v.interface = name;
      },
    },
    {
      name: 'vrf',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        const name = a.word(1);
        if (name.length >= IFNAMSIZ) {
          a.error(ConfigErr.GeneralError, `(${v.name}) VRF interface name '${name}' too long - ignoring`);
          return;
        }
        if (v.interface !== undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}) Cannot specify VRF interface and interface - ignoring`);
          return;
        }
        if (v.vrf !== undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}) VRF interface already specified as '${v.vrf}' - ignoring`);
          return;
        }
        const facts = interfaceFacts(ctx.system, name);
        if (facts === undefined) {
          if (!interfaceUsable(ctx, name)) {
            a.error(ConfigErr.GeneralError, `(${v.name}) WARNING - VRF interface ${name} doesn't exist`);
            return;
          }
          v.vrf = name;
        } else if (facts.loopback) {
          a.error(ConfigErr.GeneralError, `(${v.name}) cannot use a loopback interface (${name}) for VRF - ignoring`);
        } else v.vrf = name;
      },
    },
    flag('dont_track_primary', (v) => (v.dontTrackPrimary = true)),
    trackBlock('track_interface', 'interface', (v) => v.trackInterface),
    trackBlock('track_script', 'script', (v) => v.trackScript),
    trackBlock('track_file', 'file', (v) => v.trackFile),
    trackBlock('track_process', 'process', (v) => v.trackProcess),
    trackBlock('track_bfd', 'bfd', (v) => v.trackBfd),
    { name: 'mcast_src_ip', handler: (a) => sourceAddress(a, last(), 'mcastSrcIp') },
    {
      name: 'unicast_src_ip',
      handler: (a) => {
        const v = last();
        instanceDraft(v).unicastConfigured = true;
        sourceAddress(a, v, 'unicastSrcIp');
      },
    },
    {
      name: 'mcast_dst_ip',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        const addr = parseInet(a.word(1));
        if (addr === undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}) malformed mcast dest address ${a.word(1)}. Skipping...`);
          v.mcastDstIp = undefined;
          return;
        }
        v.mcastDstIp = addr.text;
        if (d.family === undefined) d.family = addr.family;
        else if (addr.family !== d.family) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) mcast dest address ${a.word(1)} MUST match VRRP instance family. Skipping...`,
          );
          v.mcastDstIp = undefined;
        }
        // keepalived tests the address even after refusing it for its family.
        if (!isVrrpMulticastGroup(addr)) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) mcast_dst_ip ${a.word(1)} not${addr.family === 'inet6' ? ' link-local' : ''} multicast. Skipping...`,
          );
          v.mcastDstIp = undefined;
        }
      },
    },
    flag('track_src_ip', (v) => (v.trackSrcIp = true)),
    {
      name: 'virtual_router_id',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 1, 255, false);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): VRID '${a.word(1)}' not valid - must be between 1 & 255`);
        else v.virtualRouterId = n;
      },
    },
    {
      name: 'unicast_ttl',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, 255, false);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): TTL '${a.word(1)}' not valid - must be between 0 & 255`);
        else instanceDraft(v).ttl = n;
      },
    },
    {
      name: 'version',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        const n = readIntWord(a, a.word(1), 2, 3, true);
        if (n === undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}): Version must be either 2 or 3`);
          return;
        }
        if ((d.version !== undefined && d.version !== n) || (n === 2 && d.family === 'inet6')) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) vrrp_version ${n} conflicts with configured or deduced version ${d.version ?? 0}; ignoring.`,
          );
          return;
        }
        d.version = n as 2 | 3;
      },
    },
    {
      name: 'priority',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 1, 255, false);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}) Priority not valid! must be between 1 & 255. Using default 100`);
        instanceDraft(v).priority = n ?? 100;
      },
    },
    {
      name: 'advert_int',
      handler: (a) => {
        const v = last();
        const us = readDecimalUnsignedWord(a, a.word(1), TIMER_HZ / 100, 255 * TIMER_HZ, 6, true);
        if (us === undefined || us <= 0) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) Advert interval (${a.word(1)}) not valid! Must be > 0 - ignoring`,
          );
        } else v.advertIntUs = us;
      },
    },
    {
      name: 'virtual_ipaddress',
      handler: (a) => {
        const v = last();
        const d = instanceDraft(v);
        a.readBlockLines((entry) => {
          const addr = parseAddressEntry(ctx, entry, { vip: true, defaultDev: v.interface });
          if (addr === undefined) return;
          if (d.family === undefined) d.family = addr.family;
          else if (addr.family !== d.family) {
            ctx.diags.error(
              ConfigErr.GeneralError,
              entry.pos,
              `(${v.name}): address family must match VRRP instance [${entry.words[0]}] - ignoring`,
            );
            return;
          }
          v.virtualIpaddress.push(addr);
        });
      },
    },
    {
      name: 'virtual_ipaddress_excluded',
      handler: (a) => {
        const v = last();
        a.readBlockLines((entry) => {
          const addr = parseAddressEntry(ctx, entry, { vip: true, defaultDev: v.interface });
          if (addr !== undefined) v.virtualIpaddressExcluded.push(addr);
        });
      },
    },
    flag('promote_secondaries', (v) => (v.promoteSecondaries = true)),
    {
      name: 'linkbeat_use_polling',
      handler: (a) => {
        const v = last();
        v.linkbeatUsePolling = true;
        a.error(
          ConfigErr.GeneralError,
          `(${v.name}) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block`,
        );
      },
    },
    {
      name: 'virtual_routes',
      handler: (a) => {
        const v = last();
        a.readBlockLines((entry) => {
          const route = parseRouteEntry(ctx, entry, { virtual: true, defaultDev: v.interface });
          if (route !== undefined) v.virtualRoutes.push(route);
        });
      },
    },
    {
      name: 'virtual_rules',
      handler: (a) => {
        const v = last();
        a.readBlockLines((entry) => {
          const rule = parseRuleEntry(ctx, entry, { virtual: true });
          if (rule !== undefined) v.virtualRules.push(rule);
        });
      },
    },
    flag('accept', (v) => (instanceDraft(v).accept = true)),
    flag('no_accept', (v) => (instanceDraft(v).accept = false)),
    {
      name: 'skip_check_adv_addr',
      handler: (a) => {
        const v = last();
        // Any valid boolean sets the flag, `false` included: keepalived only checks that it parses.
        if (a.has(1) && checkTrueFalse(a.word(1)) === undefined) {
          a.error(ConfigErr.GeneralError, `(${v.name}) invalid skip_check_adv_addr ${a.word(1)} specified`);
        } else instanceDraft(v).skipCheckAdvAddr = true;
      },
    },
    optionalBool('strict_mode', (v, b) => (instanceDraft(v).strictMode = b)),
    flag('preempt', (v) => (v.nopreempt = false)),
    flag('nopreempt', (v) => (v.nopreempt = true)),
    {
      name: 'preempt_delay',
      handler: (a) => {
        const v = last();
        const us = readDecimalUnsignedWord(a, a.word(1), 0, TIMER_MAX_SEC * TIMER_HZ, 6, true);
        if (us === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}) Preempt_delay not valid! must be between 0-${TIMER_MAX_SEC}`);
        v.preemptDelayUs = us ?? 0;
      },
    },
    {
      name: 'debug',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, 4, true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}) Debug value '${a.word(1)}' not valid; must be between 0-4`);
        else v.debug = n;
      },
    },
    notifyScript('notify_backup', 'notifyBackup'),
    notifyScript('notify_master', 'notifyMaster'),
    notifyScript('notify_fault', 'notifyFault'),
    notifyScript('notify_stop', 'notifyStop'),
    {
      name: 'notify_deleted',
      handler: (a) => {
        const v = last();
        if (v.notifyDeleted !== undefined) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) notify_deleted already specified - ignoring ${a.has(1) ? a.word(1) : ''}`,
          );
          return;
        }
        const script = a.has(1) ? readScript(ctx, a, 1, `notify_deleted script for ${v.name}`, { scope: 'vrrp', type: 'notify' }) : undefined;
        v.notifyDeleted = { script };
      },
    },
    notifyScript('notify', 'notify'),
    notifyScript('notify_master_rx_lower_pri', 'notifyMasterRxLowerPri'),
    {
      name: 'smtp_alert',
      handler: (a) => {
        const v = last();
        const res = a.has(1) ? checkTrueFalse(a.word(1)) : true;
        if (res === undefined)
          a.error(ConfigErr.GeneralError, `Invalid vrrp_instance smtp_alert parameter ${a.word(1)}`);
        else instanceDraft(v).smtpAlert = res;
      },
    },
    {
      name: 'notify_priority_changes',
      handler: (a) => {
        const v = last();
        const res = a.has(1) ? checkTrueFalse(a.word(1)) : true;
        if (res === undefined)
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) Invalid value '${a.word(1)}' for notify_priority_changes specified`,
          );
        else instanceDraft(v).notifyPriorityChanges = res;
      },
    },
    {
      name: 'lvs_sync_daemon_interface',
      handler: (a) => {
        const v = last();
        a.error(
          ConfigErr.GeneralError,
          `(${v.name}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.`,
        );
        a.error(
          ConfigErr.GeneralError,
          `      ${' '.repeat(Math.max(0, v.name.length - 2))}Please use global lvs_sync_daemon`,
        );
        const global = ctx.config.globalDefs.lvsSyncDaemon?.interface;
        if (global !== undefined) {
          a.error(
            ConfigErr.GeneralError,
            `(${v.name}) lvs_sync_daemon_interface has already been specified as ${global} - ignoring`,
          );
          return;
        }
        v.lvsSyncDaemonInterface = a.word(1);
        // keepalived fills in the global lvs_sync_daemon, tied to this instance. Its sync id is 0, not the VRID:
        // only a global lvs_sync_daemon naming the instance takes the VRID as default.
        ctx.config.globalDefs.lvsSyncDaemon = {
          interface: a.word(1), instance: v.name, id: 0, maxlen: undefined, port: undefined, ttl: undefined, group: undefined,
        };
      },
    },
    {
      name: 'garp_master_delay',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, Math.floor(UINT_MAX / TIMER_HZ), true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): garp_master_delay '${a.word(1)}' invalid - ignoring`);
        else instanceDraft(v).garpMasterDelayUs = n * TIMER_HZ;
      },
    },
    {
      name: 'garp_master_refresh',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): Invalid garp_master_refresh '${a.word(1)}' - ignoring`);
        instanceDraft(v).garpMasterRefreshUs = (n ?? 0) * TIMER_HZ;
      },
    },
    garpRepeat('garp_master_repeat', (v, n) => (instanceDraft(v).garpMasterRepeat = n)),
    garpRepeat('garp_master_refresh_repeat', (v, n) => (instanceDraft(v).garpMasterRefreshRepeat = n)),
    {
      name: 'garp_lower_prio_delay',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, Math.floor(UINT_MAX / TIMER_HZ), true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): garp_lower_prio_delay '${a.word(1)}' invalid - ignoring`);
        else instanceDraft(v).garpLowerPrioDelayUs = n * TIMER_HZ;
      },
    },
    {
      name: 'garp_lower_prio_repeat',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 0, INT_MAX, true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): Invalid garp_lower_prio_repeat '${a.word(1)}'`);
        else instanceDraft(v).garpLowerPrioRepeat = n;
      },
    },
    {
      name: 'down_timer_adverts',
      handler: (a) => {
        const v = last();
        const n = readUnsignedWord(a, a.word(1), 1, 100, true);
        if (n === undefined)
          a.error(ConfigErr.GeneralError, `(${v.name}): Invalid down_timer_adverts [1:100] '${a.word(1)}'`);
        else instanceDraft(v).downTimerAdverts = n;
      },
    },
    { name: 'garp_extra_if', aliases: ['vmac_garp_intvl'], handler: garpExtraIf },
    optionalBool('lower_prio_no_advert', (v, b) => (instanceDraft(v).lowerPrioNoAdvert = b)),
    optionalBool('higher_prio_send_advert', (v, b) => (instanceDraft(v).higherPrioSendAdvert = b)),
    {
      name: 'kernel_rx_buf_size',
      handler: (a) => {
        const v = last();
        const n = a.count === 2 ? readUnsignedWord(a, a.word(1), 0, UINT_MAX, false) : undefined;
        if (n === undefined) a.error(ConfigErr.GeneralError, `(${v.name}) invalid kernel_rx_buf_size specified`);
        else v.kernelRxBufSize = n;
      },
    },
    { name: 'authentication', sub: authentication },
  ];

  return [{ name: 'vrrp_instance', handler: onInstance, sub: keywordTable(instanceKeywords), close: onInstanceEnd }];
}

/** keepalived's alloc_vrrp_unicast_peer(): `IP [min_ttl N] [max_ttl N]`, family matching the instance. */
function addUnicastPeer(ctx: BuildContext, v: VrrpInstance, entry: BlockEntry): void {
  const a = entryArgs(ctx, entry);
  const d = instanceDraft(v);
  const addr = parseInet(a.word(0));
  if (addr === undefined) {
    a.error(
      ConfigErr.GeneralError,
      `Configuration error: VRRP instance[${v.name}] malformed unicast peer address[${a.word(0)}]. Skipping...`,
    );
    return;
  }
  if (d.family === undefined) d.family = addr.family;
  else if (addr.family !== d.family) {
    a.error(
      ConfigErr.GeneralError,
      `Configuration error: VRRP instance[${v.name}] and unicast peer address[${a.word(0)}] MUST be of the same family !!! Skipping...`,
    );
    return;
  }
  const peer = { address: addr.text, minTtl: 0, maxTtl: 255 };
  for (let i = 1; i < a.count; i += 2) {
    if (i + 1 >= a.count) {
      a.error(ConfigErr.GeneralError, `(${v.name}) ${a.word(i)} is missing a value`);
      break;
    }
    // A bad number is reported and the pair skipped, before the option name is even looked at.
    const ttl = readUnsignedWord(a, a.word(i + 1), 0, 255, false);
    if (ttl === undefined) continue;
    if (a.word(i) === 'min_ttl') peer.minTtl = ttl;
    else if (a.word(i) === 'max_ttl') peer.maxTtl = ttl;
    else {
      a.error(ConfigErr.GeneralError, `(${v.name}) unknown unicast_peer option ${a.word(i)}`);
      break;
    }
    v.checkUnicastSrc = true;
  }
  if (peer.minTtl > peer.maxTtl) {
    a.error(
      ConfigErr.GeneralError,
      `(${v.name}) min_ttl ${peer.minTtl} > max_ttl ${peer.maxTtl} - all packets will be discarded`,
    );
  }
  v.unicastPeer.push(peer);
}
