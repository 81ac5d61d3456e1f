// Running the real keepalived's checker process inside the guest: start it on a configuration, wait until the
// IPVS table it programs has settled, and stop it (SIGTERM, waiting for it to exit: it removes its services on
// the way out). Also the listings the comparisons use.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipvsadm, sleep } from './guest-main';

export interface TableListing {
  save: string[];
  /** `service line | destination line` of `ipvsadm -Ln --thresholds`, sorted. */
  thresholds: string[];
  /** `ipvsadm -Ln --timeout`. */
  timeouts: string[];
}

export function listing(): TableListing {
  const pairs: string[] = [];
  let service = '';
  for (const l of ipvsadm('-Ln', '--thresholds')) {
    if (l.startsWith('  ->')) pairs.push(`${service} | ${l.replace(/\s+/g, ' ').trim()}`);
    else {
      service = l.replace(/\s+/g, ' ').trim();
      pairs.push(service);
    }
  }
  return { save: ipvsadm('-Sn').sort(), thresholds: pairs.sort(), timeouts: ipvsadm('-Ln', '--timeout') };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls until the listing has stayed the same (and differs from `before`, unless the deadline passes). */
async function settledListing(ready: () => boolean, before: string, deadlineMs: number): Promise<TableListing> {
  const end = Date.now() + deadlineMs;
  let last = '';
  let same = 0;
  for (;;) {
    const l = listing();
    const k = JSON.stringify(l.save);
    same = k === last && ready() ? same + 1 : 0;
    last = k;
    if ((same >= 2 && k !== before) || Date.now() > end) return l;
    await sleep(150);
  }
}

export interface RunningKeepalived {
  /** The table once keepalived has programmed it. */
  listing: TableListing;
  /** Milliseconds from start until the table settled. */
  ms: number;
  /** SIGTERM, wait for the exit (SIGKILL after 10 s); returns keepalived's log. */
  stop(): Promise<string>;
}

export async function startKeepalivedChecker(confPath: string): Promise<RunningKeepalived> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-ka-'));
  const logPath = join(dir, 'keepalived.log');
  const fd = openSync(logPath, 'w');
  const before = JSON.stringify(listing().save);
  const t0 = Date.now();
  const child = spawn('keepalived', ['-n', '-l', '-D', '-C', '-f', confPath, '-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid'), '-c', join(dir, 'c.pid')],
    { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid as number;
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const stop = async (): Promise<string> => {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    const log = readFileSync(logPath, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    return log;
  };
  try {
    const l = await settledListing(() => existsSync(join(dir, 'c.pid')), before, 20_000);
    return { listing: l, ms: Date.now() - t0, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
