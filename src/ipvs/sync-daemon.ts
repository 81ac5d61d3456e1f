// The IPVS connection-sync daemon as keepalived's VRRP process drives it from global_defs lvs_sync_daemon: the
// daemon settings (sync id defaulting to the tracked instance's VRID), and the switch on a state change — to
// master: stop the backup daemon, start the master one; to backup: the reverse. keepalived logs and carries on
// when a stop finds no daemon, so ESRCH on the stop is not a failure here either.
import type { LvsSyncDaemon } from '../config/model/global-defs';
import { NetlinkError } from '../net/netlink/errors';
import type { IpvsClient, SyncDaemonConfig } from './types';

/** The NEW_DAEMON settings for `state`; `vrid` is the tracked VRRP instance's (the default sync id). */
export function syncDaemonConfig(lvs: LvsSyncDaemon, state: 'master' | 'backup', vrid: number | undefined): SyncDaemonConfig {
  return {
    state, interface: lvs.interface, syncId: lvs.id ?? vrid ?? 0, maxLen: lvs.maxlen ?? 0, mcastGroup: lvs.group ?? '',
    mcastPort: lvs.port ?? 0, mcastTtl: lvs.ttl ?? 0,
  };
}

/** Runs the daemon for `state` and stops the other one (stop first, as keepalived does). */
export async function switchSyncDaemon(client: IpvsClient, lvs: LvsSyncDaemon, state: 'master' | 'backup', vrid: number | undefined): Promise<void> {
  const other = state === 'master' ? 'backup' : 'master';
  try {
    await client.stopSyncDaemon(other);
  } catch (e) {
    if (!(e instanceof NetlinkError && e.code === 'ESRCH')) throw e;
  }
  await client.startSyncDaemon(syncDaemonConfig(lvs, state, vrid));
}
