// The SMTP alerts of the VRRP process (vrrp_notify.c vrrp_smtp_notifier / vrrp_sync_smtp_notifier): an instance
// or sync group with smtp_alert mails each new state once (not twice in a row), FAULT only without
// no_email_faults, and only when notification_email and smtp_server are set. A STOP mail is never delivered:
// keepalived 2.2.7 opens its connection while it exits and is gone before the server's greeting (measured: the
// server sees a connection without a command); ours opens and closes the connection the same way.
import type { GlobalDefs } from '../../config/model/global-defs';
import type { Logger } from '../../core/logging/logger';
import { AlertMailer, type AlertSenderFactory } from '../../core/smtp';

type MailState = 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | 'DELETED';

const INSTANCE_TEXT: Readonly<Record<MailState, [string, string]>> = {
  MASTER: ['Entering MASTER state', '=> VRRP Instance is now owning VRRP VIPs <='],
  BACKUP: ['Entering BACKUP state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
  FAULT: ['Entering FAULT state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
  STOP: ['Stopping', '=> VRRP Instance stopping <='],
  DELETED: ['Deleted', '=> VRRP Deleted at reload <='],
};

const GROUP_TEXT: Readonly<Record<Exclude<MailState, 'DELETED'>, [string, string]>> = {
  MASTER: ['Entering MASTER state', '=> All VRRP group instances are now in MASTER state <='],
  BACKUP: ['Entering BACKUP state', '=> All VRRP group instances are now in BACKUP state <='],
  FAULT: ['Entering FAULT state', '=> All VRRP group instances are now in FAULT state <='],
  STOP: ['Stopping', '=> All VRRP group instances are now stopping <='],
};

export class VrrpAlerts {
  private readonly mailer: AlertMailer;
  private g: GlobalDefs | undefined;
  /** last_email_state per instance and per group. */
  private readonly lastInstance = new Map<string, MailState>();
  private readonly lastGroup = new Map<string, MailState>();

  constructor(log: Logger, makeClient?: AlertSenderFactory) {
    this.mailer = new AlertMailer(log, makeClient);
  }

  /** Takes the mail settings of a (re)loaded configuration. */
  configure(g: GlobalDefs): void {
    this.g = g;
    this.mailer.configure(g);
  }

  instance(name: string, enabled: boolean, state: MailState): void {
    if (!this.wanted(enabled, state, this.lastInstance.get(name))) return;
    this.lastInstance.set(name, state);
    const [subject, body] = INSTANCE_TEXT[state];
    this.mail(`VRRP Instance ${name} - ${subject}`, body, state === 'STOP');
  }

  group(name: string, enabled: boolean, state: Exclude<MailState, 'DELETED'>): void {
    if (!this.wanted(enabled, state, this.lastGroup.get(name))) return;
    this.lastGroup.set(name, state);
    const [subject, body] = GROUP_TEXT[state];
    this.mail(`VRRP Group ${name} - ${subject}`, body, state === 'STOP');
  }

  /** Ends every session still open. */
  close(): void {
    this.mailer.close();
  }

  /** Sessions still open (tests). */
  get pending(): number {
    return this.mailer.pending;
  }

  private wanted(enabled: boolean, state: MailState, last: MailState | undefined): boolean {
    if (!enabled || !this.mailer.active || !this.g) return false;
    if (this.g.noEmailFaults && state === 'FAULT') return false;
    return last !== state;
  }

  /** Resolves when the STOP connections have been opened and closed (shutdown waits for them, bounded by ms). */
  stopMailsDone(ms: number): Promise<void> {
    return this.mailer.stopMailsDone(ms);
  }

  private mail(subject: string, body: string, stop: boolean): void {
    this.mailer.send(`[${this.g?.routerId}] ${subject}`, body, stop);
  }
}
