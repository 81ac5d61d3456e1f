// What keepalived's clear_diff_services() marks on the new configuration at a reload, which only its SIGUSR1 dump
// shows: a virtual server that stays is "reloaded", a real server that stays is "reloaded" and keeps its old
// effective weight as "previous effective_weight", and the entries of a virtual server group that stay are
// "reloaded = True". The marks hold until the next reload replaces them.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { VirtualServer } from '../../config/model/virtual-server';
import type { VsView } from '../real-server/lvs-state';

export interface ReloadMarks {
  /** New indexes of the virtual servers that stayed. */
  readonly vs: ReadonlySet<number>;
  /** "vsIndex/rsIndex" (new indexes) of the real servers that stayed → their effective weight before the reload. */
  readonly rs: ReadonlyMap<string, number>;
  /** Group entries that stayed (groupEntryKey). */
  readonly groupEntries: ReadonlySet<string>;
}

export const NO_RELOAD: ReloadMarks = { vs: new Set(), rs: new Map(), groupEntries: new Set() };

/** A virtual server group entry by group name and value (ranges and fwmarks as configured). */
export function groupEntryKey(group: string, kind: 'range' | 'fwmark', entry: unknown): string {
  return `${group}|${kind}|${JSON.stringify(entry)}`;
}

const rsKey = (address: string, port: number): string => `${address}|${port}`;

/**
 * The marks of a reload from oldConfig (whose state is oldView) to config; vsKey identifies a virtual server
 * across the two, as the reload does.
 */
export function reloadMarks(oldConfig: KeepalivedConfig, oldView: readonly VsView[], config: KeepalivedConfig,
  vsKey: (vs: VirtualServer) => string): ReloadMarks {
  const vs = new Set<number>();
  const rs = new Map<string, number>();
  const groupEntries = new Set<string>();
  const newIndex = new Map(config.virtualServers.map((v, i) => [vsKey(v), i]));
  oldConfig.virtualServers.forEach((old, i) => {
    const j = newIndex.get(vsKey(old));
    if (j === undefined) return;
    vs.add(j);
    const next = config.virtualServers[j] as VirtualServer;
    const at = new Map(next.realServers.map((r, k) => [rsKey(r.address, r.port), k]));
    old.realServers.forEach((r, k) => {
      const k2 = at.get(rsKey(r.address, r.port));
      if (k2 !== undefined) rs.set(`${j}/${k2}`, oldView[i]?.servers[k]?.effectiveWeight ?? 0);
    });
    if (old.group === undefined) return;
    const before = oldConfig.virtualServerGroups.find((g) => g.name === old.group);
    const after = config.virtualServerGroups.find((g) => g.name === next.group);
    if (!before || !after) return;
    const had = new Set([
      ...before.addressRanges.map((e) => groupEntryKey(after.name, 'range', e)),
      ...before.fwmarks.map((e) => groupEntryKey(after.name, 'fwmark', e)),
    ]);
    for (const e of after.addressRanges) if (had.has(groupEntryKey(after.name, 'range', e))) groupEntries.add(groupEntryKey(after.name, 'range', e));
    for (const e of after.fwmarks) if (had.has(groupEntryKey(after.name, 'fwmark', e))) groupEntries.add(groupEntryKey(after.name, 'fwmark', e));
  });
  return { vs, rs, groupEntries };
}
