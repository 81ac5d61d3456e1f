// The netlink layer (principle 3): one command channel for requests and one monitor channel for notifications,
// each with a real backend on the `netlink` package and an in-memory fake for unit tests; and the VIP reconciler
// (a pure planner and a thin executor). Files:
// - types.ts                  records and the NetlinkCommands / NetlinkMonitor interfaces
// - errors.ts                 NetlinkError (errno name, number, operation) from whatever the package throws
// - address-attrs.ts          keepalived's RTM_NEWADDR/RTM_DELADDR attributes; brd +/-; preferred_lft defaults
// - route-attrs.ts, rule-attrs.ts   RTM_*ROUTE / RTM_*RULE payloads with iproute2's defaults
// - parse-messages.ts         package messages → LinkInfo / KernelAddress / KernelRoute / KernelRule
// - command-channel.ts        the request socket; request-gate.ts keeps its dumps apart
// - link-events.ts            RTM_NEWLINK/DELLINK → added/up/down/changed/removed
// - monitor-channel.ts        the notification socket
// - fake-netlink.ts           the in-memory kernel behind both interfaces
// - reconcile-addresses.ts    planAddresses(): desired vs kernel → removals and additions of owned addresses
// - in-flight.ts, apply-address-plan.ts   pipelined execution with per-address failures
export * from './types';
export { NetlinkError, errnoName, errnoNumber, toNetlinkError } from './errors';
export type { NetlinkErrorCode } from './errors';
export {
  addAddressRequest, computeBroadcast, deleteAddressRequest, describeAddress, effectiveNodad, effectivePreferredLft,
} from './address-attrs';
export { defaultRouteScope, describeRoute, routeRequest } from './route-attrs';
export { describeRule, ruleRequest } from './rule-attrs';
export { canonicalIp, familyOf } from './ip-text';
export { createCommandChannel } from './command-channel';
export type { CommandChannelOptions } from './command-channel';
export { ALL_MONITOR_GROUPS, createMonitorChannel } from './monitor-channel';
export type { MonitorChannelOptions, MonitorGroup } from './monitor-channel';
export { FakeNetlink } from './fake-netlink';
export type { FakeCall, FakeOperation } from './fake-netlink';
export { addressKey, addressMatches, planAddresses, planIsEmpty } from './reconcile-addresses';
export type { AddressIdentity, AddressPlan } from './reconcile-addresses';
export { applyAddressPlan, reconcileAddresses } from './apply-address-plan';
export type { AddressFailure, ApplyOptions, ApplyResult } from './apply-address-plan';
