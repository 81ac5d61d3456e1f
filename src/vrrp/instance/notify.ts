// Notifications for one instance, in keepalived's order (vrrp_notify.c send_instance_notifies): the
// state-specific script, the generic `notify` script with "INSTANCE NAME STATE PRIORITY" appended, the FIFO line
// (`INSTANCE "VI_1" MASTER 100\n`, name in double quotes), then DBus / SNMP / SMTP.
import type { Action, NotifyEvent, NotifyScript, NotifyState } from './actions';

const STATE_SCRIPT: Readonly<Record<NotifyState, NotifyScript>> = {
  MASTER: 'notify_master',
  BACKUP: 'notify_backup',
  FAULT: 'notify_fault',
  STOP: 'notify_stop',
  DELETED: 'notify_deleted',
};

export function fifoLine(name: string, what: NotifyState | NotifyEvent, priority: number): string {
  return `INSTANCE "${name}" ${what} ${priority}\n`;
}

/** Appends the four notification steps for a state change. */
export function pushStateNotifies(out: Action[], name: string, state: NotifyState, priority: number): void {
  out.push(
    { kind: 'runNotify', step: 'script', script: STATE_SCRIPT[state] },
    { kind: 'runNotify', step: 'generic', args: ['INSTANCE', name, state, String(priority)] },
    { kind: 'runNotify', step: 'fifo', line: fifoLine(name, state, priority) },
    { kind: 'runNotify', step: 'alerts', state, priority },
  );
}

/** notify_master_rx_lower_pri script, then the FIFO event line (send_event_notify). */
export function pushLowerPriorityEvent(out: Action[], name: string, priority: number): void {
  out.push(
    { kind: 'runNotify', step: 'script', script: 'notify_master_rx_lower_pri' },
    { kind: 'runNotify', step: 'fifo', line: fifoLine(name, 'MASTER_RX_LOWER_PRI', priority) },
  );
}
