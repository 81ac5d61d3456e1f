// Interface names in address/route/rule entries. keepalived looks the interface up while it parses the entry and
// drops the entry at once when it is missing, unless global_defs has `dynamic_interfaces` (then any name is taken
// as an interface that may appear later). keepalived reads global_defs before the other sections, so the setting
// counts wherever it stands in the file, provided the loader has read global_defs first.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';

/** global_defs' `dynamic_interfaces`, as the global section records it. */
export function dynamicInterfaces(ctx: BuildContext): boolean {
  return Boolean((ctx.config.globalDefs as { dynamicInterfaces?: unknown }).dynamicInterfaces);
}

const missingSeen = new WeakSet<BuildContext>();
const missingReported = new WeakSet<BuildContext>();

/** Records that the configuration named a missing interface (keepalived's non_existent_interface_specified). */
export function noteMissingInterface(ctx: BuildContext): void {
  missingSeen.add(ctx);
}

/**
 * keepalived's if_get_by_ifname(…, IF_CREATE_IF_DYNAMIC) as the entry parsers use it: true when the entry may use
 * the interface; a missing one is noted for reportMissingInterfaces().
 */
export function interfaceUsable(ctx: BuildContext, name: string): boolean {
  if (ctx.system.interfaceExists(name) || dynamicInterfaces(ctx)) return true;
  noteMissingInterface(ctx);
  return false;
}

/**
 * The BadIf report keepalived's VRRP process makes once, after reading its whole configuration, when any
 * interface it was given does not exist. Reports at most once per configuration.
 */
export function reportMissingInterfaces(ctx: BuildContext): void {
  if (!missingSeen.has(ctx) || missingReported.has(ctx)) return;
  missingReported.add(ctx);
  ctx.diags.error(ConfigErr.BadIf, undefined, 'Non-existent interface specified in configuration');
}
