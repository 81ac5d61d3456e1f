// keepalived 2.2.7's VRRP instance log lines, word for word (checked against the strings in the 2.2.7 binary and
// its console output). Lines marked "(-D)" are only logged with --log-detail.

export type EnteredState = 'MASTER' | 'BACKUP' | 'FAULT';

export const enteringState = (name: string, state: EnteredState): string => `(${name}) Entering ${state} STATE`;
/** Startup line; only BACKUP is ever logged this way in practice (see instance.start). */
export const enteringStateInit = (name: string, state: EnteredState): string =>
  `(${name}) Entering ${state} STATE (init)`;
/** Config-load line for an instance that starts faulted (after the per-cause line). */
export const enteringFaultAtLoad = (name: string): string => `(${name}) entering FAULT state`;
export const faultInterfaceDown = (name: string, ifname: string): string =>
  `(${name}): entering FAULT state (interface ${ifname} down)`;
export const faultScript = (name: string, script: string): string =>
  `(${name}): entering FAULT state due to script ${script}`;
export const faultFile = (name: string, file: string, status: number): string =>
  `(${name}): entering FAULT state (tracked file ${file} has status ${status})`;
export const faultProcess = (name: string, process: string): string =>
  `(${name}) entering FAULT state (tracked process ${process} quorum not achieved)`;

/** (-D) */
export const receiveTimeout = (name: string): string => `(${name}) Receive advertisement timeout`;
export const lowerPriorityDiscarding = (name: string, prio: number, from: string): string =>
  `(${name}) received lower priority (${prio}) advert from ${from} - discarding`;
export const masterHigherPriority = (name: string, from: string, prio: number, ours: number): string =>
  `(${name}) Master received advert from ${from} with higher priority ${prio}, ours ${ours}`;
export const masterSamePriorityHigherIp = (name: string, from: string, prio: number): string =>
  `(${name}) Master received advert from ${from} with same priority ${prio} but higher IP address than ours`;
export const lowerPriorityForcing = (name: string, from: string, prio: number, ours: number, forcing: boolean): string =>
  `(${name}) Received advert from ${from} with lower priority ${prio}, ours ${ours}${forcing ? ', forcing new election' : ''}`;
export const equalPriorityOurAddress = (name: string): string =>
  `(${name}) WARNING - equal priority advert received from remote host with our IP address.`;
export const bothOwners = (name: string): string =>
  `(${name}) CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority`;
/** (-D) */
export const backupPriorityZero = (name: string): string => `(${name}) Backup received priority 0 advertisement`;
/** (-D) */
export const masterPriorityZero = (name: string): string => `(${name}) Master received priority 0 message`;
/** (-D) */
export const sentZeroPriority = (name: string): string => `(${name}) sent 0 priority`;
export const changingPriority = (name: string, from: number, to: number): string =>
  `(${name}) Changing effective priority from ${from} to ${to}`;

/** (-D) a weighted track_file leaving FAULT sets the priority directly (track_file.c). */
export const settingPriority = (name: string, to: number): string => `(${name}) Setting effective priority to ${to}`;

/** (-D) "(VI_1) setting VIPs." / "(VI_1) removing E-VIPs." / "(VI_1) setting Virtual Routes" / "… Virtual Rules" */
export function addressChange(name: string, add: boolean, what: 'vips' | 'evips' | 'routes' | 'rules'): string {
  const verb = add ? 'setting' : 'removing';
  switch (what) {
    case 'vips': return `(${name}) ${verb} VIPs.`;
    case 'evips': return `(${name}) ${verb} E-VIPs.`;
    case 'routes': return `(${name}) ${verb} Virtual Routes`;
    case 'rules': return `(${name}) ${verb} Virtual Rules`;
  }
}
/** (-D) */
export const firewallChange = (name: string, add: boolean): string =>
  `(${name}) ${add ? 'setting' : 'removing'} firewall drop rule`;

/** (-D) "(VI_1) start preempt delay (5.000000)" */
export function startPreemptDelay(name: string, delayUs: number): string {
  const secs = Math.floor(delayUs / 1_000_000);
  const frac = String(delayUs % 1_000_000).padStart(6, '0');
  return `(${name}) start preempt delay (${secs}.${frac})`;
}
/** (-D) */
export const stopPreemptDelay = (name: string): string => `(${name}) stop preempt delay`;
/** (-D) v3 backup adopting the master's interval. */
export const intervalUpdatedByMaster = (name: string, fromUs: number, toUs: number): string =>
  `(${name}) advertisement interval updated from ${Math.floor(fromUs / 1000)}ms to ${Math.floor(toUs / 1000)}ms by master`;
/** (-D) v3 instance becoming master reverts to its own interval. */
export const intervalBackToLocal = (name: string, fromUs: number, toUs: number): string =>
  `(${name}) changing advert interval from ${Math.floor(fromUs / 1000)}ms to locally configured ${Math.floor(toUs / 1000)}ms`;

export const unexpectedAddressCount = (name: string, received: number, expected: number): string =>
  `(${name}) received an unexpected ip number count ${received}, expected ${expected}!`;
export const vipNotInAdvert = (name: string, vrid: number, vip: string): string =>
  `(${name}) ip address associated with VRID ${vrid} not present in MASTER advert: ${vip}`;

export const ahReplay = (name: string, seq: number, local: number): string =>
  `(${name}) IPSEC-AH : sequence number ${seq} already processed. Packet dropped. Local(${local})`;
export const ahResync = (name: string): string => `(${name}) IPSEC-AH : Syncing seq_num - Increment seq`;
