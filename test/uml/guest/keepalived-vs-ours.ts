// Guest (inside UML): for each configuration, runs the real keepalived's checker process on it, records the IPVS
// table once it has settled (`ipvsadm -Sn`, and the thresholds), stops keepalived and clears the table; then
// programs our desired table for the same configuration through the reconciler and records the same listings.
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { reconcileIpvs } from '../../../src/ipvs/reconcile';
import type { IpvsTimeouts, TableService } from '../../../src/ipvs/types';
import { guestMain } from './guest-main';
import { listing, startKeepalivedChecker, type TableListing } from './keepalived-checker';

export type { TableListing };

export interface CompareCase {
  name: string;
  confPath: string;
  desired: TableService[];
  /** Our lvs_timeouts for the configuration, if any. */
  timeouts: IpvsTimeouts | undefined;
}

export interface CompareResult {
  name: string;
  keepalived: TableListing;
  ours: TableListing;
  oursFailed: string[];
  keepalivedLog: string;
  keepalivedMs: number;
}

guestMain<CompareCase[], CompareResult[]>(async (cases) => {
  const client = await openIpvsClient();
  const out: CompareResult[] = [];
  const initialTimeouts = await client.getTimeouts();
  for (const c of cases) {
    await client.flush();
    await client.setTimeouts(initialTimeouts);
    const running = await startKeepalivedChecker(c.confPath);
    const ka = { listing: running.listing, ms: running.ms, log: await running.stop() };
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
