// Guest (inside UML): real servers going down and coming back at run time. keepalived's MISC_CHECKs test for a
// file per real server; each phase creates or removes files and records keepalived's table once it has changed
// and settled. Then, without keepalived, our desired table for the same up/down states is reconciled phase by
// phase and recorded.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type { KeepalivedConfig } from '../../../src/config/model/keepalived-config';
import { desiredTable } from '../../../src/ipvs/desired-table';
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { reconcileIpvs } from '../../../src/ipvs/reconcile';
import { serviceId } from '../../../src/ipvs/describe';
import { guestMain, ipvsadm, sleep } from './guest-main';
import { startKeepalivedChecker } from './keepalived-checker';

export interface HealthInput {
  confPath: string;
  config: Pick<KeepalivedConfig, 'virtualServers' | 'virtualServerGroups'>;
  /** Real server address → the file whose existence makes it up. */
  files: Record<string, string>;
  /** Per phase, the real servers that are up. */
  phases: string[][];
}

export interface HealthOutput {
  keepalived: string[][];
  ours: string[][];
  failed: string[];
  log: string;
}

function setUp(files: Record<string, string>, up: string[]): void {
  for (const [addr, file] of Object.entries(files)) {
    if (up.includes(addr)) writeFileSync(file, '');
    else rmSync(file, { force: true });
  }
}

/** Waits for the table to differ from `before` and then stay the same for about a second. */
async function nextTable(before: string[], deadlineMs: number): Promise<string[]> {
  const end = Date.now() + deadlineMs;
  let last = JSON.stringify(before);
  let same = 0;
  let changed = false;
  for (;;) {
    const l = ipvsadm('-Sn').sort();
    const k = JSON.stringify(l);
    if (k !== JSON.stringify(before)) changed = true;
    same = k === last ? same + 1 : 0;
    last = k;
    if ((changed && same >= 4) || Date.now() > end) return l;
    await sleep(200);
  }
}

guestMain<HealthInput, HealthOutput>(async (input) => {
  const client = await openIpvsClient();
  await client.flush();
  setUp(input.files, input.phases[0]);
  const ka = await startKeepalivedChecker(input.confPath);
  const keepalived: string[][] = [ka.listing.save];
  for (const up of input.phases.slice(1)) {
    setUp(input.files, up);
    keepalived.push(await nextTable(keepalived[keepalived.length - 1], 20_000));
  }
  const log = await ka.stop();
  await client.flush();

  const ours: string[][] = [];
  const failed: string[] = [];
  let owned: string[] = [];
  for (const up of input.phases) {
    setUp(input.files, up);
    const desired = desiredTable(input.config, (_vs, rs) => existsSync(input.files[rs.address] ?? '/nonexistent'));
    const r = await reconcileIpvs(client, desired, owned);
    owned = desired.map((t) => serviceId(t.service));
    failed.push(...r.failed.map((f) => f.error.message));
    ours.push(ipvsadm('-Sn').sort());
  }
  await client.flush();
  client.close();
  return { keepalived, ours, failed, log };
});
