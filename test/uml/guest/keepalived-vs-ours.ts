// Guest (inside UML): for each configuration, runs the real keepalived's checker process on it, records the IPVS
// table once it has settled (`ipvsadm -Sn`, and the thresholds), stops keepalived and clears the table; then
// programs our desired table for the same configuration through the reconciler and records the same listings.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { reconcileIpvs } from '../../../src/ipvs/reconcile';
import type { IpvsTimeouts, TableService } from '../../../src/ipvs/types';
import { guestMain, ipvsadm, sleep } from './guest-main';

export interface CompareCase {
  name: string;
  confPath: string;
  desired: TableService[];
  /** Our lvs_timeouts for the configuration, if any. */
  timeouts: IpvsTimeouts | undefined;
}

export interface TableListing {
  save: string[];
  /** `service line | destination line` of `ipvsadm -Ln --thresholds`, sorted. */
  thresholds: string[];
  /** `ipvsadm -Ln --timeout`. */
  timeouts: string[];
}

export interface CompareResult {
  name: string;
  keepalived: TableListing;
  ours: TableListing;
  oursFailed: string[];
  keepalivedLog: string;
  keepalivedMs: number;
}

function listing(): TableListing {
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

/** Polls until the table has stayed the same (and non-empty, unless `deadline` passes) for a while. */
async function settledListing(ready: () => boolean, deadlineMs: number): Promise<TableListing> {
  const end = Date.now() + deadlineMs;
  let last = '';
  let same = 0;
  for (;;) {
    const l = listing();
    const k = JSON.stringify(l);
    same = k === last && ready() ? same + 1 : 0;
    last = k;
    if ((same >= 2 && l.save.length > 0) || Date.now() > end) return l;
    await sleep(150);
  }
}

async function runKeepalived(c: CompareCase): Promise<{ listing: TableListing; log: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-ka-'));
  const logPath = join(dir, 'keepalived.log');
  const fd = openSync(logPath, 'w');
  const t0 = Date.now();
  const child = spawn('keepalived', ['-n', '-l', '-D', '-C', '-f', c.confPath, '-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid'), '-c', join(dir, 'c.pid')],
    { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid as number;
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  try {
    const l = await settledListing(() => existsSync(join(dir, 'c.pid')), 20_000);
    return { listing: l, log: readFileSync(logPath, 'utf8'), ms: Date.now() - t0 };
  } finally {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

guestMain<CompareCase[], CompareResult[]>(async (cases) => {
  const client = await openIpvsClient();
  const out: CompareResult[] = [];
  const initialTimeouts = await client.getTimeouts();
  for (const c of cases) {
    await client.flush();
    await client.setTimeouts(initialTimeouts);
    const ka = await runKeepalived(c);
    await client.flush();
    await client.setTimeouts(initialTimeouts);
    if (c.timeouts) await client.setTimeouts(c.timeouts);
    const r = await reconcileIpvs(client, c.desired);
    const ours = listing();
    out.push({ name: c.name, keepalived: ka.listing, ours, oursFailed: r.failed.map((f) => f.error.message), keepalivedLog: ka.log, keepalivedMs: ka.ms });
  }
  await client.flush();
  client.close();
  return out;
});
