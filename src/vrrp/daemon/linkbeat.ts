// Linkbeat: for the interfaces named in linkbeat_interfaces, or the interface of an instance with
// linkbeat_use_polling (or the global linkbeat_use_polling), keepalived 2.2.7 ignores netlink link events and asks
// the NIC once a second instead (MII registers, ETHTOOL_GLINK, then the interface flags). These functions are that
// decision, without I/O: what a probe answer means, which method an interface settles on, which interfaces are
// polled at all. The poller (linkbeat-poller.ts) carries it out.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { LinkbeatType } from '../../config/model/interface-groups';
import type { InstancePlan } from './instance-plan';

/** keepalived's POLLING_DELAY: one second between two probes of an interface. */
export const LINKBEAT_INTERVAL_MS = 1000;

/** What the NIC answered: -1 the method is not available, 0 no link, 1 link (see net/addon interfaceLinkProbe). */
export interface LinkProbeAnswer {
  readonly mii: number;
  readonly ethtool: number;
  /** IFF_UP and IFF_RUNNING; 0 also when the interface is gone, -1 on another failure (taken as up). */
  readonly flags: number;
}

export interface LinkbeatMethod {
  readonly type: LinkbeatType;
  readonly up: boolean;
  /** keepalived's note when the configured method does not work on this NIC. */
  readonly note?: string;
}

/**
 * The first probe of an interface (keepalived's init_linkbeat_status): the configured method if it works, else
 * MII, then ETHTOOL (a configured ETHTOOL that fails falls back to MII), else the flags alone (IOCTL).
 */
export function chooseLinkbeatMethod(ifname: string, configured: LinkbeatType | undefined, p: LinkProbeAnswer): LinkbeatMethod {
  let type: LinkbeatType | undefined = configured;
  let up = false;
  if (type === undefined || type === 'MII') {
    if (p.mii >= 0) {
      type = 'MII';
      up = p.mii > 0;
    } else type = undefined;
  }
  if (type === undefined || type === 'ETHTOOL') {
    if (p.ethtool >= 0) {
      type = 'ETHTOOL';
      up = p.ethtool > 0;
    } else if (type !== undefined && p.mii >= 0) {
      type = 'MII';
      up = p.mii > 0;
    } else type = undefined;
  }
  if (type === undefined || type === 'IOCTL') {
    type = 'IOCTL';
    up = true;
  }
  if (up) up = p.flags !== 0;
  const note =
    configured !== undefined && configured !== type
      ? `(${ifname}): Configured linkbeat type ${configured} not supported, using ${type}`
      : undefined;
  return { type, up, note };
}

/**
 * A later probe (keepalived's if_linkbeat_refresh_thread): the settled method's answer, where a failing MII or
 * ETHTOOL probe counts as link (keepalived takes the -1 as true), then the flags.
 */
export function linkbeatUp(type: LinkbeatType, p: LinkProbeAnswer): boolean {
  let up = true;
  if (type === 'MII') up = p.mii !== 0;
  else if (type === 'ETHTOOL') up = p.ethtool !== 0;
  if (up) up = p.flags !== 0;
  return up;
}

/** An interface keepalived would poll, with its configured method. */
export interface LinkbeatTarget {
  readonly name: string;
  readonly type: LinkbeatType | undefined;
}

export interface LinkbeatSelection {
  readonly targets: readonly LinkbeatTarget[];
  /** Log lines for interfaces asked for but not polled (keepalived's init_interface_linkbeat). */
  readonly notes: readonly string[];
}

/**
 * The interfaces to poll: linkbeat_interfaces entries, then each instance's interface when the instance (or the
 * global keyword) asks for polling. An interface no instance tracks (own interface, track_interface, a VIP's
 * device) is not polled, as keepalived turns it off.
 */
export function selectLinkbeatTargets(config: KeepalivedConfig, plans: readonly InstancePlan[]): LinkbeatSelection {
  const wanted = new Map<string, LinkbeatType | undefined>();
  for (const e of config.linkbeatInterfaces) wanted.set(e.name, e.type);
  for (const p of plans) if (p.config.linkbeatUsePolling && !wanted.has(p.ifname)) wanted.set(p.ifname, undefined);
  const tracked = new Set<string>();
  for (const p of plans) {
    tracked.add(p.ifname);
    for (const t of p.settings.trackers ?? []) if (t.kind === 'interface') tracked.add(t.id);
    for (const a of [...p.vips, ...p.evips]) tracked.add(a.dev);
  }
  const targets: LinkbeatTarget[] = [];
  const notes: string[] = [];
  for (const [name, type] of wanted) {
    if (tracked.has(name)) targets.push({ name, type });
    else notes.push(`Turning off linkbeat for ${name} since not used for tracking`);
  }
  return { targets, notes };
}
