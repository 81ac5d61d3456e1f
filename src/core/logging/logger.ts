// The logger every process uses: one call per message, fanned out to the sinks (console with -l, syslog unless
// -G). keepalived logs almost everything at LOG_INFO; -D (log_detail) enables the "detail" messages and -D -D the
// "extra detail" ones, which are still LOG_INFO when they are shown.
import type { LogSink } from './sink';
import { LOG_ALERT, LOG_DEBUG, LOG_ERR, LOG_INFO, LOG_NOTICE, LOG_WARNING, type Severity } from './syslog-codes';

export interface LoggerOptions {
  sinks: LogSink[];
  /** Number of -D flags (0, 1 or 2). */
  detail?: number;
  /** The clock for time stamps (tests pass a fixed one). */
  now?: () => Date;
}

export class Logger {
  readonly sinks: LogSink[];
  detailLevel: number;
  private readonly now: () => Date;

  constructor(options: LoggerOptions) {
    this.sinks = options.sinks;
    this.detailLevel = options.detail ?? 0;
    this.now = options.now ?? (() => new Date());
  }

  log(severity: Severity, message: string): void {
    const at = this.now();
    for (const sink of this.sinks) sink.write(severity, message, at);
  }

  /** Several messages with one time stamp (keepalived's multi-line messages, e.g. the command line). */
  logLines(severity: Severity, messages: readonly string[]): void {
    const at = this.now();
    for (const m of messages) for (const sink of this.sinks) sink.write(severity, m, at);
  }

  info(message: string): void {
    this.log(LOG_INFO, message);
  }

  notice(message: string): void {
    this.log(LOG_NOTICE, message);
  }

  warning(message: string): void {
    this.log(LOG_WARNING, message);
  }

  error(message: string): void {
    this.log(LOG_ERR, message);
  }

  alert(message: string): void {
    this.log(LOG_ALERT, message);
  }

  debug(message: string): void {
    this.log(LOG_DEBUG, message);
  }

  /** Shown only with -D. */
  detail(message: string): void {
    if (this.detailLevel >= 1) this.log(LOG_INFO, message);
  }

  /** Shown only with -D -D. */
  extraDetail(message: string): void {
    if (this.detailLevel >= 2) this.log(LOG_INFO, message);
  }

  close(): void {
    for (const sink of this.sinks) sink.close?.();
  }
}
