// Syslog output: glibc's datagram format (openlog(ident, LOG_PID, facility)) sent on the addon's non-blocking unix
// datagram socket. Like glibc it connects lazily and reconnects once when a send fails (the syslog daemon was
// restarted); unlike glibc it never blocks: when the daemon's queue is full the message is dropped and counted.
// While no daemon listens, connection attempts are made at most once a second.
import { constants } from 'node:os';
import { DEFAULT_SYSLOG_PATH, syslogClose, syslogOpen, syslogSend } from '../../net/addon/syslog-socket';
import { syslogDatagram } from './line-format';
import type { LogSink } from './sink';
import type { Severity } from './syslog-codes';

/** The socket operations the sink needs; the default is the addon's, tests pass their own. */
export interface SyslogTransport {
  open(path: string): number;
  send(datagram: Uint8Array): number;
  close(): void;
}

export const addonSyslogTransport: SyslogTransport = { open: syslogOpen, send: syslogSend, close: syslogClose };

export interface SyslogSinkOptions {
  ident: string;
  facility: number;
  path?: string;
  transport?: SyslogTransport;
}

const RETRY_MS = 1000;

export class SyslogSink implements LogSink {
  ident: string;
  facility: number;
  /** Messages that could not be delivered. */
  dropped = 0;
  private readonly path: string;
  private readonly transport: SyslogTransport;
  private connected = false;
  private lastAttempt = -Infinity;

  constructor(options: SyslogSinkOptions) {
    this.ident = options.ident;
    this.facility = options.facility;
    this.path = options.path ?? DEFAULT_SYSLOG_PATH;
    this.transport = options.transport ?? addonSyslogTransport;
  }

  write(severity: Severity, message: string, at: Date): void {
    const datagram = Buffer.from(syslogDatagram(this.facility | severity, at, this.ident, process.pid, message));
    if (!this.connected && !this.connect(false)) {
      this.dropped++;
      return;
    }
    let r = this.transport.send(datagram);
    if (r < 0 && r !== -constants.errno.EAGAIN && this.connect(true)) r = this.transport.send(datagram);
    if (r < 0) this.dropped++;
  }

  close(): void {
    this.transport.close();
    this.connected = false;
  }

  private connect(now: boolean): boolean {
    const t = performance.now();
    if (!now && t - this.lastAttempt < RETRY_MS) return false;
    this.lastAttempt = t;
    this.connected = this.transport.open(this.path) === 0;
    return this.connected;
  }
}
