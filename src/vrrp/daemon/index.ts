// The VRRP daemon: the loop that wires the sans-IO instances (../instance) to PacketIO, netlink, the script runner
// and the logger, and the process around it. Files:
// - vrrp-daemon.ts        the loop: start, events, reload (SIGHUP), shutdown (SIGTERM), dumps
// - instance-plan.ts      configuration model → instance settings, endpoint spec, VIPs / routes / rules
// - instance-runtime.ts   one running instance (state machine, endpoint, timer slot, what it installed)
// - action-executor.ts    an instance's actions, carried out in order
// - kernel-writer.ts      add/remove through the netlink command channel; our own removals told from others'
// - advert-view.ts        PacketIO's RxAdvert → the state machine's ReceivedAdvert, without allocating
// - drop-log.ts           keepalived's lines for dropped adverts, once per kind
// - notifier.ts           notify_* and notify scripts
// - scheduler.ts, time-source.ts   one host timer over the wasm deadline heap; precise takeovers
// - loop-lag.ts           the daemon's measurement of its own event loop
// - warm-up.ts            runs the state machine once in virtual time at start-up, so the first takeover is fast
// - dump-files.ts         keepalived.data / keepalived.stats
// - link-table.ts         interfaces by name and index
// Scripts, track files and tracked processes come from ../trackers (TrackerSet, daemon.trackers: also the event
// source sync groups subscribe to).
// - vrrp-process.ts, vrrp-child-main.ts, signal-relay.ts   the VRRP process (forked by src/core/supervisor)
export { VrrpDaemon } from './vrrp-daemon';
export type { VrrpDaemonDeps, VrrpDaemonOptions } from './vrrp-daemon';
export { planInstance } from './instance-plan';
export type { InstancePlan } from './instance-plan';
export { Scheduler } from './scheduler';
export type { TimerSlot } from './scheduler';
export { ManualTime, MonotonicTime } from './time-source';
export type { TimeSource } from './time-source';
export { runVrrpProcess } from './vrrp-process';
export type { VrrpProcessOptions } from './vrrp-process';
