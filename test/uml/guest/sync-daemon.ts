// Guest (inside UML): runs the real keepalived's VRRP process on each configuration and records the distinct
// sync daemon listings (`ipvsadm -Ln --daemon`) as its instance goes from BACKUP to MASTER; then drives our
// switchSyncDaemon through the same two states and records the listings after each.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LvsSyncDaemon } from '../../../src/config/model/global-defs';
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { switchSyncDaemon } from '../../../src/ipvs/sync-daemon';
import { guestMain, ipvsadm, sleep } from './guest-main';

export interface SyncCase {
  name: string;
  confPath: string;
  lvs: LvsSyncDaemon;
  vrid: number | undefined;
}

export interface SyncResult {
  name: string;
  /** Distinct non-empty listings in the order keepalived produced them. */
  keepalived: string[][];
  ours: string[][];
  keepalivedLog: string;
}

const daemons = (): string[] => ipvsadm('-Ln', '--daemon').map((l) => l.trim());

async function runKeepalived(c: SyncCase): Promise<{ seen: string[][]; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-syncd-'));
  const logPath = join(dir, 'keepalived.log');
  const fd = openSync(logPath, 'w');
  const child = spawn('keepalived', ['-n', '-l', '-D', '-P', '-f', c.confPath, '-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid'), '-c', join(dir, 'c.pid')],
    { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const seen: string[][] = [];
  try {
    const end = Date.now() + 25_000;
    while (Date.now() < end) {
      const l = daemons();
      if (l.length && JSON.stringify(l) !== JSON.stringify(seen[seen.length - 1])) seen.push(l);
      if (l.some((x) => x.startsWith('master'))) break;
      await sleep(100);
    }
    return { seen, log: readFileSync(logPath, 'utf8') };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

guestMain<SyncCase[], SyncResult[]>(async (cases) => {
  const client = await openIpvsClient();
  const out: SyncResult[] = [];
  for (const c of cases) {
    const ka = await runKeepalived(c);
    // keepalived stops its daemons on exit; make sure, then run ours through BACKUP → MASTER.
    for (const d of await client.listSyncDaemons()) await client.stopSyncDaemon(d.state);
    const ours: string[][] = [];
    await switchSyncDaemon(client, c.lvs, 'backup', c.vrid);
    ours.push(daemons());
    await sleep(300); // the kernel answers a stop issued right after the start only after many seconds
    await switchSyncDaemon(client, c.lvs, 'master', c.vrid);
    ours.push(daemons());
    await sleep(300);
    for (const d of await client.listSyncDaemons()) await client.stopSyncDaemon(d.state);
    out.push({ name: c.name, keepalived: ka.seen, ours, keepalivedLog: ka.log });
  }
  client.close();
  return out;
});
