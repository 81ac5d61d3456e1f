// The sans-IO VRRP instance: settings in, events in, actions out. See instance.ts for how a daemon drives it.
export * from './actions';
export * from './events';
export * from './settings';
export { VrrpInstance } from './instance';
export type { InstanceStats } from './stats';
export { compareAddresses } from './address-compare';
export { masterDownIntervalUs, minSkewTimeUs, skewTimeUs, US_PER_CENTISECOND, US_PER_SECOND } from './timers';
export { effectivePriority, OWNER_PRIORITY, summarizeTrackers, trackerEffect } from './priority';
