// static_ipaddress / static_routes / static_rules: value blocks of iproute2-style entries, one per line, that
// keepalived's VRRP process installs whatever the VRRP state.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { addressWordOf, parseAddressEntry } from '../values/ip-address';
import { interfaceUsable, reportMissingInterfaces } from '../values/ip-interfaces';
import { parseRouteEntry } from '../values/ip-route';
import { parseRuleEntry } from '../values/ip-rule';

/** keepalived's DFLT_INT: the interface static addresses without `dev` go on when global_defs names none. */
export const DEFAULT_INTERFACE = 'eth0';

export function staticRoutingKeywords(ctx: BuildContext): KeywordDef[] {
  const statics = ctx.config.statics;
  return [
    {
      name: 'static_ipaddress',
      handler: (a) =>
        a.readBlockLines((e) => {
          // dev stays unset here: the default interface comes from global_defs, which may follow this block
          const addr = parseAddressEntry(ctx, e, { vip: false, defaultDev: undefined });
          if (addr) statics.staticIpaddress.push(addr);
        }),
    },
    {
      name: 'static_routes',
      handler: (a) =>
        a.readBlockLines((e) => {
          const route = parseRouteEntry(ctx, e, { virtual: false, defaultDev: undefined });
          if (route) statics.staticRoutes.push(route);
        }),
    },
    {
      name: 'static_rules',
      handler: (a) =>
        a.readBlockLines((e) => {
          const rule = parseRuleEntry(ctx, e, { virtual: false });
          if (rule) statics.staticRules.push(rule);
        }),
    },
  ];
}

/**
 * Puts static addresses without `dev` on global_defs' default_interface (eth0 if none). keepalived reads
 * global_defs first, so this runs once the whole file is read; a default interface that does not exist (and
 * dynamic_interfaces not set) drops the address with keepalived's Fatal-class report. Ends with keepalived's
 * once-only BadIf report when any address/route/rule named a missing interface (the VRRP validator may report it
 * later instead; it is never made twice).
 */
export function resolveStaticDefaults(ctx: BuildContext): void {
  const configured = (ctx.config.globalDefs as { defaultInterface?: unknown }).defaultInterface;
  const name = typeof configured === 'string' && configured !== '' ? configured : DEFAULT_INTERFACE;
  const list = ctx.config.statics.staticIpaddress;
  const kept = list.filter((a) => {
    if (a.dev !== undefined) return true;
    if (interfaceUsable(ctx, name)) {
      a.dev = name;
      return true;
    }
    ctx.diags.error(
      ConfigErr.Fatal,
      a.pos,
      `Static address ${addressWordOf(a)} requires either an interface or default interface must exist`,
    );
    return false;
  });
  list.splice(0, list.length, ...kept);
  reportMissingInterfaces(ctx);
}
