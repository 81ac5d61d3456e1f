// The IPVS connection-sync daemon as keepalived's VRRP process drives it from global_defs lvs_sync_daemon: the
// daemon settings (sync id defaulting to the tracked instance's VRID), and the switch on a state change — to
// master: stop the backup daemon, start the master one; to backup: the reverse. keepalived logs and carries on
// when a stop finds no daemon, so ESRCH on the stop is not a failure here either.
import type { LvsSyncDaemon } from '../config/model/global-defs';
import { errnoNumber, NetlinkError, strerror } from '../net/netlink/errors';
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

/** keepalived's names and numbers for the two commands (IP_VS_BASE_CTL + 11 / + 12) in its error lines. */
const COMMANDS = { start: ['IP_VS_SO_SET_STARTDAEMON', 1163], stop: ['IP_VS_SO_SET_STOPDAEMON', 1164] } as const;

/** libipvs's ipvs_strerror() for the daemon commands: its own words for these errnos, strerror() otherwise. */
function daemonStrerror(op: 'start' | 'stop', code: string): string {
  if (op === 'start' && code === 'EEXIST') return 'Daemon has already run';
  if (op === 'stop' && code === 'ESRCH') return 'No daemon is running';
  const own: Record<string, string> = {
    ESRCH: 'No such service',
    EPERM: 'Permission denied (you must be root)',
    EINVAL: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
    ENOPROTOOPT: 'Protocol not available',
    ENOMEM: 'Memory allocation problem',
    EOPNOTSUPP: 'Operation not supported with IPv6',
    EAFNOSUPPORT: 'Operation not supported with specified address family',
    EMSGSIZE: 'Module is wrong version',
  };
  return own[code] ?? (strerror(code) || code);
}

/**
 * keepalived's ipvs_syncd_cmd() for one daemon: starts `settings` (its state says which) or stops the daemon of
 * `role`. Never throws: a failure comes back as the line keepalived logs for it (its callers that ignore errors
 * drop it), e.g. "IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)".
 */
export async function syncDaemonCommand(client: IpvsClient, op: 'start', settings: SyncDaemonConfig): Promise<string | undefined>;
export async function syncDaemonCommand(client: IpvsClient, op: 'stop', role: 'master' | 'backup'): Promise<string | undefined>;
export async function syncDaemonCommand(client: IpvsClient, op: 'start' | 'stop', what: SyncDaemonConfig | 'master' | 'backup'): Promise<string | undefined> {
  try {
    if (typeof what === 'string') await client.stopSyncDaemon(what);
    else await client.startSyncDaemon(what);
    return undefined;
  } catch (e) {
    const code = e instanceof NetlinkError ? e.code : ((e as NodeJS.ErrnoException).code ?? 'EIO');
    const errno = e instanceof NetlinkError ? e.errno : errnoNumber(code);
    const [name, number] = COMMANDS[op];
    return `IPVS cmd ${name}(${number}) error: ${daemonStrerror(op, code)}(${errno})`;
  }
}
