// Guest (inside UML): for each start state, empties the table, programs the state with the client and a foreign
// service with ipvsadm, reconciles to the desired table, and records the listing, the operations it took and
// what a second plan would still do. The reference listing is the desired table added to an empty kernel.
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import { planIpvs, reconcileIpvs } from '../../../src/ipvs/reconcile';
import type { IpvsClient, TableService } from '../../../src/ipvs/types';
import type { StartState } from '../ipvs-states';
import { guestMain, ipvsadm, sh } from './guest-main';

export interface ReconcileInput {
  desired: TableService[];
  states: StartState[];
  /** ipvsadm argument lists that create services we do not own. */
  foreign: string[][];
}

export interface StateResult {
  name: string;
  listing: string[];
  opCount: number;
  failed: string[];
  secondPlan: number;
}

export interface ReconcileOutput {
  reference: string[];
  foreignOnly: string[];
  results: StateResult[];
}

async function setState(c: IpvsClient, table: TableService[], foreign: string[][]): Promise<void> {
  await c.flush();
  for (const args of foreign) sh('ipvsadm', args);
  for (const t of table) {
    await c.addService(t.service);
    for (const d of t.dests) await c.addDest(t.service, d);
  }
}

guestMain<ReconcileInput, ReconcileOutput>(async (input) => {
  const c = await openIpvsClient();
  await setState(c, [], input.foreign);
  const foreignOnly = ipvsadm('-Sn').sort();
  await setState(c, input.desired, input.foreign);
  const reference = ipvsadm('-Sn').sort();
  const results: StateResult[] = [];
  for (const s of input.states) {
    await setState(c, s.table, input.foreign);
    const r = await reconcileIpvs(c, input.desired, s.owned);
    const second = planIpvs(input.desired, await c.readTable(), s.owned);
    results.push({ name: s.name, listing: ipvsadm('-Sn').sort(), opCount: r.planned.length, failed: r.failed.map((f) => f.error.message), secondPlan: second.length });
  }
  await c.flush();
  c.close();
  return { reference, foreignOnly, results };
});
