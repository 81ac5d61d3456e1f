// Sends a process's SMTP alerts (keepalived's smtp_alert()), for the VRRP process (src/vrrp/daemon/vrrp-alerts.ts
// decides which mails) and the checker process (LvsState decides and words them): only when notification_email and
// smtp_server are set, each mail on its own connection so a slow or dead SMTP server never holds anything up. A
// mail asked for while the process stops is never delivered: keepalived starts its connection as it exits and is
// gone before the server's greeting (measured: the server sees a connection without a command, or none when the
// exit wins the race); ours opens and closes the connection. After a reload, sessions under way finish with the
// settings they started with.
import type { GlobalDefs } from '../../config/model/global-defs';
import type { Logger } from '../logging/logger';
import { SmtpClient, type SmtpSettings } from './smtp-client';
import type { AlertMail } from './smtp-message';

/** What the alerts need of an SMTP client (SmtpClient; a recording fake in unit tests). */
export interface AlertSender {
  send(mail: AlertMail): Promise<void>;
  connectOnly(): Promise<void>;
  close(): void;
  readonly pending: number;
}

export type AlertSenderFactory = (settings: SmtpSettings, log: Logger) => AlertSender;

/** keepalived's default smtp_connect_timeout: 30 s. */
const DEFAULT_CONNECT_TIMEOUT_US = 30_000_000;

export class AlertMailer {
  private client: AlertSender | undefined;
  /** Clients of earlier configurations, whose sessions may still be under way. */
  private readonly retired: AlertSender[] = [];
  private g: GlobalDefs | undefined;
  private readonly stopping: Promise<void>[] = [];

  constructor(
    private readonly log: Logger,
    private readonly makeClient: AlertSenderFactory = (settings, log) => new SmtpClient(settings, log),
  ) {}

  /** Takes the mail settings of a (re)loaded configuration; sessions under way finish with the old ones. */
  configure(g: GlobalDefs): void {
    this.g = g;
    if (this.client) this.retired.push(this.client);
    this.client = undefined;
    if (g.smtpServer && g.notificationEmail.length > 0) {
      this.client = this.makeClient({
        host: g.smtpServer.host,
        port: g.smtpServer.port,
        heloName: g.smtpHeloName,
        connectTimeoutMs: Math.round((g.smtpConnectTimeoutUs ?? DEFAULT_CONNECT_TIMEOUT_US) / 1000),
      }, this.log);
    }
  }

  /** One alert; subject already carries the "[router_id] " prefix. stopping: asked for while the process stops. */
  send(subject: string, body: string, stopping: boolean): void {
    const client = this.client;
    const g = this.g;
    if (!client || !g) return;
    if (stopping) {
      this.stopping.push(client.connectOnly());
      return;
    }
    void client.send({ from: g.notificationEmailFrom ?? '', to: g.notificationEmail, subject, body });
  }

  /** Resolves when the stop-time connections have been opened and closed, or after ms. */
  async stopMailsDone(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.stopping), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Whether mails are sent (notification_email and smtp_server are set). */
  get active(): boolean {
    return this.client !== undefined;
  }

  /** Sessions still open (tests). */
  get pending(): number {
    return [this.client, ...this.retired].reduce((n, c) => n + (c?.pending ?? 0), 0);
  }

  /** Ends every session still open. */
  close(): void {
    for (const c of [this.client, ...this.retired]) c?.close();
    this.retired.length = 0;
  }
}
