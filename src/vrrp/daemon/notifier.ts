// The runNotify actions of an instance, and the notifications of a sync group, carried out as keepalived does
// (reference §4.10): the state's own script (notify_master, notify_backup, notify_fault, notify_stop,
// notify_deleted, notify_master_rx_lower_pri) with only its configured words, then the generic `notify` script with
// INSTANCE NAME STATE PRIORITY (GROUP NAME STATE 0) appended, then the line for notify_fifo / vrrp_notify_fifo,
// then the SMTP alert. Scripts start and are not waited for; the STOP ones are remembered so shutdown can give
// them keepalived's one second.
import type { ScriptRef } from '../../config/model/script';
import type { VrrpInstance as VrrpInstanceConfig, VrrpSyncGroup } from '../../config/model/vrrp';
import type { NotifyFifos } from '../../core/notify-fifo';
import type { ScriptHandle, ScriptRunner } from '../../core/process/script-runner';
import type { Action, NotifyScript } from '../instance/actions';
import type { GroupNotifyState, GroupStep } from '../sync-group';
import type { VrrpAlerts } from './vrrp-alerts';

type GroupNotify = Extract<GroupStep, { kind: 'notify' }>;

type NotifyAction = Extract<Action, { kind: 'runNotify' }>;

/** keepalived runs the STOP notifications synchronously with a one-second limit. */
export const STOP_SCRIPT_LIMIT_MS = 1000;

function stateScript(c: VrrpInstanceConfig, which: NotifyScript): ScriptRef | undefined {
  switch (which) {
    case 'notify_master': return c.notifyMaster;
    case 'notify_backup': return c.notifyBackup;
    case 'notify_fault': return c.notifyFault;
    case 'notify_stop': return c.notifyStop;
    case 'notify_deleted': return c.notifyDeleted?.script;
    case 'notify_master_rx_lower_pri': return c.notifyMasterRxLowerPri;
  }
}

function groupScript(c: VrrpSyncGroup, state: GroupNotifyState): ScriptRef | undefined {
  switch (state) {
    case 'MASTER': return c.notifyMaster;
    case 'BACKUP': return c.notifyBackup;
    case 'FAULT': return c.notifyFault;
    case 'STOP': return c.notifyStop;
  }
}

export class Notifier {
  private readonly stopping: ScriptHandle[] = [];

  constructor(
    private readonly runner: ScriptRunner,
    private readonly fifos?: NotifyFifos,
    private readonly alerts?: VrrpAlerts,
  ) {}

  run(config: VrrpInstanceConfig, a: NotifyAction): void {
    if (a.step === 'script') {
      const s = stateScript(config, a.script);
      if (s) this.start(s, [], a.script === 'notify_stop');
    } else if (a.step === 'generic') {
      if (config.notify) this.start(config.notify, a.args, a.args[2] === 'STOP');
    } else if (a.step === 'fifo') {
      this.fifos?.write(a.line);
    } else {
      // DBus and SNMP are not built; the SMTP alert is.
      this.alerts?.instance(config.name, config.smtpAlert, a.state);
    }
  }

  /** A sync group's notification step (send_group_notifies); group scripts are not waited for, STOP ones neither. */
  runGroup(config: VrrpSyncGroup, a: GroupNotify): void {
    if (a.step === 'script') {
      const s = groupScript(config, a.state);
      if (s) this.start(s, [], false);
    } else if (a.step === 'generic') {
      if (config.notify) this.start(config.notify, a.args, false);
    } else if (a.step === 'fifo') {
      this.fifos?.write(a.line);
    } else {
      this.alerts?.group(config.name, config.smtpAlert, a.state);
    }
  }

  private start(script: ScriptRef, extra: readonly string[], stop: boolean): void {
    // keepalived skips a script that script security rejected.
    if (script.runnable === false || script.args.length === 0) return;
    const handle = this.runner.run({ ...script, args: [...script.args, ...extra] });
    if (stop) this.stopping.push(handle);
  }

  /** Resolves when every STOP script has exited or had its second. */
  async stopScriptsDone(): Promise<void> {
    await Promise.all(this.stopping.map((h) => h.wait(STOP_SCRIPT_LIMIT_MS)));
  }
}
