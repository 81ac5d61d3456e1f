// A sink that keeps what was logged, for tests.
import type { LogSink } from './sink';
import type { Severity } from './syslog-codes';

export interface LoggedMessage {
  severity: Severity;
  message: string;
  at: Date;
}

export class MemorySink implements LogSink {
  readonly entries: LoggedMessage[] = [];

  write(severity: Severity, message: string, at: Date): void {
    this.entries.push({ severity, message, at });
  }

  /** The messages alone, in order. */
  messages(): string[] {
    return this.entries.map((e) => e.message);
  }
}
