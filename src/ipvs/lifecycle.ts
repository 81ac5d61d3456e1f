// What keepalived's checker process does to IPVS when it starts and stops, on top of the reconciler:
// - start: lvs_flush empties the whole table first; lvs_timeouts are set (the kernel's values are kept to put
//   back); the desired table is programmed. Services that already existed are taken over (keepalived's add gets
//   EEXIST and carries on with them), so they count as ours from then on.
// - stop: lvs_flush_on_stop full empties the whole table (foreign services too); otherwise only our services go.
//   Timeouts changed at start are put back.
import type { KeepalivedConfig } from '../config/model/keepalived-config';
import { serviceId } from './describe';
import { desiredTable, desiredTimeouts, startupHealth, type RealServerHealth } from './desired-table';
import { reconcileIpvs, type ApplyResult, type IpvsOp } from './reconcile';
import type { IpvsClient, IpvsTimeouts } from './types';

type IpvsConfig = Pick<KeepalivedConfig, 'virtualServers' | 'virtualServerGroups' | 'globalDefs'>;

export interface IpvsSession {
  /** Ids (describe.ts serviceId) of the services we programmed. */
  owned: Set<string>;
  /** The kernel's timeouts before we changed them; undefined when we did not. */
  originalTimeouts: IpvsTimeouts | undefined;
}

export type ReconcileResult = ApplyResult & { planned: IpvsOp[] };

export async function startIpvs(client: IpvsClient, config: IpvsConfig, health: RealServerHealth = startupHealth): Promise<{ session: IpvsSession; result: ReconcileResult }> {
  if (config.globalDefs.lvsFlush) await client.flush();
  const timeouts = desiredTimeouts(config);
  let originalTimeouts: IpvsTimeouts | undefined;
  if (timeouts) {
    originalTimeouts = await client.getTimeouts();
    await client.setTimeouts(timeouts);
  }
  const desired = desiredTable(config, health);
  const result = await reconcileIpvs(client, desired);
  return { session: { owned: new Set(desired.map((t) => serviceId(t.service))), originalTimeouts }, result };
}

export async function stopIpvs(client: IpvsClient, config: IpvsConfig, session: IpvsSession): Promise<ReconcileResult | undefined> {
  let result: ReconcileResult | undefined;
  if (config.globalDefs.lvsFlushOnStop === 'full') await client.flush();
  else result = await reconcileIpvs(client, [], session.owned);
  if (session.originalTimeouts) await client.setTimeouts(session.originalTimeouts);
  return result;
}
