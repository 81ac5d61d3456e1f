// Guest (inside UML): for each configuration, with a foreign service already in the kernel, records the table
// while keepalived's checker runs and after it has stopped; then the same with our startIpvs / stopIpvs.
import type { KeepalivedConfig } from '../../../src/config/model/keepalived-config';
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { startIpvs, stopIpvs } from '../../../src/ipvs/lifecycle';
import { guestMain, sh } from './guest-main';
import { listing, startKeepalivedChecker, type TableListing } from './keepalived-checker';

export interface LifecycleCase {
  name: string;
  confPath: string;
  config: Pick<KeepalivedConfig, 'virtualServers' | 'virtualServerGroups' | 'globalDefs'>;
}

export interface Phases {
  running: TableListing;
  stopped: TableListing;
}

export interface LifecycleResult {
  name: string;
  keepalived: Phases;
  ours: Phases;
  failed: string[];
}

const FOREIGN = [['-A', '-t', '10.99.0.1:80', '-s', 'rr'], ['-a', '-t', '10.99.0.1:80', '-r', '10.99.0.2:80', '-g', '-w', '7']];

guestMain<LifecycleCase[], LifecycleResult[]>(async (cases) => {
  const client = await openIpvsClient();
  const initial = await client.getTimeouts();
  const reset = async (): Promise<void> => {
    await client.flush();
    await client.setTimeouts(initial);
    for (const args of FOREIGN) sh('ipvsadm', args);
  };
  const out: LifecycleResult[] = [];
  for (const c of cases) {
    await reset();
    const ka = await startKeepalivedChecker(c.confPath);
    await ka.stop();
    const keepalived = { running: ka.listing, stopped: listing() };
    await reset();
    const { session, result } = await startIpvs(client, c.config);
    const running = listing();
    const stopResult = await stopIpvs(client, c.config, session);
    const failed = [...result.failed, ...(stopResult?.failed ?? [])].map((f) => f.error.message);
    out.push({ name: c.name, keepalived, ours: { running, stopped: listing() }, failed });
  }
  await client.flush();
  client.close();
  return out;
});
