// What a sync group asks the daemon to do, in keepalived's order: a member's own actions (the group moved it),
// a log line, and the group's notifications (send_group_notifies: the state's script, the generic `notify`
// script with GROUP NAME STATE 0 appended, the FIFO line, then the SMTP alert).
import type { Action, InstanceState } from '../instance/actions';
import type { VrrpInstance } from '../instance/instance';

/** The states a group notification reports. */
export type GroupNotifyState = 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP';

export type GroupStep =
  | { readonly kind: 'member'; readonly member: VrrpInstance; readonly actions: readonly Action[] }
  | { readonly kind: 'log'; readonly line: string }
  | { readonly kind: 'notify'; readonly step: 'script'; readonly state: GroupNotifyState }
  | { readonly kind: 'notify'; readonly step: 'generic'; readonly args: readonly [string, string, string, string] }
  | { readonly kind: 'notify'; readonly step: 'fifo'; readonly line: string }
  | { readonly kind: 'notify'; readonly step: 'alerts'; readonly state: GroupNotifyState };

/** `GROUP "G1" MASTER 0` — a group reports priority 0 (vrrp_notify.c notify_group_fifo). */
export function groupFifoLine(name: string, state: GroupNotifyState): string {
  return `GROUP "${name}" ${state} 0\n`;
}

export function groupNotifies(name: string, state: InstanceState): GroupStep[] {
  if (state === 'INIT') return [];
  return [
    { kind: 'notify', step: 'script', state },
    { kind: 'notify', step: 'generic', args: ['GROUP', name, state, '0'] },
    { kind: 'notify', step: 'fifo', line: groupFifoLine(name, state) },
    { kind: 'notify', step: 'alerts', state },
  ];
}
