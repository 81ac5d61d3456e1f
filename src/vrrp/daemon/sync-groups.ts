// The configured vrrp_sync_groups over the daemon's running instances: one SyncGroup core per group whose
// members exist, with its configuration (notify scripts, smtp_alert) beside it.
import type { VrrpSyncGroup } from '../../config/model/vrrp';
import { SyncGroup } from '../sync-group';
import type { InstanceRuntime } from './instance-runtime';

export interface SyncGroupRuntime {
  readonly core: SyncGroup;
  readonly config: VrrpSyncGroup;
}

export function buildSyncGroups(configs: readonly VrrpSyncGroup[], runtimes: readonly InstanceRuntime[]): SyncGroupRuntime[] {
  const byName = new Map(runtimes.map((rt) => [rt.name, rt] as const));
  const out: SyncGroupRuntime[] = [];
  for (const config of configs) {
    const members = config.group.map((n) => byName.get(n)?.inst).filter((m) => m !== undefined);
    if (members.length > 0) out.push({ core: new SyncGroup(config.name, members), config });
  }
  return out;
}
