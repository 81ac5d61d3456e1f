// keepalived's VRRP completion as `-t` runs it (start_vrrp() → vrrp_complete_init()): nothing at all when the
// configuration named a missing interface; otherwise every instance needs a VRID and an interface, sync groups get
// their members, each instance is completed, and duplicate VRIDs are refused. The first refusal ends the VRRP
// check, as keepalived stops there too.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { VrrpInstance } from '../model/vrrp';
import { instanceDraft } from '../sections/vrrp-draft';
import { reportMissingInterfaces } from '../values/ip-interfaces';
import { parseIp } from '../values/ip-text';
import { vrrpGlobals } from './vrrp-globals';
import { checkVrrpScriptSecurity } from './script-security';
import { completeInstance } from './vrrp-instance';
import { interfaceFacts } from './vrrp-interfaces';
import { resolveSyncGroups, syncGroupTracking } from './vrrp-sync';

/** start_vrrp()'s report (made once, perhaps already by the static-address pass) when an interface was missing. */
const NON_EXISTENT_INTERFACE = 'Non-existent interface specified in configuration';

function nonExistentInterfaceReported(ctx: BuildContext): boolean {
  return ctx.diags.list.some((d) => d.err === ConfigErr.BadIf && d.message === NON_EXISTENT_INTERFACE);
}

export function validateVrrp(ctx: BuildContext): void {
  reportMissingInterfaces(ctx);
  if (nonExistentInterfaceReported(ctx)) return;
  // keepalived's vrrp_complete_init() checks the scripts' security before anything about the instances.
  checkVrrpScriptSecurity(ctx);
  const error = (message: string): void => ctx.diags.error(ConfigErr.GeneralError, undefined, message);
  const instances = ctx.config.vrrpInstances;

  // chk_min_cfg(): 2.2.7 asks for an interface even for unicast instances with unicast_src_ip, since it tests
  // the unicast flag before anything has set it.
  for (const v of instances) {
    if (v.virtualRouterId === 0) return error(`(${v.name}) the virtual router id must be set`);
    if (v.interface === undefined) return error(`(${v.name}) Unknown interface!`);
  }

  resolveSyncGroups(ctx);
  const globals = vrrpGlobals(ctx);
  const groups = new Map(ctx.config.vrrpSyncGroups.map((g) => [g.name, g] as const));
  for (const v of instances) {
    const sync = v.syncGroup === undefined ? undefined : groups.get(v.syncGroup);
    if (!completeInstance(ctx, v, globals, sync)) return;
  }
  if (vridConflicts(ctx, instances, error)) return;
  syncGroupTracking(ctx, globals);
}

/** Same VRID and family on one interface (multicast, same group), or unicast from one address to a shared peer. */
function vridConflicts(ctx: BuildContext, instances: readonly VrrpInstance[], error: (m: string) => void): boolean {
  let hadError = false;
  for (let i = 0; i < instances.length; i++) {
    const a = instances[i] as VrrpInstance;
    for (let j = i + 1; j < instances.length; j++) {
      const b = instances[j] as VrrpInstance;
      if (a.family !== b.family || a.virtualRouterId !== b.virtualRouterId || a.unicast !== b.unicast) continue;
      if (a.unicast) {
        if (a.interface !== undefined && b.interface !== undefined && a.interface !== b.interface) continue;
        if (!sameSource(a, b)) continue;
        const shared = a.unicastPeer.some((p) => b.unicastPeer.some((q) => sameAddress(p.address, q.address)));
        if (!shared) continue;
        error(`(${a.name}) duplicate VRID conflict with ${b.name} VRID ${a.virtualRouterId}`);
        hadError = true;
        continue;
      }
      if (a.interface !== b.interface) continue;
      if (!sameAddress(a.mcastDstIp ?? '', b.mcastDstIp ?? '')) continue;
      // An interface that does not exist yet (dynamic_interfaces) cannot conflict now.
      if (a.interface === undefined || interfaceFacts(ctx.system, a.interface) === undefined) continue;
      error(
        `${a.name} and ${b.name} both use VRID ${a.virtualRouterId} with IPv${a.family === 'inet' ? 4 : 6} on interface ${a.interface}`,
      );
      hadError = true;
    }
  }
  return hadError;
}

/**
 * Whether two unicast instances send from the same address. Without a configured source address keepalived uses
 * the interface's primary address, which the configuration does not say: two such instances on one interface
 * share it; one configured and one not are taken as different.
 */
function sameSource(a: VrrpInstance, b: VrrpInstance): boolean {
  const srcA = a.unicastSrcIp ?? a.mcastSrcIp;
  const srcB = b.unicastSrcIp ?? b.mcastSrcIp;
  const da = instanceDraft(a);
  const db = instanceDraft(b);
  if (da.saddrFromConfig !== db.saddrFromConfig) return false;
  if (srcA === undefined || srcB === undefined) return a.interface === b.interface;
  return sameAddress(srcA, srcB);
}

function sameAddress(x: string, y: string): boolean {
  const px = parseIp(x);
  const py = parseIp(y);
  if (px === undefined || py === undefined) return x === y;
  return px.family === py.family && px.bytes.every((b, i) => b === py.bytes[i]);
}
