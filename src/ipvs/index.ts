// IPVS: the generic-netlink client (one interface, a fake for unit tests), the reconciler from a desired table to
// the kernel's, and the table keepalived programs for a configuration.
export type * from './types';
export { openIpvsClient, type GenlIpvsOptions } from './genl-client';
export { FakeIpvs } from './fake-ipvs';
export { planIpvs, applyIpvsOps, reconcileIpvs, type IpvsOp, type ApplyResult } from './reconcile';
export { desiredTable, desiredTimeouts, startupHealth, expandRange, type RealServerHealth, type DesiredTableOptions } from './desired-table';
export { describeService, describeDest, serviceId, destId } from './describe';
export { SvcFlag } from './ip-vs-abi';
export { syncDaemonConfig, switchSyncDaemon } from './sync-daemon';
export { startIpvs, stopIpvs, type IpvsSession } from './lifecycle';
