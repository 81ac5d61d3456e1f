// Opening IPVS as keepalived's ipvs_start() does, in the VRRP process (lvs_sync_daemon) and the checker process
// alike: a failure is retried once after `modprobe ip_vs` (whose own complaints go to our stderr, as keepalived's
// do), and the error is reported in strerror() words.
import { spawn } from 'node:child_process';
import type { Logger } from '../core/logging';
import { NetlinkError, strerror } from '../net/netlink/errors';
import { openIpvsClient } from './genl-client';
import type { IpvsClient } from './types';

function modprobeIpVs(): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn('/sbin/modprobe', ['-s', '--', 'ip_vs'], { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', () => resolve());
    p.on('exit', () => resolve());
  });
}

export async function startIpvsClient(): Promise<IpvsClient> {
  try {
    return await openIpvsClient();
  } catch {
    await modprobeIpVs();
    return openIpvsClient();
  }
}

/** The strerror() text of why IPVS could not be opened ("No such file or directory"). */
export function ipvsStartError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof NetlinkError || typeof code === 'string') return strerror(code ?? 'EIO') || (code ?? 'EIO');
  return e instanceof Error ? e.message : String(e);
}

/** The line ipvs_start() begins with, at LOG_DEBUG; a reload keeps its client but still says it. */
export function logIpvsStart(log: Logger, reload: boolean): void {
  log.debug(`${reload ? 'Rei' : 'I'}nitializing ipvs`);
}

/**
 * keepalived's ipvs_start() with its log lines: "Initializing ipvs" at LOG_DEBUG, the failure at LOG_INFO. The
 * client, or undefined once the failure is logged (the caller then stops FATAL).
 */
export async function openIpvs(log: Logger): Promise<IpvsClient | undefined> {
  logIpvsStart(log, false);
  try {
    return await startIpvsClient();
  } catch (e) {
    log.info(`IPVS: Can't initialize ipvs: ${ipvsStartError(e)}`);
    return undefined;
  }
}
