// Opening IPVS as keepalived's ipvs_start() does: a failure is retried once after `modprobe ip_vs` (whose own
// complaints go to our stderr, as keepalived's do), and the error is reported in strerror() words.
import { spawn } from 'node:child_process';
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
